/**
 * What a notebook status means for the user: its label, its colour, whether the
 * poll must hurry, and which actions make sense. Which statuses are
 * transitional or failed, and what each allows, is the server's rule
 * (`x-status-rules`, generated into STATUS_RULES), not a copy kept here.
 * Pure functions.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { STATUS_RULES } from '../contract';
import type { IJobProgress, INotebookView, StatusAction } from '../contract';

/** Statuses that change by themselves soon: poll fast while one is shown. */
export const TRANSITIONAL: ReadonlySet<string> = new Set(
  STATUS_RULES.transitional
);

/** Statuses that need the user's attention (fail_reason is shown with them). */
export const FAILED: ReadonlySet<string> = new Set(STATUS_RULES.failed);

/** What the server allows in each status; an unknown status allows nothing. */
const ALLOWED: ReadonlyMap<string, readonly StatusAction[]> = new Map(
  Object.entries(STATUS_RULES.actions)
);

/** Every per-instance action, in the order the row shows them. */
export type InstanceAction =
  'open' | 'extend' | 'stop' | 'start' | 'edit' | 'delete';

const ROW_ORDER: readonly InstanceAction[] = [
  'open',
  'extend',
  'stop',
  'start',
  'edit',
  'delete'
];

export type StatusTone = 'running' | 'busy' | 'stopped' | 'failed';

export function isTransitional(status: string | null | undefined): boolean {
  return TRANSITIONAL.has(status ?? '');
}

export function isFailed(status: string | null | undefined): boolean {
  return FAILED.has(status ?? '');
}

/** The badge colour family of a status. */
export function statusTone(status: string | null | undefined): StatusTone {
  if (status === 'RUNNING') {
    return 'running';
  }
  if (isFailed(status)) {
    return 'failed';
  }
  return isTransitional(status) ? 'busy' : 'stopped';
}

/**
 * The row's actions for `notebook`: those the server allows in its status
 * (`STATUS_RULES.actions`), in the row's order. Edit (a new flavor, image or
 * size) is offered only while STOPPED, when a switch or an update is allowed.
 * Extend (`lease`) only when it has an auto-stop: renewing a lease without a
 * deadline would turn one on, not push it back.
 */
export function actionsFor(
  notebook: Pick<INotebookView, 'status' | 'lease_deadline_ms'>
): InstanceAction[] {
  const status = notebook.status ?? '';
  const allowed = ALLOWED.get(status) ?? [];
  const offers: Record<InstanceAction, boolean> = {
    open: allowed.includes('open'),
    extend:
      allowed.includes('lease') &&
      typeof notebook.lease_deadline_ms === 'number',
    stop: allowed.includes('stop'),
    start: allowed.includes('start'),
    edit:
      status === 'STOPPED' &&
      (allowed.includes('switch') || allowed.includes('update')),
    delete: allowed.includes('delete')
  };
  return ROW_ORDER.filter(action => offers[action]);
}

/** A status in words ("Running", "Creating"...); unknown values are shown as sent. */
export function statusLabel(
  status: string | null | undefined,
  trans: TranslationBundle
): string {
  const labels: Record<string, string> = {
    INIT: trans.__('Initialising'),
    CREATING: trans.__('Creating'),
    STARTING: trans.__('Starting'),
    RUNNING: trans.__('Running'),
    STOPPING: trans.__('Stopping'),
    STOPPED: trans.__('Stopped'),
    DELETING: trans.__('Deleting'),
    DELETED: trans.__('Deleted'),
    SNAPSHOTTING: trans.__('Saving image'),
    CREATE_FAILED: trans.__('Create failed'),
    START_FAILED: trans.__('Start failed'),
    DELETE_FAILED: trans.__('Delete failed'),
    ERROR: trans.__('Error'),
    FROZEN: trans.__('Frozen')
  };
  return labels[status ?? ''] ?? status ?? trans.__('Unknown');
}

/** One provisioning step as the row shows it. */
export interface IProgressStep {
  step: number;
  /** Storage, Compute, Network or Initialisation. */
  title: string;
  /** WAITING, PROCESSING, COMPLETED or FAILED. */
  status: string;
  /** ModelArts' description of what happens in the step. */
  description: string;
}

/**
 * The `action_progress` steps in order with their titles, or `[]` when there is
 * nothing to show (no progress reported, or the instance is settled and fine).
 */
export function progressSteps(
  notebook: INotebookView,
  trans: TranslationBundle
): IProgressStep[] {
  const raw: IJobProgress[] = notebook.action_progress ?? [];
  const showing =
    isTransitional(notebook.status) ||
    raw.some(step => step.status === 'FAILED');
  if (!showing || raw.length === 0) {
    return [];
  }
  const titles: Record<number, string> = {
    1: trans.__('Storage'),
    2: trans.__('Compute'),
    3: trans.__('Network'),
    4: trans.__('Initialisation')
  };
  return raw
    .filter(step => typeof step.step === 'number')
    .map(step => ({
      step: step.step as number,
      title: titles[step.step as number] ?? trans.__('Step %1', step.step),
      status: step.status ?? 'WAITING',
      description: step.description ?? step.step_description ?? ''
    }))
    .sort((a, b) => a.step - b.step);
}
