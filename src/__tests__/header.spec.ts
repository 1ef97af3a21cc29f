import { renderToStaticMarkup } from 'react-dom/server';
import React from 'react';
import { describe, expect, it } from 'vitest';

import { Header } from '../components/Header';
import { apiError, FakeAPI, model, status, trans } from './fakes';

/** The header's markup once the model has met `api`. */
async function header(api: FakeAPI): Promise<string> {
  const m = model(api);
  await m.refresh();
  const html = renderToStaticMarkup(
    React.createElement(Header, { model: m, trans })
  );
  m.dispose();
  return html;
}

const RETRY = />Retry<\/button>/;

describe('Header', () => {
  it('offers Retry when ModelArts is not configured, the server part is missing or failed', async () => {
    const unconfigured = new FakeAPI();
    unconfigured.statusAnswer = status({ configured: false, problems: ['x'] });
    const missing = new FakeAPI();
    missing.statusAnswer = apiError(404, '<html>Not Found</html>');
    const failed = new FakeAPI();
    failed.statusAnswer = apiError(502, { message: 'upstream down' });

    for (const api of [unconfigured, missing, failed]) {
      expect(await header(api)).toMatch(RETRY);
    }
  });

  it('has no Retry while connected (the toolbar has Refresh)', async () => {
    expect(await header(new FakeAPI())).not.toMatch(RETRY);
  });
});
