import { ISignal, Signal } from '@lumino/signaling';

import type { INotebookView, IStatusView } from './contract';
import { clockOffset, MINUTE } from './format/time';
import { anyTransitional, ChangeTracker, upsert } from './instanceList';
import type { ISnapshot } from './snapshot';
import type { Connection, IInstanceChange } from './tokens';

/** How long after its deadline an instance still RUNNING is hurried for. */
const STOP_SWEEP_GRACE_MS = 5 * MINUTE;

/**
 * What InstancesModel knows, and how answers change it: the connection, the
 * rows, the RUNNING instances, the server clock, and which instances changed.
 * The poll and the actions live in InstancesModel (model.ts).
 */
export class InstancesState {
  constructor(now: () => number) {
    this._now = now;
  }

  /** Emitted whenever anything shown changed. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emitted for every instance whose status, progress, failure or lease changed. */
  get instanceChanged(): ISignal<this, IInstanceChange> {
    return this._instanceChanged;
  }

  get connection(): Connection {
    return this._connection;
  }

  /** The last status answer (also while not configured). */
  get status(): IStatusView | null {
    const c = this._connection;
    return c.kind === 'ready' || c.kind === 'unconfigured' ? c.status : null;
  }

  /** The rows to show: optimistic launches first, then the current page. */
  get instances(): readonly INotebookView[] {
    return [...this._optimistic, ...this._items];
  }

  /** How many instances match the filters (all pages). */
  get total(): number {
    return this._total;
  }

  /** Every RUNNING instance (whatever the filters), for the status bar and warnings. */
  get running(): readonly INotebookView[] {
    return this._running;
  }

  /** Why the last refresh failed, or null. */
  get lastError(): string | null {
    return this._lastError;
  }

  /** Browser clock + this offset = the server's (ModelArts') clock. */
  get clockOffsetMs(): number {
    return this._offset;
  }

  /** Now on the server's clock. */
  serverNow(): number {
    return this._now() + this._offset;
  }

  /** The latest known state of an instance. */
  find(id: string): INotebookView | undefined {
    return this.instances.find(n => n.id === id) ?? this._tracker.get(id);
  }

  /**
   * Follow `id` until it settles, as after an action: a RUNNING instance whose
   * auto-stop is due is followed until ModelArts reports it stopping (or its
   * lease renewed), however late its sweep comes.
   */
  watch(id: string): void {
    this._watched.add(id);
  }

  /** Whether something will change by itself soon (the poll must hurry). */
  protected busy(): boolean {
    return (
      this._watched.size > 0 ||
      anyTransitional(this._items) ||
      this._optimistic.length > 0
    );
  }

  /**
   * Take an answer about one instance into the list and watch it until it
   * settles; `replacing` (an optimistic row) goes in the same update, so the
   * list never shows both.
   */
  protected accept(notebook: INotebookView, replacing?: INotebookView): void {
    if (replacing) {
      this._optimistic = this._optimistic.filter(row => row !== replacing);
    }
    this.generation++;
    this.noteClock(notebook.server_time_ms);
    if (notebook.id) {
      this._watched.add(notebook.id);
    }
    this._items = upsert(this._items, notebook);
    this._emitChanges(this._tracker.observe([notebook]));
    this._changed.emit();
  }

  /** Take a refresh in: the rows, the running instances, what changed or is gone. */
  protected applySnapshot(snap: ISnapshot): void {
    const { page, running, extra, all } = snap;
    this.noteClock(page.server_time_ms);
    this._items = page.items;
    this._total = page.total ?? page.items.length;
    this._running = running;
    this._emitChanges(
      this._tracker.observe([...page.items, ...running, ...extra])
    );
    // A complete list is the truth: what it lacks is gone.
    const present = new Set((all ?? []).map(n => n.id));
    const missing = all
      ? this._tracker.all().filter(n => n.id && !present.has(n.id))
      : [];
    [...snap.gone, ...missing.map(n => n.id ?? '')].forEach(id =>
      this._gone(id)
    );
    for (const notebook of [...page.items, ...extra]) {
      const settled = !anyTransitional([notebook]) && !this._stopDue(notebook);
      if (notebook.id && settled) {
        this._watched.delete(notebook.id);
      }
    }
  }

  /**
   * Whether `notebook` still runs although its auto-stop is due: ModelArts'
   * sweep stops it a little late. Only for a while: one that keeps running
   * long after its deadline (a deadline ModelArts does not enforce) is left
   * to the slow poll rather than hurried for ever.
   */
  private _stopDue(notebook: INotebookView): boolean {
    const deadline = notebook.lease_deadline_ms;
    if (notebook.status !== 'RUNNING' || typeof deadline !== 'number') {
      return false;
    }
    const late = this.serverNow() - deadline;
    return late >= 0 && late < STOP_SWEEP_GRACE_MS;
  }

  /** Ids of instances followed until they settle (after an action). */
  protected get watched(): ReadonlySet<string> {
    return this._watched;
  }

  protected setOptimistic(rows: INotebookView[]): void {
    this._optimistic = rows;
    this._changed.emit();
  }

  protected get optimistic(): INotebookView[] {
    return this._optimistic;
  }

  protected noteClock(serverTimeMs: number | null | undefined): void {
    if (typeof serverTimeMs === 'number') {
      this._offset = clockOffset(serverTimeMs, this._now());
    }
  }

  /** Bumped by every action answer: a list fetched before it is stale. */
  protected generation = 0;
  protected _connection: Connection = { kind: 'loading' };
  protected _lastError: string | null = null;
  protected _now: () => number;
  protected _changed = new Signal<this, void>(this);

  private _gone(id: string): void {
    this._watched.delete(id);
    const change = this._tracker.gone(id);
    if (change) {
      this._emitChanges([change]);
    }
  }

  private _emitChanges(changes: IInstanceChange[]): void {
    for (const change of changes) {
      this._instanceChanged.emit(change);
    }
  }

  private _items: INotebookView[] = [];
  private _optimistic: INotebookView[] = [];
  private _running: INotebookView[] = [];
  private _total = 0;
  private _offset = 0;
  private _watched = new Set<string>();
  private _tracker = new ChangeTracker();
  private _instanceChanged = new Signal<this, IInstanceChange>(this);
}
