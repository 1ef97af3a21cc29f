/**
 * The `test` every spec uses: Galata's, plus a ModelArtsPage, a check that the
 * page logged no console error, and cleanup of the instances a test created.
 */
import { expect, galata, test as base } from '@jupyterlab/galata';

import { ModelArtsPage } from '../page-objects/ModelArtsPage';

/** A console error a test expects, e.g. the browser's log of a request the server refused. */
export interface IExpectedError {
  /** Matches the message text. */
  text: RegExp;
  /** Matches the URL the message comes from (for network errors, the request's). */
  url: RegExp;
}

export const test = base.extend<{
  modelarts: ModelArtsPage;
  consoleErrors: string[];
  expectedErrors: IExpectedError[];
}>({
  // Listen before JupyterLab loads, so errors during start-up are caught too.
  autoGoto: false,
  mockSettings: {
    ...galata.DEFAULT_SETTINGS,
    'jupyter-modelarts:plugin': { confirmPresetLaunch: true }
  },
  // Browsers log every 4xx/5xx answer as a console error: a test that provokes
  // one on purpose names it here; anything else fails the test.
  expectedErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedErrors }, use) => {
      const errors: string[] = [];
      page.on('console', message => {
        const url = message.location().url;
        const expected = expectedErrors.some(
          e => e.text.test(message.text()) && e.url.test(url)
        );
        if (message.type() === 'error' && !expected) {
          errors.push(`${message.text()} (${url})`);
        }
      });
      page.on('pageerror', error =>
        errors.push(`${error.name}: ${error.message}`)
      );
      await page.goto();
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true }
  ],
  modelarts: async ({ page, consoleErrors }, use) => {
    void consoleErrors;
    const modelarts = new ModelArtsPage(page);
    await use(modelarts);
  }
});

export { expect };
