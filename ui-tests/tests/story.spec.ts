/**
 * The user's story, end to end against the simulator: launch, watch it come up
 * step by step, open its own JupyterLab, extend, stop, start, change its flavor,
 * delete it.
 */
import { expect, test } from './fixtures';
import { STATUS_TIMEOUT } from '../page-objects/ModelArtsPage';

test.describe('the whole story', () => {
  // Start clean even after a test that could not clean up.
  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });

  test('launch, progress, open, extend, stop, start, edit flavor, delete', async ({
    page,
    modelarts
  }) => {
    test.setTimeout(600_000);
    await modelarts.open();

    // Launch: the row shows at once, then the provisioning steps.
    const row = await modelarts.launch({
      flavor: 'modelarts.vm.cpu.2u',
      name: 'story-nb'
    });
    await expect(row.locator('.jp-ModelArts-steps')).toBeVisible({
      timeout: 60_000
    });
    await expect(row.locator('.jp-ModelArts-steps')).toContainText(
      /Storage.*Compute.*Network.*Initialisation/s
    );
    await modelarts.waitForStatus('story-nb', 'RUNNING');
    await expect(modelarts.toast('story-nb is running.')).toBeVisible();
    await expect(row.locator('.jp-ModelArts-lease')).toContainText(
      /Stops in (59|60) min|Stops in 1 h 00 min/
    );
    await expect(row).toContainText('modelarts.vm.cpu.2u');

    // Open: the instance's own JupyterLab loads in a new tab, signed in by its token.
    const requested: string[] = [];
    page.context().on('request', request => requested.push(request.url()));
    const popupPromise = page
      .context()
      .waitForEvent('page', { timeout: 60_000 });
    await modelarts.action('story-nb', 'Open').click();
    const popup = await popupPromise;
    await expect(popup.locator('#jp-main-dock-panel')).toBeVisible({
      timeout: STATUS_TIMEOUT
    });
    const first = requested
      .map(url => new URL(url))
      .find(url => url.searchParams.has('token'));
    expect(first?.hostname).toBe('127.0.0.1');
    expect(first?.pathname).toMatch(/^\/[0-9a-f-]{36}\/lab$/);
    const token = first?.searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThan(8);
    await popup.close();
    // The token went to the new tab only: not into this page, its storage or its layout.
    const kept = await page.evaluate(() =>
      [
        document.documentElement.outerHTML,
        JSON.stringify(localStorage),
        JSON.stringify(sessionStorage)
      ].join('\n')
    );
    expect(kept).not.toContain(token);

    // Extend: the lease restarts from now.
    await modelarts.action('story-nb', 'Extend').click();
    await modelarts.dialog.getByRole('combobox').selectOption({ label: '2 h' });
    await modelarts.dialogButton('Extend');
    await expect(
      modelarts.toast(/story-nb now runs until .* \(2 h 00 min from now\)/)
    ).toBeVisible();
    await expect(row.locator('.jp-ModelArts-lease')).toContainText(
      /Stops in (1 h 59 min|2 h 00 min)/
    );

    // Stop, then start again.
    await modelarts.action('story-nb', 'Stop').click();
    await modelarts.waitForStatus('story-nb', 'STOPPED');
    await modelarts.action('story-nb', 'Start').click();
    await expect(row).toHaveAttribute('data-status', /STARTING|RUNNING/);
    await modelarts.waitForStatus('story-nb', 'RUNNING');

    // Change the flavor: only while stopped.
    await modelarts.action('story-nb', 'Stop').click();
    await modelarts.waitForStatus('story-nb', 'STOPPED');
    await modelarts.action('story-nb', 'Edit').click();
    await modelarts.dialog
      .getByLabel('Flavor')
      .selectOption('modelarts.vm.cpu.8u');
    await modelarts.dialogButton('Save');
    await expect(row).toContainText('modelarts.vm.cpu.8u', { timeout: 60_000 });

    // Delete, after a confirmation that says the storage goes too.
    await modelarts.action('story-nb', 'Delete').click();
    await expect(modelarts.dialog).toContainText('storage');
    await modelarts.dialogButton('Delete');
    await expect(row).toHaveCount(0, { timeout: STATUS_TIMEOUT });
  });
});
