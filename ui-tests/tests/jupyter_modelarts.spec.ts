import { expect, test } from '@jupyterlab/galata';

// The version the server must report: the one in the root package.json, which is
// also the Python package's version (hatch-nodejs-version).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../package.json') as { version: string };

test.describe('jupyter-modelarts', () => {
  test('the plugin activates and gets the server status', async ({ page }) => {
    const body = page.locator('body');

    await expect(body).toHaveAttribute('data-modelarts-status', 'ok');
    await expect(body).toHaveAttribute('data-modelarts-version', version);
    await expect(body).toHaveAttribute('data-modelarts-configured', 'false');
    await expect(body).not.toHaveAttribute('data-modelarts-error', /.*/);
  });

  test('the plugin is registered with JupyterLab', async ({ page }) => {
    const plugins = await page.evaluate(() =>
      window.jupyterapp
        .listPlugins()
        .filter(id => id.startsWith('jupyter-modelarts:'))
    );
    const activated = await page.evaluate(() =>
      window.jupyterapp.isPluginActivated('jupyter-modelarts:plugin')
    );

    expect(plugins).toEqual(['jupyter-modelarts:plugin']);
    expect(activated).toBe(true);
  });
});
