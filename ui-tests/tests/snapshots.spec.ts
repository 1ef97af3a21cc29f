/**
 * Screenshots of the panel in its key states, kept as snapshots (volatile parts
 * masked). With MODELARTS_DOCS_SCREENSHOTS=1 the README's picture is written
 * too (docs/images/panel.png).
 */
import * as path from 'path';

import { galata } from '@jupyterlab/galata';

import { expect, test } from './fixtures';

const DOCS_IMAGE = path.resolve(
  __dirname,
  '..',
  '..',
  'docs',
  'images',
  'panel.png'
);

test.describe('panel snapshots', () => {
  // Start clean even after a test that could not clean up.
  test.beforeEach(async ({ modelarts }) => {
    await modelarts.deleteAllInstances();
  });
  test.afterEach(async ({ modelarts }) => {
    await modelarts.simulator('DELETE', 'fail-next');
    await modelarts.deleteAllInstances();
  });

  test('ready to launch', async ({ modelarts }) => {
    await modelarts.open();
    await expect(modelarts.header).toContainText('Quota: 0 of 10 instances');
    expect(await modelarts.panel.screenshot()).toMatchSnapshot(
      'panel-ready.png'
    );
  });

  test.describe('in the dark theme', () => {
    test.use({
      mockSettings: {
        ...galata.DEFAULT_SETTINGS,
        '@jupyterlab/apputils-extension:themes': {
          ...(galata.DEFAULT_SETTINGS[
            '@jupyterlab/apputils-extension:themes'
          ] as object),
          theme: 'JupyterLab Dark'
        }
      }
    });

    test('ready to launch', async ({ page, modelarts }) => {
      await expect(page.locator('body')).toHaveAttribute(
        'data-jp-theme-light',
        'false'
      );
      await modelarts.open();
      await expect(modelarts.header).toContainText('Quota: 0 of 10 instances');
      expect(await modelarts.panel.screenshot()).toMatchSnapshot(
        'panel-ready-dark.png'
      );
    });
  });

  test('a running instance and a failed one', async ({ modelarts }) => {
    test.setTimeout(300_000);
    await modelarts.open();
    await modelarts.simulator('POST', 'fail-next', {
      operation: 'create',
      reason:
        'Insufficient resources in the availability zone, try again later.'
    });
    await modelarts.launch({
      flavor: 'modelarts.vm.cpu.8u',
      name: 'failed-nb'
    });
    await modelarts.waitForStatus('failed-nb', 'CREATE_FAILED');
    await expect(
      modelarts.instanceRow('failed-nb').locator('.jp-ModelArts-failure')
    ).toHaveText(
      'Insufficient resources in the availability zone, try again later.'
    );
    await modelarts.launch({ flavor: 'modelarts.vm.cpu.2u', name: 'analysis' });
    await modelarts.waitForStatus('analysis', 'RUNNING');
    await expect(modelarts.header).toContainText('Quota: 2 of 10 instances');
    await modelarts.panel
      .getByRole('button', { name: 'Launch', exact: true })
      .focus();

    const options = { mask: [modelarts.panel.locator('.jp-ModelArts-lease')] };
    expect(await modelarts.panel.screenshot(options)).toMatchSnapshot(
      'panel-instances.png'
    );
    if (process.env.MODELARTS_DOCS_SCREENSHOTS) {
      // A roomier window for the README, the form scrolled to its top.
      await modelarts.page.setViewportSize({ width: 1280, height: 1000 });
      await modelarts.panel
        .locator('.jp-ModelArts-section')
        .evaluateAll(sections => sections.forEach(s => (s.scrollTop = 0)));
      await expect(modelarts.flavorGroup).toBeInViewport();
      await modelarts.page.screenshot({ path: DOCS_IMAGE });
    }
  });
});
