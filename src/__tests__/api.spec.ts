import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import { ModelArtsAPI, notebookPath, queryString } from '../api';
import { ModelArtsAPIError } from '../request';

interface IRecorded {
  method: string;
  url: URL;
  body: string;
  cache: RequestCache;
}

/** An API over a fetch that records requests and answers `answer`. */
function api(
  answer: unknown = {},
  status = 200
): { api: ModelArtsAPI; sent: IRecorded[] } {
  const sent: IRecorded[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: new URL(request.url),
      body: await request.text(),
      cache: init?.cache ?? request.cache
    });
    return new Response(JSON.stringify(answer), {
      status,
      headers: { 'Content-Type': 'application/json' }
    });
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost:8888/user/ann/',
    wsUrl: 'ws://localhost:8888/user/ann/',
    token: 't',
    appendToken: false,
    fetch: fetchImpl as typeof fetch
  });
  return { api: new ModelArtsAPI(settings), sent };
}

describe('ModelArtsAPI', () => {
  it.each([
    [
      'status',
      (a: ModelArtsAPI) => a.status(),
      'GET',
      '/user/ann/modelarts/status',
      ''
    ],
    [
      'presets',
      (a: ModelArtsAPI) => a.presets(),
      'GET',
      '/user/ann/modelarts/presets',
      ''
    ],
    [
      'flavors',
      (a: ModelArtsAPI) => a.flavors({ category: 'GPU' }),
      'GET',
      '/user/ann/modelarts/flavors',
      '?category=GPU'
    ],
    [
      'images',
      (a: ModelArtsAPI) =>
        a.images({ flavor: 'f.1', name: 'torch', refresh: true }),
      'GET',
      '/user/ann/modelarts/images',
      '?flavor=f.1&name=torch&refresh=1'
    ],
    [
      'notebooks',
      (a: ModelArtsAPI) =>
        a.notebooks({ status: 'RUNNING', offset: 10, limit: 10 }),
      'GET',
      '/user/ann/modelarts/notebooks',
      '?status=RUNNING&offset=10&limit=10'
    ],
    [
      'notebook',
      (a: ModelArtsAPI) => a.notebook('n-1'),
      'GET',
      '/user/ann/modelarts/notebooks/n-1',
      ''
    ],
    [
      'lease',
      (a: ModelArtsAPI) => a.lease('n-1'),
      'GET',
      '/user/ann/modelarts/notebooks/n-1/lease',
      ''
    ],
    [
      'switchable',
      (a: ModelArtsAPI) => a.switchableFlavors('n-1'),
      'GET',
      '/user/ann/modelarts/notebooks/n-1/flavors',
      ''
    ],
    [
      'stop',
      (a: ModelArtsAPI) => a.stop('n-1'),
      'POST',
      '/user/ann/modelarts/notebooks/n-1/stop',
      ''
    ],
    [
      'delete',
      (a: ModelArtsAPI) => a.remove('n-1'),
      'DELETE',
      '/user/ann/modelarts/notebooks/n-1',
      ''
    ],
    [
      'open',
      (a: ModelArtsAPI) => a.open('n-1'),
      'POST',
      '/user/ann/modelarts/notebooks/n-1/open',
      ''
    ]
  ])('%s calls %s %s', async (_, call, method, path, search) => {
    const { api: client, sent } = api({ items: [] });
    await call(client);
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe(method);
    expect(sent[0].url.pathname).toBe(path);
    expect(sent[0].url.search).toBe(search);
  });

  it('launches a preset by its slug, with the chosen name', async () => {
    const { api: client, sent } = api({ id: 'n' });
    await client.launchPreset('small cpu', 'small-cpu-2');
    await client.launchPreset('gpu');
    expect(sent.map(r => [r.method, r.url.pathname, r.body])).toEqual([
      [
        'POST',
        '/user/ann/modelarts/presets/small%20cpu/launch',
        '{"name":"small-cpu-2"}'
      ],
      ['POST', '/user/ann/modelarts/presets/gpu/launch', '{}']
    ]);
  });

  it('asks the server every time without a cache-busting parameter', async () => {
    const { api: client, sent } = api({ items: [] });
    await client.notebooks();
    expect(sent[0].cache).toBe('reload');
    expect(sent[0].url.search).toBe('');
  });

  it('unwraps {items} answers', async () => {
    const { api: client } = api({ items: [{ id: 'f' }] });
    await expect(client.flavors()).resolves.toEqual([{ id: 'f' }]);
  });

  it('sends request bodies as JSON', async () => {
    const { api: client, sent } = api({ id: 'n' });
    await client.create({
      name: 'nb',
      image_id: 'i',
      volume: { category: 'EVS', ownership: 'MANAGED' }
    });
    await client.update('n', { name: 'nb2' });
    await client.renew('n', { type: 'TIMING', duration: 3_600_000 });
    await client.start('n', { duration: 7_200_000 });
    expect(
      sent.map(r => [r.method, r.url.pathname, JSON.parse(r.body)])
    ).toEqual([
      [
        'POST',
        '/user/ann/modelarts/notebooks',
        {
          name: 'nb',
          image_id: 'i',
          volume: { category: 'EVS', ownership: 'MANAGED' }
        }
      ],
      ['PUT', '/user/ann/modelarts/notebooks/n', { name: 'nb2' }],
      [
        'PATCH',
        '/user/ann/modelarts/notebooks/n/lease',
        { type: 'TIMING', duration: 3_600_000 }
      ],
      ['POST', '/user/ann/modelarts/notebooks/n/start', { duration: 7_200_000 }]
    ]);
  });

  it('turns an error answer into ModelArtsAPIError with its problems', async () => {
    const { api: client } = api(
      {
        message: 'Invalid request',
        code: null,
        problems: [{ location: 'body.name', rule: 'too long' }]
      },
      400
    );
    const error: unknown = await client
      .create({
        name: 'x',
        image_id: 'i',
        volume: { category: 'EVS', ownership: 'MANAGED' }
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ModelArtsAPIError);
    expect((error as ModelArtsAPIError).problems).toEqual([
      { location: 'body.name', rule: 'too long' }
    ]);
  });
});

describe('paths and queries', () => {
  it('escapes ids so they stay inside the namespace', () => {
    expect(notebookPath('a/b?c', 'start')).toBe('notebooks/a%2Fb%3Fc/start');
  });

  it('leaves out undefined and empty values', () => {
    expect(queryString({ a: undefined, b: '', c: 0, d: 'x y' })).toBe(
      '?c=0&d=x+y'
    );
    expect(queryString({})).toBe('');
  });

  it('refuses an id that would climb out of the namespace', async () => {
    const { api: client } = api();
    await expect(client.notebook('..')).rejects.toThrow(
      /Invalid ModelArts endpoint/
    );
  });
});
