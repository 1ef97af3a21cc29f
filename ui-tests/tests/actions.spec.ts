/**
 * What users see when ModelArts refuses an action: the server's message with
 * the upstream error code, in a notification that stays until dismissed.
 */
import { expect, test } from './fixtures';

test.describe('refused actions', () => {
  test.use({
    expectedErrors: [
      { text: /status of (400|409)/, url: /\/modelarts\/notebooks\/.*\/start/ }
    ]
  });

  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.setSoldOut('modelarts.vm.cpu.8u', false);
    await modelarts.deleteAllInstances();
  });

  test('starting an instance whose flavor sold out meanwhile says why, with the code', async ({
    modelarts
  }) => {
    test.setTimeout(300_000);
    await modelarts.open();
    await modelarts.launch({ flavor: 'modelarts.vm.cpu.8u', name: 'sold-nb' });
    await modelarts.waitForStatus('sold-nb', 'RUNNING');
    await modelarts.action('sold-nb', 'Stop').click();
    await modelarts.waitForStatus('sold-nb', 'STOPPED');

    await modelarts.setSoldOut('modelarts.vm.cpu.8u', true);
    await modelarts.action('sold-nb', 'Start').click();
    const toast = modelarts.toast(/Could not start sold-nb/);
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(/sold out/i);
    await expect(toast).toContainText(/ModelArts\.\d{4}/);
    await expect(modelarts.instanceRow('sold-nb')).toHaveAttribute(
      'data-status',
      'STOPPED'
    );
  });
});
