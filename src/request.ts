import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type { IProblemView } from './contract';

/** REST namespace of the server extension: every endpoint is `<base_url>/modelarts/...`. */
export const API_NAMESPACE = 'modelarts';

/**
 * JSON error body written by jupyter_server's `APIHandler.write_error`
 * (`{"message", "reason"}`), possibly with extra fields from our handlers.
 */
export interface IErrorBody {
  message?: string;
  reason?: string | null;
  [key: string]: unknown;
}

/**
 * The server extension answered with an HTTP error (or with a body that is not JSON).
 *
 * It keeps the parsed body, so callers can show the server's `message` and act on
 * its `reason` or extra fields instead of parsing strings.
 */
export class ModelArtsAPIError extends ServerConnection.ResponseError {
  /**
   * @param response - the HTTP response that failed
   * @param message - a complete sentence for the user
   * @param body - the parsed JSON error body, or the raw text when it was not JSON
   */
  constructor(
    response: Response,
    message: string,
    readonly body: IErrorBody | string
  ) {
    super(response, message);
    this.name = 'ModelArtsAPIError';
  }

  /** HTTP status code of the failed response. */
  get status(): number {
    return this.response.status;
  }

  /** The server's machine-readable `reason`, when it sent one. */
  get reason(): string | null {
    return typeof this.body === 'string' ? null : (this.body.reason ?? null);
  }

  /** The ModelArts or gateway error code (e.g. `ModelArts.6309`), when there is one. */
  get code(): string | null {
    return this._text('code');
  }

  /** The upstream request id, worth quoting to support. */
  get requestId(): string | null {
    return this._text('request_id');
  }

  /** Every offending field of an invalid request (`ErrorView.problems`). */
  get problems(): IProblemView[] {
    const raw = typeof this.body === 'string' ? undefined : this.body.problems;
    if (!Array.isArray(raw)) {
      return [];
    }
    return raw.filter(
      (item): item is IProblemView =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as IProblemView).location === 'string' &&
        typeof (item as IProblemView).rule === 'string'
    );
  }

  /**
   * Whether the answer came from Jupyter's router rather than from this extension:
   * a 404 without our JSON error body means the server extension is not installed
   * or not enabled.
   */
  get serverExtensionMissing(): boolean {
    return this.status === 404 && typeof this.body === 'string';
  }

  private _text(key: string): string | null {
    const value = typeof this.body === 'string' ? undefined : this.body[key];
    return typeof value === 'string' && value ? value : null;
  }
}

/**
 * Build the URL of an endpoint of the server extension.
 *
 * @param serverSettings - the application's settings (`app.serviceManager.serverSettings`);
 *   its `baseUrl` carries a non-root `base_url` such as `/user/alice/`
 * @param endPoint - path relative to the namespace, e.g. `status` or `instances/42/start`
 * @returns the absolute URL `<baseUrl>modelarts/<endPoint>`
 * @throws {Error} when `endPoint` is absolute or escapes the namespace, so a caller
 *   can never make the browser talk to another server or API with Jupyter credentials
 */
export function apiURL(
  serverSettings: ServerConnection.ISettings,
  endPoint: string
): string {
  const segments = endPoint.split(/[?#]/, 1)[0].split('/');
  if (
    /^[a-z][a-z0-9+.-]*:/i.test(endPoint) ||
    endPoint.startsWith('/') ||
    segments.includes('..')
  ) {
    throw new Error(
      `Invalid ModelArts endpoint "${endPoint}": it must be a relative path inside /${API_NAMESPACE}/`
    );
  }
  return URLExt.join(serverSettings.baseUrl, API_NAMESPACE, endPoint);
}

function parseBody(text: string): IErrorBody | string | undefined {
  if (text.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(text) as IErrorBody;
  } catch {
    return text;
  }
}

function errorMessage(
  response: Response,
  url: string,
  body: IErrorBody | string | undefined
): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof body.message === 'string' &&
    body.message
  ) {
    return body.message;
  }
  // A 404 without our JSON error body comes from Jupyter's own router: the server
  // part of this extension is not installed or not enabled. Say how to check.
  if (response.status === 404) {
    // Most important words first: notifications truncate long messages.
    return (
      'The jupyter_modelarts server extension is not enabled: check ' +
      `\`jupyter server extension list\` and restart Jupyter (HTTP 404 from ${url}).`
    );
  }
  return `Request to ${url} failed: HTTP ${response.status} ${response.statusText}`.trim();
}

/**
 * Call an endpoint of the jupyter_modelarts server extension.
 *
 * The request goes through `ServerConnection.makeRequest`, which adds the
 * Jupyter token and the XSRF header.
 *
 * @param endPoint - path relative to `<base_url>/modelarts/`
 * @param serverSettings - `app.serviceManager.serverSettings` (never a global `makeSettings()`,
 *   which would ignore how the application was configured)
 * @param init - fetch options; defaults to a GET without body
 * @returns the response body parsed as JSON, or `undefined` for an empty body (e.g. 204)
 * @throws {ServerConnection.NetworkError} when the server cannot be reached
 * @throws {ModelArtsAPIError} on an HTTP error status or a body that is not JSON
 */
export async function requestAPI<T>(
  endPoint: string,
  serverSettings: ServerConnection.ISettings,
  init: RequestInit = {}
): Promise<T> {
  const url = apiURL(serverSettings, endPoint);

  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, serverSettings);
  } catch (error) {
    throw new ServerConnection.NetworkError(
      error instanceof TypeError ? error : new TypeError(String(error))
    );
  }

  const body = parseBody(await response.text());
  if (!response.ok) {
    throw new ModelArtsAPIError(
      response,
      errorMessage(response, url, body),
      body ?? ''
    );
  }
  if (typeof body === 'string') {
    throw new ModelArtsAPIError(
      response,
      `The server answered ${url} with a body that is not JSON.`,
      body
    );
  }
  return body as T;
}
