/**
 * One refresh of the instance list, fetched without touching the model's state:
 * the page the user looks at, every RUNNING instance (status bar, warnings) and
 * the instances watched after an action that are not on that page.
 */
import type { ModelArtsAPI } from './api';
import type { INotebookPageView, INotebookView } from './contract';
import { ModelArtsAPIError } from './request';
import type { IListQuery } from './tokens';

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

/** What one refresh found. */
export interface ISnapshot {
  page: INotebookPageView;
  /** Every RUNNING instance, whatever the filters. */
  running: INotebookView[];
  /** Watched instances found outside the page. */
  extra: INotebookView[];
  /** Watched instances that no longer exist. */
  gone: string[];
  /** Every instance, when one answer held them all (what it lacks is gone); else null. */
  all: INotebookView[] | null;
}

/** The most instances one list call returns (ModelArts' page limit). */
const WIDE_LIMIT = 50;

function isComplete(
  page: INotebookPageView,
  query: Partial<IListQuery>
): boolean {
  return (
    !query.offset &&
    !query.status &&
    !query.name &&
    page.items.length >= (page.total ?? 0)
  );
}

/**
 * Fetch a snapshot: the page the user looks at and, when that page does not
 * show every instance, one unfiltered list of up to 50 for the RUNNING and the
 * watched ones. Only an account with more instances than that costs a call per
 * watched instance (a 404 then means it is gone); otherwise a deleted instance
 * is simply missing from the list, and the browser logs no failed request.
 */
export async function fetchSnapshot(
  api: InstancesAPI,
  query: IListQuery,
  watched: Iterable<string>
): Promise<ISnapshot> {
  const page = await api.notebooks(query);
  const wide = isComplete(page, query)
    ? page
    : await api.notebooks({ limit: WIDE_LIMIT });
  const all = isComplete(wide, {}) ? wide.items : null;
  const running = all
    ? all.filter(n => n.status === 'RUNNING')
    : (await api.notebooks({ status: 'RUNNING', limit: WIDE_LIMIT })).items;
  const known = new Map(wide.items.map(n => [n.id, n]));
  const shown = new Set(page.items.map(n => n.id));
  const extra: INotebookView[] = [];
  const gone: string[] = [];
  for (const id of watched) {
    const found = known.get(id);
    if (shown.has(id)) {
      continue;
    } else if (found) {
      extra.push(found);
    } else if (all) {
      gone.push(id);
    } else {
      try {
        extra.push(await api.notebook(id));
      } catch (error) {
        if (!(error instanceof ModelArtsAPIError && error.status === 404)) {
          throw error;
        }
        gone.push(id);
      }
    }
  }
  return { page, running, extra, gone, all };
}
