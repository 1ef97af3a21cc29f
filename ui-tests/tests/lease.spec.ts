/**
 * The automatic stop: the countdown in the row and the status bar runs on the
 * server's clock, and a warning with Extend comes before the instance stops.
 * The simulator's virtual clock is moved forward to get there.
 */
import { expect, test } from './fixtures';

test.describe('auto-stop', () => {
  // Start clean even after a test that could not clean up.
  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });

  test('the warning before the automatic stop extends the instance in one click', async ({
    modelarts
  }) => {
    test.setTimeout(300_000);
    await modelarts.open();
    const row = await modelarts.launch({
      flavor: 'modelarts.vm.cpu.2u',
      name: 'lease-nb',
      autoStop: 'After 1 h'
    });
    await modelarts.waitForStatus('lease-nb', 'RUNNING');
    await expect(modelarts.statusItem).toContainText('ModelArts: 1 running');
    await expect(modelarts.statusItem).toContainText(
      /lease-nb stops in (59|60) min|1 h 00 min/
    );

    // 50 minutes later on ModelArts' clock: 10 minutes left, inside the 15-minute warning.
    await modelarts.advanceClock(50 * 60_000);
    const warning = modelarts.toast(
      /lease-nb stops automatically in (9|10) min/
    );
    await expect(warning).toBeVisible({ timeout: 60_000 });
    await expect(row.locator('.jp-ModelArts-lease')).toContainText(
      /Stops in (9|10) min/
    );
    await expect(modelarts.statusItem).toContainText(
      /lease-nb stops in (9|10) min/
    );

    await warning.getByRole('button', { name: 'Extend' }).click();
    await expect(
      modelarts.toast(/lease-nb now runs until .* \(1 h 00 min from now\)/)
    ).toBeVisible();
    await expect(row.locator('.jp-ModelArts-lease')).toContainText(
      /Stops in (59 min|1 h 00 min)/
    );
    await expect(warning).toHaveCount(0);
  });

  test('an instance whose lease runs out stops by itself, and the panel shows it', async ({
    modelarts
  }) => {
    test.setTimeout(300_000);
    await modelarts.open();
    await modelarts.launch({
      flavor: 'modelarts.vm.cpu.2u',
      name: 'expiring-nb'
    });
    await modelarts.waitForStatus('expiring-nb', 'RUNNING');
    await modelarts.advanceClock(61 * 60_000);
    await modelarts.waitForStatus('expiring-nb', 'STOPPED');
    await expect(modelarts.statusItem).toBeHidden();
    const news = modelarts.toast(
      'expiring-nb stopped automatically: its auto-stop time was reached.'
    );
    await expect(news).toBeVisible();
    await news.getByRole('button', { name: 'Start' }).click();
    await expect(modelarts.instanceRow('expiring-nb')).toHaveAttribute(
      'data-status',
      /STARTING|RUNNING/
    );
  });

  test('the status bar item opens the panel', async ({ page, modelarts }) => {
    test.setTimeout(300_000);
    await modelarts.open();
    await modelarts.launch({
      flavor: 'modelarts.vm.cpu.2u',
      name: 'status-nb'
    });
    await modelarts.waitForStatus('status-nb', 'RUNNING');
    await page.sidebar.openTab('filebrowser');
    await expect(modelarts.panel).toBeHidden();
    await modelarts.statusItem.click();
    await expect(modelarts.panel).toBeVisible();
  });
});
