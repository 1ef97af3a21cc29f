/**
 * Pure bookkeeping behind InstancesModel: merging answers into the list, telling
 * what changed, and the optimistic rows shown while a create is on its way.
 */
import type { INotebookCreateRequest, INotebookView } from './contract';
import { isTransitional } from './format/status';
import type { IInstanceChange } from './tokens';

/** Ids of rows shown before the server answered a create. */
export const OPTIMISTIC_PREFIX = 'optimistic:';

/** The row shown at once when the user presses Launch. */
export function optimisticRow(
  serial: number,
  request: INotebookCreateRequest,
  serverNowMs: number
): INotebookView {
  return {
    id: `${OPTIMISTIC_PREFIX}${serial}`,
    name: request.name,
    description: request.description ?? null,
    flavor: request.flavor ?? null,
    image: { id: request.image_id },
    status: 'INIT',
    create_at: serverNowMs,
    action_progress: []
  };
}

export function isOptimistic(id: string | null | undefined): boolean {
  return (id ?? '').startsWith(OPTIMISTIC_PREFIX);
}

/** `list` with `notebook` replacing the row of the same id (or added first). */
export function upsert(
  list: readonly INotebookView[],
  notebook: INotebookView
): INotebookView[] {
  const index = list.findIndex(item => item.id === notebook.id);
  if (index < 0) {
    return [notebook, ...list];
  }
  const copy = [...list];
  copy[index] = notebook;
  return copy;
}

/** What a user would notice: the status, its progress steps or the failure text. */
function signature(notebook: INotebookView): string {
  const steps = (notebook.action_progress ?? [])
    .map(step => `${step.step}:${step.status}`)
    .join(',');
  return `${notebook.status}|${steps}|${notebook.fail_reason ?? ''}|${notebook.lease_deadline_ms ?? ''}`;
}

/**
 * Remember the latest state of every instance seen and report the ones that
 * changed since the previous sighting (a first sighting is not a change).
 */
export class ChangeTracker {
  /** @returns the changes, in the order of `notebooks` */
  observe(notebooks: readonly INotebookView[]): IInstanceChange[] {
    const changes: IInstanceChange[] = [];
    for (const notebook of notebooks) {
      const id = notebook.id;
      if (!id || isOptimistic(id)) {
        continue;
      }
      const before = this._last.get(id);
      this._last.set(id, notebook);
      if (before && signature(before) !== signature(notebook)) {
        changes.push({
          notebook,
          previous: before.status ?? null,
          previousDeadlineMs: before.lease_deadline_ms ?? null
        });
      }
    }
    return changes;
  }

  /** Record that `id` is gone; the change, or null when it was never seen. */
  gone(id: string): IInstanceChange | null {
    const before = this._last.get(id);
    this._last.delete(id);
    if (!before || before.status === 'DELETED') {
      return null;
    }
    return {
      notebook: { ...before, status: 'DELETED', action_progress: [] },
      previous: before.status ?? null
    };
  }

  /** The last state seen of `id`. */
  get(id: string): INotebookView | undefined {
    return this._last.get(id);
  }

  /** Every instance seen and not gone, latest state. */
  all(): INotebookView[] {
    return [...this._last.values()];
  }

  private _last = new Map<string, INotebookView>();
}

/** Whether any of `notebooks` will change by itself soon (the poll must hurry). */
export function anyTransitional(notebooks: Iterable<INotebookView>): boolean {
  for (const notebook of notebooks) {
    if (isTransitional(notebook.status)) {
      return true;
    }
  }
  return false;
}
