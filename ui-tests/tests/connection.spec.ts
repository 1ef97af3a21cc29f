/**
 * When ModelArts cannot be used, the panel says why and what to do: a server
 * that is not configured (JLAB_PORT_UNCONFIGURED) and one without the server extension
 * (JLAB_PORT_NO_EXTENSION), each a real Jupyter server started by playwright.config.js.
 */
import { expect, test } from './fixtures';

test.describe('connected', () => {
  test('the header names the simulator and the quota', async ({
    page,
    modelarts
  }) => {
    await modelarts.open();
    await expect(modelarts.header).toContainText('Connected to the simulator');
    await expect(modelarts.header).toContainText('Simulator');
    await expect(modelarts.header).toContainText(/Quota: \d+ of 10 instances/);
    await expect(page.locator('body')).toHaveAttribute(
      'data-modelarts-connection',
      'ready'
    );
    const plugins = await page.evaluate(() =>
      window.jupyterapp
        .listPlugins()
        .filter(id => id.startsWith('jupyter-modelarts:'))
        .filter(id => window.jupyterapp.isPluginActivated(id))
        .sort()
    );
    expect(plugins).toEqual([
      'jupyter-modelarts:launcher',
      'jupyter-modelarts:palette',
      'jupyter-modelarts:plugin',
      'jupyter-modelarts:status-bar'
    ]);
  });
});

test.describe('not configured', () => {
  test.use({
    baseURL: `http://localhost:${process.env.JLAB_PORT_UNCONFIGURED}`
  });

  test('shows the problems and the hint instead of the form', async ({
    page,
    modelarts
  }) => {
    await modelarts.sidebarTab.click();
    const notice = modelarts.header.locator('[data-state="unconfigured"]');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText('ModelArts is not configured.');
    await expect(notice.locator('li').first()).toBeVisible();
    await expect(modelarts.launchButton).toBeHidden();
    await expect(page.locator('body')).toHaveAttribute(
      'data-modelarts-configured',
      'false'
    );
    expect(await modelarts.panel.screenshot()).toMatchSnapshot(
      'panel-not-configured.png'
    );
  });
});

test.describe('server extension missing', () => {
  test.use({
    baseURL: `http://localhost:${process.env.JLAB_PORT_NO_EXTENSION}`,
    expectedErrors: [{ text: /status of 404/, url: /\/modelarts\/status/ }]
  });

  test('says how to install and enable it', async ({ page, modelarts }) => {
    await modelarts.sidebarTab.click();
    const notice = modelarts.header.locator('[data-state="missing"]');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText('not installed or not enabled');
    await expect(notice).toContainText(
      'jupyter server extension enable jupyter_modelarts'
    );
    await expect(modelarts.toast('ModelArts is unavailable')).toBeVisible();
    await expect(page.locator('body')).toHaveAttribute(
      'data-modelarts-connection',
      'missing'
    );
    expect(
      await modelarts.panel.screenshot({
        mask: [notice.locator('.jp-ModelArts-muted')]
      })
    ).toMatchSnapshot('panel-missing-extension.png');
  });
});
