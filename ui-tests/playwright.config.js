/**
 * Galata configuration for the build machines: Debian's Chromium instead of a
 * downloaded browser, no video (it needs Playwright's own ffmpeg), and ports
 * from JLAB_PORT shared with the jupyter_server_*config.py files:
 *   JLAB_PORT     JupyterLab + the ModelArts simulator (most tests)
 *   JLAB_PORT+1   the extension installed but not configured
 *   JLAB_PORT+2   the front end without its server extension
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = Number(process.env.JLAB_PORT || '8888');

/** A Jupyter server Playwright starts and waits for. */
function server(config, offset) {
  return {
    command: `jupyter lab --config ${config}`,
    url: `http://localhost:${port + offset}/lab`,
    timeout: 180000,
    reuseExistingServer: !process.env.CI
  };
}

module.exports = {
  ...baseConfig,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  expect: { timeout: 30000 },
  use: {
    // Merge, not replace: galata's block sets the viewport and other defaults.
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    browserName: 'chromium',
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      // The last four keep Chromium from calling hosts the build machines cannot reach.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  },
  webServer: [
    server('jupyter_server_test_config.py', 0),
    server('jupyter_server_unconfigured_config.py', 1),
    server('jupyter_server_no_extension_config.py', 2)
  ]
};
