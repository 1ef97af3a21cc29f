import type { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { Signal } from '@lumino/signaling';

import type {
  ILeaseRenewRequest,
  ILeaseView,
  INotebookCreateRequest,
  INotebookUpdateRequest,
  INotebookView,
  IStartBody
} from './contract';
import { SECOND } from './format/time';
import { optimisticRow } from './instanceList';
import { InstancesState } from './instancesState';
import { ModelArtsAPIError } from './request';
import { fetchSnapshot, InstancesAPI } from './snapshot';
import type { IListQuery, IModelArts } from './tokens';

export type { InstancesAPI };

const MAX_BACKOFF_MS = 300 * SECOND;

/** The offset of the last page that has rows (0 when there are none). */
function lastPageOffset(total: number, limit: number): number {
  return total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
}

/**
 * The user's ModelArts instances and the server status, kept fresh by ONE poll.
 *
 * The poll hurries (the `fast` interval) while any instance shown or watched is
 * in a transitional status, relaxes (`slow`) otherwise, backs off on errors, and
 * stands by while the panel is hidden and nothing runs or changes. Every action
 * refreshes at once; a launch shows its row before the server answers.
 */
export class InstancesModel
  extends InstancesState
  implements IModelArts.IInstances, IDisposable
{
  constructor(options: InstancesModel.IOptions) {
    super(options.now ?? Date.now);
    this._api = options.api;
    this._query = {
      status: '',
      name: '',
      offset: 0,
      limit: options.pageSize ?? 10
    };
    this._poll = new Poll({
      name: 'jupyter-modelarts:instances',
      factory: () => this._tick(),
      frequency: { interval: 30 * SECOND, backoff: true, max: MAX_BACKOFF_MS },
      standby: () => this._standby(),
      auto: options.auto ?? true
    });
  }

  get query(): Readonly<IListQuery> {
    return this._query;
  }

  /** Change filters or page; the list (only) refreshes at once. */
  setQuery(query: Partial<IListQuery>): void {
    const next = { ...this._query, ...query };
    if (query.status !== undefined || query.name !== undefined) {
      next.offset = query.offset ?? 0;
    }
    this._query = next;
    void this.refresh(false);
  }

  /** Poll intervals in seconds; null takes the server's hint. */
  setIntervals(fastSeconds: number | null, slowSeconds: number | null): void {
    this._fastSeconds = fastSeconds;
    this._slowSeconds = slowSeconds;
    this._adjustFrequency();
  }

  /** Tell the model whether the panel is visible (hidden + idle = standby). */
  set panelVisible(visible: boolean) {
    const shown = visible && !this._panelVisible;
    this._panelVisible = visible;
    if (shown) {
      void this.refresh();
    }
  }

  /**
   * Refresh now, even on standby; resolves after the refresh. `withStatus` (the
   * default) re-reads `GET status` too, which costs the server a quota call to
   * ModelArts: a filter change or a lease check needs only the list.
   */
  async refresh(withStatus = true): Promise<void> {
    this._forced = true;
    this._statusDue ||= withStatus;
    this._requested = true;
    do {
      // Poll.refresh() does nothing while a refresh tick runs, and that tick
      // may have read an older query: the running tick loads again (see
      // _tick), and should this request land after its last look (between
      // its end and the poll's next schedule), it is sent once more here.
      await this._poll.refresh();
      // The tick promise rejects only when the model is disposed meanwhile.
      await this._poll.tick.catch(() => undefined);
    } while (this._requested && !this.isDisposed);
  }

  /**
   * Create an instance; its row shows at once and is replaced by the server's.
   *
   * @param request - what is created (also what the optimistic row shows)
   * @param send - how; `POST notebooks` with `request` unless given (a preset
   *   launch sends the preset's slug instead)
   */
  async launch(
    request: INotebookCreateRequest,
    send: () => Promise<INotebookView> = () => this._api.create(request)
  ): Promise<INotebookView> {
    const row = optimisticRow(++this._serial, request, this.serverNow());
    this.setOptimistic([row, ...this.optimistic]);
    try {
      const created = await send();
      this.accept(created, row);
      return created;
    } catch (error) {
      this.setOptimistic(this.optimistic.filter(r => r !== row));
      throw error;
    } finally {
      void this.refresh();
    }
  }

  start(id: string, body?: IStartBody): Promise<INotebookView> {
    return this._act(this._api.start(id, body));
  }

  stop(id: string): Promise<INotebookView> {
    return this._act(this._api.stop(id));
  }

  remove(id: string): Promise<INotebookView> {
    return this._act(this._api.remove(id));
  }

  update(id: string, body: INotebookUpdateRequest): Promise<INotebookView> {
    return this._act(this._api.update(id, body));
  }

  /** Renew the lease: it then runs `body.duration` ms from now (a reset, not an addition). */
  async renew(id: string, body: ILeaseRenewRequest): Promise<ILeaseView> {
    const lease = await this._api.renew(id, body);
    this.noteClock(lease.server_time_ms);
    const known = this.find(id);
    if (known) {
      this.accept({ ...known, lease_deadline_ms: lease.deadline_ms ?? null });
    }
    void this.refresh();
    return lease;
  }

  /** Follow `id` until it settles; the poll hurries meanwhile, even on standby. */
  watch(id: string): void {
    super.watch(id);
    this._adjustFrequency();
  }

  get isDisposed(): boolean {
    return this._poll.isDisposed;
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._poll.dispose();
    Signal.clearData(this);
  }

  private async _act(call: Promise<INotebookView>): Promise<INotebookView> {
    const notebook = await call;
    this.accept(notebook);
    void this.refresh();
    return notebook;
  }

  private _standby(): boolean | Poll.Standby {
    if (this._forced || this._connection.kind === 'loading') {
      // An explicit refresh always runs, and so does the first load: the
      // status bar, the launcher tiles and the warnings need it.
      return 'never';
    }
    // A running instance may stop by itself (its auto-stop, or elsewhere): the
    // slow poll goes on while the panel is hidden so the status bar and the
    // notifications see it.
    const live = this.busy() || this.running.length > 0;
    return this._panelVisible || live ? 'when-hidden' : true;
  }

  private async _tick(): Promise<void> {
    this._forced = false;
    const serial = ++this._ticks;
    const tick = this._poll.tick;
    try {
      // Load until no refresh was asked for meanwhile: the last load then
      // used the latest query and followed the latest action. (A refresh the
      // poll scheduled as a tick of its own, which replaces this one's tick
      // promise, is left to that tick.)
      do {
        this._requested = false;
        await this._load(serial);
      } while (
        this._requested &&
        serial === this._ticks &&
        tick === this._poll.tick
      );
      this._lastError = null;
    } catch (error) {
      if (serial === this._ticks) {
        this._fail(error);
      }
      throw error; // the poll backs off
    } finally {
      this._adjustFrequency();
      this._changed.emit();
    }
  }

  private async _load(serial: number): Promise<void> {
    if (this._statusDue || this._connection.kind !== 'ready') {
      const status = await this._api.status();
      this.noteClock(status.server_time_ms);
      this._statusDue = false;
      this._connection = status.configured
        ? { kind: 'ready', status }
        : { kind: 'unconfigured', status };
      if (!status.configured) {
        return;
      }
    }
    const generation = this.generation;
    const query = this._query;
    let snap = await fetchSnapshot(this._api, query, [...this.watched]);
    const offset = lastPageOffset(snap.page.total ?? 0, query.limit);
    if (!snap.page.items.length && query.offset > offset) {
      // The page emptied (its instances went, perhaps deleted elsewhere) and
      // the pager hides with nothing before it: show the last page with rows.
      if (this._query !== query) {
        return; // the user moved on meanwhile; a refresh is on its way
      }
      this._query = { ...query, offset };
      snap = await fetchSnapshot(this._api, this._query, [...this.watched]);
    }
    if (serial !== this._ticks || generation !== this.generation) {
      // A newer refresh started, or an action answered, while this list was on
      // its way: it may predate that answer. The refresh that follows wins.
      return;
    }
    this.applySnapshot(snap);
  }

  private _fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ModelArtsAPIError && error.serverExtensionMissing) {
      this._connection = { kind: 'missing', message };
    } else if (this._connection.kind === 'loading') {
      this._connection = { kind: 'error', message };
    }
    if (error instanceof ModelArtsAPIError && error.status === 503) {
      this._statusDue = true; // perhaps no longer configured
    }
    this._lastError = message;
  }

  private _adjustFrequency(): void {
    const hints = this.status?.poll;
    const fast = this._fastSeconds ?? hints?.fast_seconds ?? 3;
    const slow = this._slowSeconds ?? hints?.slow_seconds ?? 30;
    const interval = Math.round(
      (this.busy() ? fast : Math.max(fast, slow)) * SECOND
    );
    this._poll.frequency = {
      interval,
      backoff: true,
      max: Math.max(interval, MAX_BACKOFF_MS)
    };
  }

  private _api: InstancesAPI;
  private _poll: Poll<void, unknown, 'standby'>;
  private _query: IListQuery;
  private _serial = 0;
  private _ticks = 0;
  private _forced = false;
  /** A refresh was asked for and no load has begun since. */
  private _requested = false;
  private _statusDue = true;
  private _panelVisible = false;
  private _fastSeconds: number | null = null;
  private _slowSeconds: number | null = null;
}

export namespace InstancesModel {
  export interface IOptions {
    /** The server extension's REST API. */
    api: InstancesAPI;
    /** Rows per page (default 10). */
    pageSize?: number;
    /** The browser clock (tests pass their own). */
    now?: () => number;
    /** Start polling at once (default true). */
    auto?: boolean;
  }
}
