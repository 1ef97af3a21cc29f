import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import type { IDisposable } from '@lumino/disposable';

import { notifyAutoStopped, notifyStopSoon } from './alerts';
import type {
  ILeaseView,
  INotebookCreateRequest,
  INotebookView,
  IStartBody
} from './contract';
import { describeError } from './format/errors';
import { isFailed, progressSteps, statusLabel } from './format/status';
import { formatClockTime, formatDuration, HOUR } from './format/time';
import { clampExtension } from './leaseClock';
import type { LeaseClock } from './leaseClock';
import type { InstancesModel } from './model';
import type { SettingsHolder } from './settings';
import { CommandIDs } from './tokens';
import type { IInstanceChange, ILeaseWarning } from './tokens';

/** How close to its deadline a stop counts as the automatic one (clock skew, poll delay). */
const EXPIRY_SLACK_MS = 60_000;

/**
 * Everything the extension tells the user outside the panel: launch and start
 * progress (one notification updated in place, as jupyterlab-git's clone does),
 * "ready" with an Open button, failures with the upstream code and message, the
 * warning before an automatic stop with Extend, and the outcome of Extend.
 */
export class Notifier implements IDisposable {
  constructor(options: Notifier.IOptions) {
    this._model = options.model;
    this._clock = options.clock;
    this._commands = options.commands;
    this._trans = options.trans;
    this._settings = options.settings;
    this._model.instanceChanged.connect(this._onChange, this);
    this._clock.warning.connect(this._onWarning, this);
  }

  /**
   * Launch with a progress notification that ends in "ready" (Open) or the failure.
   * `quiet`: a refused request is not notified (the launch form shows it by its fields).
   */
  launch(
    request: INotebookCreateRequest,
    options: { quiet?: boolean; send?: () => Promise<INotebookView> } = {}
  ): Promise<INotebookView> {
    const trans = this._trans;
    return this._followed(
      trans.__('Launching %1…', request.name),
      () => this._model.launch(request, options.send),
      reason => trans.__('Could not launch %1: %2', request.name, reason),
      options.quiet
    );
  }

  /** Start a stopped instance, followed until it runs (or fails). */
  start(id: string, body?: IStartBody): Promise<INotebookView> {
    const trans = this._trans;
    const name = this._model.find(id)?.name ?? id;
    return this._followed(
      trans.__('Starting %1…', name),
      () => this._model.start(id, body),
      reason => trans.__('Could not start %1: %2', name, reason)
    );
  }

  /**
   * Renew the lease so the instance runs `durationMs` from now (a renewal resets
   * the countdown; it does not add to it) and say until when.
   */
  async extend(id: string, durationMs?: number): Promise<ILeaseView> {
    const trans = this._trans;
    const notebook = this._model.find(id);
    const name = notebook?.name ?? id;
    const duration = durationMs ?? this._defaultExtension();
    const type = notebook?.lease?.type === 'IDLE' ? 'IDLE' : 'TIMING';
    try {
      const lease = await this._model.renew(id, { type, duration });
      const offset = this._model.clockOffsetMs;
      const until =
        typeof lease.deadline_ms === 'number'
          ? formatClockTime(lease.deadline_ms, offset, Date.now())
          : null;
      Notification.success(
        until
          ? trans.__(
              '%1 now runs until %2 (%3 from now).',
              name,
              until,
              formatDuration(duration, trans)
            )
          : trans.__('%1 now runs until you stop it.', name),
        { autoClose: 8000 }
      );
      return lease;
    } catch (error) {
      Notification.error(
        trans.__('Could not extend %1: %2', name, describeError(error, trans)),
        {
          autoClose: false
        }
      );
      throw error;
    }
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._model.instanceChanged.disconnect(this._onChange, this);
    this._clock.warning.disconnect(this._onWarning, this);
  }

  /**
   * Send, in an in-progress notification that then follows the instance until
   * it settles; a refusal turns it into `failure(reason)` (or, `quiet`, removes it).
   */
  private async _followed(
    title: string,
    send: () => Promise<INotebookView>,
    failure: (reason: string) => string,
    quiet = false
  ): Promise<INotebookView> {
    const note = Notification.emit(title, 'in-progress', { autoClose: false });
    try {
      const notebook = await send();
      this._follow(notebook, note);
      return notebook;
    } catch (error) {
      if (quiet) {
        Notification.dismiss(note);
      } else {
        this._fail(note, failure(describeError(error, this._trans)));
      }
      throw error;
    }
  }

  /** Keep notification `note` up to date with `notebook` until it settles. */
  private _follow(notebook: INotebookView, note: string): void {
    if (notebook.id) {
      this._progress.set(notebook.id, note);
      this._update(notebook);
    }
  }

  private _onChange(_: InstancesModel, change: IInstanceChange): void {
    const { notebook, previous } = change;
    const id = notebook.id ?? '';
    if (this._progress.has(id)) {
      this._update(notebook);
      return;
    }
    const trans = this._trans;
    const deadline = change.previousDeadlineMs;
    const stopped =
      notebook.status === 'STOPPING' || notebook.status === 'STOPPED';
    if (
      previous === 'RUNNING' &&
      stopped &&
      typeof deadline === 'number' &&
      deadline <= this._model.serverNow() + EXPIRY_SLACK_MS
    ) {
      // Nobody pressed Stop here: its lease ran out. Say so, with a way back.
      notifyAutoStopped(this._trans, notebook.name ?? id, () =>
        this._commands.execute(CommandIDs.start, { id })
      );
    }
    if (isFailed(notebook.status) && !isFailed(previous)) {
      const reason =
        notebook.fail_reason ?? statusLabel(notebook.status, trans);
      Notification.error(trans.__('%1: %2', notebook.name ?? id, reason), {
        autoClose: false
      });
    }
  }

  private _update(notebook: INotebookView): void {
    const trans = this._trans;
    const id = notebook.id ?? '';
    const note = this._progress.get(id);
    if (!note) {
      return;
    }
    const name = notebook.name ?? id;
    const status = notebook.status ?? '';
    if (status === 'RUNNING') {
      this._progress.delete(id);
      Notification.update({
        id: note,
        type: 'success',
        message: trans.__('%1 is running.', name),
        autoClose: false,
        actions: [
          {
            label: trans.__('Open'),
            caption: trans.__('Open the JupyterLab of %1 in a new tab', name),
            displayType: 'accent',
            callback: () => void this._commands.execute(CommandIDs.open, { id })
          }
        ]
      });
    } else if (
      isFailed(status) ||
      status === 'DELETED' ||
      status === 'STOPPED'
    ) {
      this._progress.delete(id);
      const reason = notebook.fail_reason ?? statusLabel(status, trans);
      this._fail(note, trans.__('%1 did not start: %2', name, reason));
    } else {
      const steps = progressSteps(notebook, trans);
      const current = steps.find(s => s.status === 'PROCESSING');
      const detail = current
        ? trans.__('%1 (%2 of %3)', current.title, current.step, steps.length)
        : statusLabel(status, trans);
      Notification.update({
        id: note,
        type: 'in-progress',
        message: trans.__('%1: %2…', name, detail)
      });
    }
  }

  private _fail(note: string, message: string): void {
    Notification.update({ id: note, type: 'error', message, autoClose: false });
  }

  private _onWarning(_: LeaseClock, warning: ILeaseWarning): void {
    const id = warning.notebook.id ?? '';
    notifyStopSoon(this._trans, {
      name: warning.notebook.name ?? id,
      leftMs: this._clock.remaining(warning.notebook) ?? 0,
      at: formatClockTime(
        warning.deadlineMs,
        this._model.clockOffsetMs,
        Date.now()
      ),
      extendMs: this._defaultExtension(),
      extend: () => void this.extend(id).catch(() => undefined)
    });
  }

  /** What Extend without a choice renews for: the setting, within the administrator's ceiling. */
  private _defaultExtension(): number {
    return clampExtension(
      this._settings.value.extendHours * HOUR,
      this._model.status?.max_lease_ms
    );
  }

  private _model: InstancesModel;
  private _clock: LeaseClock;
  private _commands: CommandRegistry;
  private _trans: TranslationBundle;
  private _settings: SettingsHolder;
  private _progress = new Map<string, string>();
  private _isDisposed = false;
}

export namespace Notifier {
  export interface IOptions {
    model: InstancesModel;
    clock: LeaseClock;
    commands: CommandRegistry;
    trans: TranslationBundle;
    settings: SettingsHolder;
  }
}
