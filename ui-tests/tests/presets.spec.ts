/**
 * Launcher tiles: "ModelArts Notebook" opens the launch form, and each
 * administrator preset launches after a short confirmation.
 */
import { expect, test } from './fixtures';

test.describe('launcher', () => {
  // Start clean even after a test that could not clean up.
  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });

  test('a preset tile launches that preset after a confirmation', async ({
    page,
    modelarts
  }) => {
    test.setTimeout(300_000);
    const tile = page
      .locator('.jp-LauncherCard')
      .filter({ hasText: 'Small CPU' });
    await expect(tile).toBeVisible({ timeout: 60_000 });
    await expect(
      page.locator('.jp-Launcher-section').filter({ hasText: 'ModelArts' })
    ).toContainText('PyTorch on T4');
    await tile.click();

    await expect(modelarts.dialog).toContainText('Launch Small CPU?');
    await expect(modelarts.dialog).toContainText('small-cpu-1');
    await expect(modelarts.dialog).toContainText('modelarts.vm.cpu.2u');
    await expect(modelarts.dialog).toContainText('EVS 5 GB');
    await modelarts.dialogButton('Launch');

    await expect(modelarts.panel).toBeVisible();
    const row = modelarts.instanceRow('small-cpu-1');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('notebook2.0-mul-kernel-cpu-cp36');
    await modelarts.waitForStatus('small-cpu-1', 'RUNNING');
    await expect(row.locator('.jp-ModelArts-lease')).toContainText(
      /Stops in (1 h 59 min|2 h 00 min)/
    );
  });

  test('the ModelArts Notebook tile opens the launch form with the keyboard focus in it', async ({
    page,
    modelarts
  }) => {
    const tile = page
      .locator('.jp-LauncherCard')
      .filter({ hasText: 'ModelArts Notebook' });
    await tile.click();
    await expect(modelarts.panel).toBeVisible();
    await expect(
      modelarts.flavorGroup.getByRole('radio', { checked: true })
    ).toBeFocused({ timeout: 60_000 });
  });
});
