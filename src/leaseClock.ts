import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import type { INotebookView } from './contract';
import { HOUR, MINUTE, remainingMs, SECOND } from './format/time';
import type { InstancesModel } from './model';
import type { ILeaseWarning, IModelArts, ISoonest } from './tokens';

/** Key of one warning: a renewal moves the deadline, which earns a new warning. */
function warningKey(notebook: INotebookView): string {
  return `${notebook.id}@${notebook.lease_deadline_ms}`;
}

/**
 * Milliseconds until `notebook` stops by itself (on the server's clock), or
 * null when it will not: only a RUNNING instance with a deadline counts down.
 */
export function leftMs(
  notebook: INotebookView,
  offsetMs: number,
  localNowMs: number
): number | null {
  const deadline = notebook.lease_deadline_ms;
  if (notebook.status !== 'RUNNING' || typeof deadline !== 'number') {
    return null;
  }
  return remainingMs(deadline, offsetMs, localNowMs);
}

/**
 * The running instances whose auto-stop is within `leadMs` and not yet warned
 * about. Pure: the clock and the offset to the server's clock are arguments.
 */
export function dueWarnings(
  running: readonly INotebookView[],
  offsetMs: number,
  localNowMs: number,
  leadMs: number,
  warned: ReadonlySet<string>
): ILeaseWarning[] {
  if (leadMs <= 0) {
    return [];
  }
  return running
    .filter(n => {
      const left = leftMs(n, offsetMs, localNowMs);
      return left !== null && left > 0 && left <= leadMs;
    })
    .filter(n => !warned.has(warningKey(n)))
    .map(n => ({ notebook: n, deadlineMs: n.lease_deadline_ms as number }));
}

/** The running instance with the nearest auto-stop, or null when none has one. */
export function soonestStop(
  running: readonly INotebookView[],
  offsetMs: number,
  localNowMs: number
): ISoonest | null {
  let best: ISoonest | null = null;
  for (const notebook of running) {
    const left = leftMs(notebook, offsetMs, localNowMs);
    if (left !== null && (!best || left < best.remainingMs)) {
      best = { notebook, remainingMs: left };
    }
  }
  return best;
}

/** The lengths Extend offers, in hours, as far as the administrator allows. */
const EXTENSION_HOURS = [1, 2, 4, 8, 12, 24, 48, 72];

/**
 * The lengths (ms) an Extend may keep an instance running from now: 1 h … 72 h
 * up to the administrator's ceiling (`max_lease_ms`), or the ceiling alone
 * when it is under an hour, so there is always something to choose.
 */
export function extensionChoices(
  maxLeaseMs: number | null | undefined
): number[] {
  const hours = EXTENSION_HOURS.map(h => h * HOUR);
  if (!maxLeaseMs || maxLeaseMs <= 0) {
    return hours;
  }
  const allowed = hours.filter(ms => ms <= maxLeaseMs);
  return allowed.length ? allowed : [maxLeaseMs];
}

/** An extension of `durationMs`, cut to the administrator's ceiling when there is one. */
export function clampExtension(
  durationMs: number,
  maxLeaseMs: number | null | undefined
): number {
  return maxLeaseMs && maxLeaseMs > 0
    ? Math.min(durationMs, maxLeaseMs)
    : durationMs;
}

/**
 * The countdown of every running instance's lease, ticking once a second while
 * there is something to count, and the pre-stop warnings.
 *
 * Deadlines come from the server (`lease_deadline_ms`, on ModelArts' clock); the
 * model's clock offset turns the browser's clock into the server's. Before a
 * warning is raised the model is refreshed, so a lease renewed elsewhere (CLI,
 * magics, console) is not warned about; when a deadline passes the model is
 * refreshed and follows the instance until it settles, so the list, the
 * status bar and the notifications show the automatic stop even on standby.
 */
export class LeaseClock implements IModelArts.ILeaseClock, IDisposable {
  constructor(options: LeaseClock.IOptions) {
    this._model = options.model;
    this._leadMinutes = options.leadMinutes;
    this._now = options.now ?? Date.now;
    this._model.changed.connect(this._schedule, this);
    this._schedule();
  }

  /** Emitted every second while a running instance has an auto-stop. */
  get ticked(): ISignal<this, void> {
    return this._ticked;
  }

  /** Emitted once per instance and deadline when the auto-stop comes near. */
  get warning(): ISignal<this, ILeaseWarning> {
    return this._warning;
  }

  /** Milliseconds until `notebook` stops by itself, or null when it will not. */
  remaining(notebook: INotebookView): number | null {
    return leftMs(notebook, this._model.clockOffsetMs, this._now());
  }

  /** The running instance that stops first. */
  soonest(): ISoonest | null {
    return soonestStop(
      this._model.running,
      this._model.clockOffsetMs,
      this._now()
    );
  }

  /** Check now (also called every second). */
  check(): void {
    const model = this._model;
    if (!this._confirming && this._due().length) {
      // Confirm with a fresh list first: the lease may have been renewed elsewhere.
      this._confirming = true;
      void model.refresh(false).then(() => {
        this._confirming = false;
        for (const warning of this._due()) {
          this._warned.add(warningKey(warning.notebook));
          this._warning.emit(warning);
        }
      });
    }
    const expired = model.running.filter(
      n => this.remaining(n) === 0 && !this._expired.has(warningKey(n))
    );
    if (expired.length) {
      for (const notebook of expired) {
        this._expired.add(warningKey(notebook));
        // ModelArts' sweep may stop it a little later than this refresh:
        // follow it until it settles, even on standby.
        if (notebook.id) {
          model.watch(notebook.id);
        }
      }
      void model.refresh(false);
    }
    this._ticked.emit();
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    window.clearInterval(this._timer);
    this._model.changed.disconnect(this._schedule, this);
    Signal.clearData(this);
  }

  /** The warnings due now, on the model's current list. */
  private _due(): ILeaseWarning[] {
    const model = this._model;
    const lead = this._leadMinutes() * MINUTE;
    return dueWarnings(
      model.running,
      model.clockOffsetMs,
      this._now(),
      lead,
      this._warned
    );
  }

  /** Tick only while some running instance has an auto-stop to count down. */
  private _schedule(): void {
    const counting = this._model.running.some(
      n => typeof n.lease_deadline_ms === 'number'
    );
    if (counting && this._timer === undefined) {
      this._timer = window.setInterval(() => this.check(), SECOND);
      this.check();
    } else if (!counting && this._timer !== undefined) {
      window.clearInterval(this._timer);
      this._timer = undefined;
      this._ticked.emit();
    }
  }

  private _model: InstancesModel;
  private _leadMinutes: () => number;
  private _now: () => number;
  private _timer: number | undefined = undefined;
  private _confirming = false;
  private _warned = new Set<string>();
  private _expired = new Set<string>();
  private _isDisposed = false;
  private _ticked = new Signal<this, void>(this);
  private _warning = new Signal<this, ILeaseWarning>(this);
}

export namespace LeaseClock {
  export interface IOptions {
    model: InstancesModel;
    /** Minutes of warning before an automatic stop (0 = none); read on every check. */
    leadMinutes: () => number;
    /** The browser clock (tests pass their own). */
    now?: () => number;
  }
}
