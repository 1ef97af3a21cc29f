/**
 * Galata configuration for the build machines: Debian's Chromium instead of a
 * downloaded browser, no video (it needs Playwright's own ffmpeg), and three
 * Jupyter servers on ports shared with the jupyter_server_*config.py files:
 *   JLAB_PORT                  JupyterLab + the ModelArts simulator (most tests)
 *   JLAB_PORT_UNCONFIGURED     the extension installed but not configured
 *   JLAB_PORT_NO_EXTENSION     the front end without its server extension
 * The last two are free ports picked here when not given; workers inherit them.
 */
const { execFileSync } = require('child_process');

const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

/** A port nobody listens on now (asked from the OS). */
function freePort() {
  const script =
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])';
  return execFileSync('python', ['-c', script]).toString().trim();
}

process.env.JLAB_PORT = process.env.JLAB_PORT || '8888';
process.env.JLAB_PORT_UNCONFIGURED =
  process.env.JLAB_PORT_UNCONFIGURED || freePort();
process.env.JLAB_PORT_NO_EXTENSION =
  process.env.JLAB_PORT_NO_EXTENSION || freePort();

/** A Jupyter server Playwright starts and waits for. */
function server(config, port) {
  return {
    command: `jupyter lab --config ${config}`,
    url: `http://localhost:${port}/lab`,
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
    baseURL: `http://localhost:${process.env.JLAB_PORT}`,
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
    server('jupyter_server_test_config.py', process.env.JLAB_PORT),
    server(
      'jupyter_server_unconfigured_config.py',
      process.env.JLAB_PORT_UNCONFIGURED
    ),
    server(
      'jupyter_server_no_extension_config.py',
      process.env.JLAB_PORT_NO_EXTENSION
    )
  ]
};
