/**
 * A scripted stand-in for the server extension's REST API, for unit tests of
 * the models (the real one is exercised over HTTP by the Galata tests).
 */
import { ServerConnection } from '@jupyterlab/services';
import { nullTranslator } from '@jupyterlab/translation';

import { InstancesAPI, InstancesModel } from '../model';
import { IErrorBody, ModelArtsAPIError } from '../request';
import type {
  ILeaseRenewRequest,
  ILeaseView,
  INotebookCreateRequest,
  INotebookPageView,
  INotebookView,
  IStatusView
} from '../contract';

export const trans = nullTranslator.load('jupyter_modelarts');

export const SERVER_NOW = 1_800_000_000_000;
/** The browser's clock: 90 s behind the server's. */
export const LOCAL_NOW = SERVER_NOW - 90_000;

export function status(overrides: Partial<IStatusView> = {}): IStatusView {
  return {
    version: '0.1.0',
    configured: true,
    endpoint_kind: 'simulator',
    poll: { fast_seconds: 2, slow_seconds: 20 },
    server_time_ms: SERVER_NOW,
    quota: { used: 0, quota: 10 },
    ...overrides
  };
}

export function notebook(
  id: string,
  overrides: Partial<INotebookView> = {}
): INotebookView {
  return {
    id,
    name: `nb-${id}`,
    status: 'RUNNING',
    flavor: 'modelarts.vm.cpu.2u',
    ...overrides
  };
}

export function apiError(
  status: number,
  body: IErrorBody | string
): ModelArtsAPIError {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const message = typeof body === 'string' ? 'plain' : String(body.message);
  return new ModelArtsAPIError(new Response(text, { status }), message, body);
}

/** A fake API whose answers the test sets; every call is recorded. */
export class FakeAPI implements InstancesAPI {
  calls: string[] = [];
  /** The server's clock, stamped on answers as server_time_ms. */
  serverNow: () => number = () => SERVER_NOW;
  statusAnswer: IStatusView | Error = status();
  items: INotebookView[] = [];
  /** Per-id answers of GET notebooks/{id} (an Error is thrown). */
  single = new Map<string, INotebookView | Error>();
  /** When set, the next list call waits for this promise (see holdNextList). */
  holdList: Promise<void> | null = null;

  /** Make the next list call wait; the returned function lets it answer. */
  holdNextList(): () => void {
    let release: () => void = () => undefined;
    this.holdList = new Promise(resolve => (release = resolve));
    return () => release();
  }
  createAnswer: (request: INotebookCreateRequest) => Promise<INotebookView> =
    async request =>
      notebook('new', {
        name: request.name,
        status: 'INIT',
        server_time_ms: SERVER_NOW
      });

  readonly serverSettings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost/'
  });

  async status(): Promise<IStatusView> {
    this.calls.push('status');
    if (this.statusAnswer instanceof Error) {
      throw this.statusAnswer;
    }
    return { ...this.statusAnswer, server_time_ms: this.serverNow() };
  }

  async notebooks(
    query: {
      status?: string;
      name?: string;
      offset?: number;
      limit?: number;
    } = {}
  ): Promise<INotebookPageView> {
    this.calls.push(`notebooks ${JSON.stringify(query)}`);
    const hold = this.holdList;
    this.holdList = null;
    const items = this.items
      .filter(n => !query.status || n.status === query.status)
      .filter(n => !query.name || (n.name ?? '').includes(query.name));
    const start = query.offset ?? 0;
    const page = items.slice(start, start + (query.limit ?? 10));
    if (hold) {
      await hold;
    }
    return {
      items: page,
      total: items.length,
      server_time_ms: this.serverNow()
    };
  }

  async notebook(id: string): Promise<INotebookView> {
    this.calls.push(`notebook ${id}`);
    const answer = this.single.get(id) ?? this.items.find(n => n.id === id);
    if (!answer) {
      throw apiError(404, { message: 'gone', code: 'ModelArts.6309' });
    }
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  }

  create(request: INotebookCreateRequest): Promise<INotebookView> {
    this.calls.push(`create ${request.name}`);
    return this.createAnswer(request);
  }

  async start(id: string): Promise<INotebookView> {
    this.calls.push(`start ${id}`);
    return notebook(id, { status: 'STARTING' });
  }

  async stop(id: string): Promise<INotebookView> {
    this.calls.push(`stop ${id}`);
    return notebook(id, { status: 'STOPPING' });
  }

  async remove(id: string): Promise<INotebookView> {
    this.calls.push(`remove ${id}`);
    return notebook(id, { status: 'DELETING' });
  }

  async update(id: string): Promise<INotebookView> {
    this.calls.push(`update ${id}`);
    return notebook(id, { status: 'STOPPED' });
  }

  async renew(id: string, body: ILeaseRenewRequest): Promise<ILeaseView> {
    this.calls.push(`renew ${id} ${body.duration}`);
    return {
      deadline_ms: SERVER_NOW + (body.duration ?? 0),
      server_time_ms: SERVER_NOW
    };
  }
}

/** A model on `api` that polls only when told, on the {@link LOCAL_NOW} clock. */
export function model(
  api: FakeAPI,
  options: Partial<InstancesModel.IOptions> = {}
): InstancesModel {
  return new InstancesModel({
    api,
    auto: false,
    now: () => LOCAL_NOW,
    ...options
  });
}
