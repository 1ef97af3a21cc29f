/**
 * One refresh of the instance list, fetched without touching the model's state:
 * the page the user looks at, every RUNNING instance (status bar, warnings) and
 * the instances watched after an action that are not on that page.
 */
import type { ModelArtsAPI } from './api';
import { ModelArtsAPIError } from './request';
import type { INotebookPageView, INotebookView, IStatusView } from './tokens';

/** The calls the model makes (a subset of ModelArtsAPI, so tests can fake it). */
export type InstancesAPI = Pick<
  ModelArtsAPI,
  | 'status'
  | 'notebooks'
  | 'notebook'
  | 'create'
  | 'start'
  | 'stop'
  | 'remove'
  | 'renew'
  | 'update'
>;

/** Whether the panel can work, and if not, what the user should read. */
export type Connection =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'unconfigured'; status: IStatusView }
  | { kind: 'ready'; status: IStatusView };

/** Filters and page of the instance list. */
export interface IListQuery {
  status: string;
  name: string;
  offset: number;
  limit: number;
}

/** What one refresh found. */
export interface ISnapshot {
  page: INotebookPageView;
  /** Every RUNNING instance, whatever the filters. */
  running: INotebookView[];
  /** Watched instances found outside the page. */
  extra: INotebookView[];
  /** Watched instances that no longer exist. */
  gone: string[];
  /** Whether `page` holds every instance (no filter, one page): missing ones are gone. */
  complete: boolean;
}

const RUNNING_LIMIT = 50;

/**
 * Fetch a snapshot: one list call, a second one for the RUNNING instances only
 * when the page does not show them all, and one call per watched instance off
 * the page (a 404 means it is gone).
 */
export async function fetchSnapshot(
  api: InstancesAPI,
  query: IListQuery,
  watched: Iterable<string>
): Promise<ISnapshot> {
  const page = await api.notebooks(query);
  const complete =
    query.offset === 0 &&
    !query.status &&
    !query.name &&
    page.items.length >= (page.total ?? 0);
  const running = complete
    ? page.items.filter(n => n.status === 'RUNNING')
    : (await api.notebooks({ status: 'RUNNING', limit: RUNNING_LIMIT })).items;
  const shown = new Set([...page.items, ...running].map(n => n.id));
  const extra: INotebookView[] = [];
  const gone: string[] = [];
  for (const id of watched) {
    if (shown.has(id)) {
      continue;
    }
    try {
      extra.push(await api.notebook(id));
    } catch (error) {
      if (error instanceof ModelArtsAPIError && error.status === 404) {
        gone.push(id);
      } else {
        throw error;
      }
    }
  }
  return { page, running, extra, gone, complete };
}
