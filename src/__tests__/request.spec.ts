import { ServerConnection } from '@jupyterlab/services';
import { describe, expect, it } from 'vitest';

import {
  API_NAMESPACE,
  ModelArtsAPIError,
  apiURL,
  requestAPI
} from '../request';

/**
 * URL of a recorded request without its query string: ServerConnection appends a
 * cache-busting timestamp to every GET.
 */
function path(request: Request): string {
  const url = new URL(request.url);
  return url.origin + url.pathname;
}

/** A fetch that records every request and answers with a canned response. */
function fakeFetch(answer: () => Response | Promise<Response>): {
  fetch: typeof fetch;
  requests: Request[];
} {
  const requests: Request[] = [];
  const fetchImpl = async (
    input: RequestInfo | URL,
    init?: RequestInit
  ): Promise<Response> => {
    requests.push(new Request(input, init));
    return answer();
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

function settings(
  baseUrl: string,
  fetchImpl: typeof fetch
): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl,
    wsUrl: baseUrl.replace(/^http/, 'ws'),
    token: 'test-token',
    appendToken: false,
    fetch: fetchImpl
  });
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' }
  });
}

/** Await a promise that must reject with an instance of `type`; return that error. */
async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E
): Promise<E> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const unused = fakeFetch(() => json({}));

describe('apiURL', () => {
  it('puts the endpoint under the namespace of a root base URL', () => {
    const s = settings('http://localhost:8888/', unused.fetch);
    expect(apiURL(s, 'status')).toBe(
      `http://localhost:8888/${API_NAMESPACE}/status`
    );
  });

  it('keeps a non-root base_url such as a JupyterHub user prefix', () => {
    const s = settings('http://hub.test/user/alice/', unused.fetch);
    expect(apiURL(s, 'instances/abc/start')).toBe(
      'http://hub.test/user/alice/modelarts/instances/abc/start'
    );
  });

  it.each([
    'http://evil.test/steal',
    'javascript:alert(1)',
    '/api/contents',
    '../api/contents',
    'instances/../../api/kernels'
  ])('refuses an endpoint that leaves the namespace: %s', endPoint => {
    const s = settings('http://localhost:8888/', unused.fetch);
    expect(() => apiURL(s, endPoint)).toThrow(/Invalid ModelArts endpoint/);
  });
});

describe('requestAPI', () => {
  it('sends the request through ServerConnection with the token and parses JSON', async () => {
    const fake = fakeFetch(() => json({ answer: 42 }));
    const s = settings('http://localhost:8888/base/', fake.fetch);

    const data = await requestAPI<{ answer: number }>('things', s, {
      method: 'POST',
      body: JSON.stringify({ name: 'x' })
    });

    expect(data).toEqual({ answer: 42 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(path(request)).toBe('http://localhost:8888/base/modelarts/things');
    expect(request.method).toBe('POST');
    expect(request.headers.get('Authorization')).toBe('token test-token');
    expect(await request.text()).toBe('{"name":"x"}');
  });

  it('returns undefined for an empty success body', async () => {
    const fake = fakeFetch(() => new Response(null, { status: 204 }));
    const s = settings('http://localhost:8888/', fake.fetch);
    await expect(requestAPI('instances/1', s)).resolves.toBeUndefined();
  });

  it("turns an error status into ModelArtsAPIError carrying the server's message", async () => {
    const fake = fakeFetch(() =>
      json({ message: 'flavor "huge" is not allowed', reason: 'policy' }, 403)
    );
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(
      requestAPI('instances', s),
      ModelArtsAPIError
    );

    expect(error).toBeInstanceOf(ServerConnection.ResponseError);
    expect(error.message).toBe('flavor "huge" is not allowed');
    expect(error.status).toBe(403);
    expect(error.reason).toBe('policy');
    expect(error.body).toEqual({
      message: 'flavor "huge" is not allowed',
      reason: 'policy'
    });
  });

  it('explains a bare 404 as a missing server extension', async () => {
    const fake = fakeFetch(
      () =>
        new Response('<html>404 Not Found</html>', {
          status: 404,
          statusText: 'Not Found'
        })
    );
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(requestAPI('status', s), ModelArtsAPIError);

    expect(error.status).toBe(404);
    expect(error.message).toMatch(/server extension/);
    expect(error.message).toMatch(/jupyter server extension list/);
    expect(error.reason).toBeNull();
    expect(error.body).toBe('<html>404 Not Found</html>');
  });

  it('names the status of an error without a JSON body', async () => {
    const fake = fakeFetch(
      () => new Response('', { status: 502, statusText: 'Bad Gateway' })
    );
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(requestAPI('status', s), ModelArtsAPIError);

    expect(error.message).toBe(
      'Request to http://localhost:8888/modelarts/status failed: HTTP 502 Bad Gateway'
    );
  });

  it('refuses a success body that is not JSON', async () => {
    const fake = fakeFetch(() => new Response('not json', { status: 200 }));
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(requestAPI('status', s), ModelArtsAPIError);

    expect(error.message).toMatch(/not JSON/);
    expect(error.body).toBe('not json');
  });

  it('turns a failed connection into a NetworkError', async () => {
    const fake = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(
      requestAPI('status', s),
      ServerConnection.NetworkError
    );

    expect(error.message).toBe('fetch failed');
  });
});

describe('ModelArtsAPIError details', () => {
  it('exposes the code, request id and every problem of an ErrorView body', async () => {
    const body = {
      message: 'Invalid request: 2 problems',
      reason: 'invalid',
      code: 'ModelArts.6336',
      request_id: 'abc123',
      problems: [
        {
          location: 'body.name',
          rule: 'must be 1–128 characters',
          value: 'a b'
        },
        {
          location: 'body.volume.capacity',
          rule: 'EVS capacity must be 5–4096 GB'
        },
        { location: 42, rule: 'not a problem: the location is no string' }
      ]
    };
    const fake = fakeFetch(() => json(body, 400));
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(
      requestAPI('notebooks', s),
      ModelArtsAPIError
    );

    expect(error.code).toBe('ModelArts.6336');
    expect(error.requestId).toBe('abc123');
    expect(error.problems.map(p => p.location)).toEqual([
      'body.name',
      'body.volume.capacity'
    ]);
    expect(error.serverExtensionMissing).toBe(false);
  });

  it('has no code, request id or problems without a JSON body', async () => {
    const fake = fakeFetch(() => new Response('', { status: 404 }));
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(requestAPI('status', s), ModelArtsAPIError);

    expect(error.code).toBeNull();
    expect(error.requestId).toBeNull();
    expect(error.problems).toEqual([]);
    expect(error.serverExtensionMissing).toBe(true);
  });

  it('does not take our own JSON 404 (an unknown instance) for a missing extension', async () => {
    const fake = fakeFetch(() =>
      json({ message: 'no such instance', code: 'ModelArts.6309' }, 404)
    );
    const s = settings('http://localhost:8888/', fake.fetch);

    const error = await rejection(
      requestAPI('notebooks/x', s),
      ModelArtsAPIError
    );

    expect(error.serverExtensionMissing).toBe(false);
    expect(error.code).toBe('ModelArts.6309');
  });
});
