import { ServerConnection } from '@jupyterlab/services';

import type {
  Answer,
  IFlavorView,
  IImageView,
  ILeaseRenewRequest,
  ILeaseView,
  INotebookCreateRequest,
  INotebookPageView,
  INotebookUpdateRequest,
  INotebookView,
  IOpenView,
  IPreset,
  IPresetLaunchBody,
  IStartBody,
  IStatusView
} from './contract';
import { requestAPI } from './request';

/** Filters and paging of `GET notebooks` (docs/rest-api.md). */
export interface INotebookQuery {
  /** Only instances in this status (e.g. RUNNING). */
  status?: string;
  /** Case-insensitive part of the name. */
  name?: string;
  /** Index of the first instance (0-based). */
  offset?: number;
  /** Page size, 1–50. */
  limit?: number;
}

/** Filters of `GET images`. */
export interface IImageQuery {
  /** Only images that run on this flavor (category and architecture). */
  flavor?: string;
  /** Part of the image name. */
  name?: string;
  /** Bypass the server's catalogue cache. */
  refresh?: boolean;
}

/** Filters of `GET flavors`. */
export interface IFlavorQuery {
  /** CPU, GPU or ASCEND. */
  category?: string;
  /** Bypass the server's catalogue cache. */
  refresh?: boolean;
}

/**
 * One typed call per endpoint of the jupyter_modelarts server extension.
 *
 * Every method throws what {@link requestAPI} throws: `ServerConnection.NetworkError`
 * when Jupyter cannot be reached, `ModelArtsAPIError` (with `status`, `code`,
 * `problems`) when the extension answers with an error.
 */
export class ModelArtsAPI {
  /**
   * @param serverSettings - `app.serviceManager.serverSettings`, so a non-root
   *   base_url and the application's token are honoured
   */
  constructor(readonly serverSettings: ServerConnection.ISettings) {}

  /** `GET status`: version, configuration, region, quota, poll hints, server clock. */
  status(): Promise<IStatusView> {
    return this._get<Answer<'/status', 'get'>>('status');
  }

  /** `GET presets`: the administrator's launch presets for this user. */
  async presets(): Promise<IPreset[]> {
    return (await this._get<Answer<'/presets', 'get'>>('presets')).items;
  }

  /**
   * `POST presets/{slug}/launch`: create an instance from an administrator
   * preset. The server resolves the preset's image and validates the request
   * like any other; without `name` it picks the preset's next free name.
   */
  launchPreset(slug: string, name?: string): Promise<INotebookView> {
    const body: IPresetLaunchBody = name ? { name } : {};
    return this._send<Answer<'/presets/{slug}/launch', 'post'>>(
      'POST',
      `presets/${encodeURIComponent(slug)}/launch`,
      body
    );
  }

  /** `GET flavors`, with the administrator's policy applied. */
  async flavors(query: IFlavorQuery = {}): Promise<IFlavorView[]> {
    const answer = await this._get<Answer<'/flavors', 'get'>>(
      'flavors' +
        queryString({
          category: query.category,
          refresh: query.refresh ? '1' : undefined
        })
    );
    return answer.items;
  }

  /** `GET images`, compatible with `query.flavor` when given. */
  async images(query: IImageQuery = {}): Promise<IImageView[]> {
    const answer = await this._get<Answer<'/images', 'get'>>(
      'images' +
        queryString({
          flavor: query.flavor,
          name: query.name,
          refresh: query.refresh ? '1' : undefined
        })
    );
    return answer.items;
  }

  /** `GET notebooks`: one page of this user's instances. */
  notebooks(query: INotebookQuery = {}): Promise<INotebookPageView> {
    return this._get<Answer<'/notebooks', 'get'>>(
      'notebooks' +
        queryString({
          status: query.status,
          name: query.name,
          offset: query.offset,
          limit: query.limit
        })
    );
  }

  /** `POST notebooks`: create (and start) an instance; it answers in INIT or CREATING. */
  create(body: INotebookCreateRequest): Promise<INotebookView> {
    return this._send<Answer<'/notebooks', 'post'>>('POST', 'notebooks', body);
  }

  /** `GET notebooks/{id}`. */
  notebook(id: string): Promise<INotebookView> {
    return this._get<Answer<'/notebooks/{notebook_id}', 'get'>>(
      notebookPath(id)
    );
  }

  /** `PUT notebooks/{id}`: rename, resize storage; flavor and image only while STOPPED. */
  update(id: string, body: INotebookUpdateRequest): Promise<INotebookView> {
    return this._send<Answer<'/notebooks/{notebook_id}', 'put'>>(
      'PUT',
      notebookPath(id),
      body
    );
  }

  /** `DELETE notebooks/{id}`: the instance and its managed storage. */
  remove(id: string): Promise<INotebookView> {
    return this._send<Answer<'/notebooks/{notebook_id}', 'delete'>>(
      'DELETE',
      notebookPath(id)
    );
  }

  /** `POST notebooks/{id}/start`, optionally with the lease to run with. */
  start(id: string, body?: IStartBody): Promise<INotebookView> {
    return this._send<Answer<'/notebooks/{notebook_id}/start', 'post'>>(
      'POST',
      notebookPath(id, 'start'),
      body ?? {}
    );
  }

  /** `POST notebooks/{id}/stop`. */
  stop(id: string): Promise<INotebookView> {
    return this._send<Answer<'/notebooks/{notebook_id}/stop', 'post'>>(
      'POST',
      notebookPath(id, 'stop')
    );
  }

  /** `GET notebooks/{id}/lease` (RUNNING instances only). */
  lease(id: string): Promise<ILeaseView> {
    return this._get<Answer<'/notebooks/{notebook_id}/lease', 'get'>>(
      notebookPath(id, 'lease')
    );
  }

  /** `PATCH notebooks/{id}/lease`: run for `duration` ms from now (it resets, never adds). */
  renew(id: string, body: ILeaseRenewRequest): Promise<ILeaseView> {
    return this._send<Answer<'/notebooks/{notebook_id}/lease', 'patch'>>(
      'PATCH',
      notebookPath(id, 'lease'),
      body
    );
  }

  /** `GET notebooks/{id}/flavors`: what a stopped instance may switch to. */
  async switchableFlavors(id: string): Promise<IFlavorView[]> {
    const answer = await this._get<
      Answer<'/notebooks/{notebook_id}/flavors', 'get'>
    >(notebookPath(id, 'flavors'));
    return answer.items;
  }

  /**
   * `POST notebooks/{id}/open`: the instance's URL and token, for one click.
   * Callers must not keep the answer: the token opens the instance.
   */
  open(id: string): Promise<IOpenView> {
    return this._send<Answer<'/notebooks/{notebook_id}/open', 'post'>>(
      'POST',
      notebookPath(id, 'open')
    );
  }

  private _get<T>(endPoint: string): Promise<T> {
    // 'reload' always asks the server, without the cache-busting `?<timestamp>`
    // that ServerConnection adds to every request for 'no-store': our
    // endpoints refuse unknown query parameters.
    return requestAPI<T>(endPoint, this.serverSettings, {
      method: 'GET',
      cache: 'reload'
    });
  }

  private _send<T>(
    method: string,
    endPoint: string,
    body?: unknown
  ): Promise<T> {
    const init: RequestInit = { method, cache: 'reload' };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    return requestAPI<T>(endPoint, this.serverSettings, init);
  }
}

/** `notebooks/<id>[/<action>]`, the id escaped so it cannot leave the namespace. */
export function notebookPath(id: string, action?: string): string {
  const base = `notebooks/${encodeURIComponent(id)}`;
  return action ? `${base}/${action}` : base;
}

/** `?a=1&b=x` from the defined, non-empty values; `''` when there are none. */
export function queryString(
  values: Record<string, string | number | undefined>
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
