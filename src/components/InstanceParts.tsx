import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { IProgressStep, statusLabel, statusTone } from '../format/status';
import { formatClockTime, formatDuration } from '../format/time';
import type { LeaseClock } from '../leaseClock';
import type { InstancesModel } from '../model';
import type { INotebookView } from '../contract';
import { Badge } from './Badge';
import { useSignals } from './useSignal';

/** The status of an instance as a coloured badge. */
export function StatusBadge(props: {
  status: string | null | undefined;
  pending?: boolean;
  trans: TranslationBundle;
}): JSX.Element {
  const { status, pending, trans } = props;
  if (pending) {
    return <Badge tone="busy">{trans.__('Sending…')}</Badge>;
  }
  return <Badge tone={statusTone(status)}>{statusLabel(status, trans)}</Badge>;
}

/** The provisioning steps (storage, compute, network, initialisation) and their state. */
export function ProgressSteps(props: {
  steps: IProgressStep[];
  trans: TranslationBundle;
}): JSX.Element {
  const { steps, trans } = props;
  const states: Record<string, string> = {
    WAITING: trans.__('waiting'),
    PROCESSING: trans.__('in progress'),
    COMPLETED: trans.__('done'),
    FAILED: trans.__('failed')
  };
  return (
    <ol className="jp-ModelArts-steps" aria-label={trans.__('Progress')}>
      {steps.map(step => (
        <li
          key={step.step}
          className={`jp-ModelArts-step jp-mod-${step.status.toLowerCase()}`}
          title={step.description}
        >
          <span className="jp-ModelArts-stepTitle">{step.title}</span>
          <span className="jp-ModelArts-stepState">
            {states[step.status] ?? step.status}
          </span>
          {step.status === 'PROCESSING' && step.description && (
            <span className="jp-ModelArts-stepDescription">
              {step.description}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * "Stops in 42 min (at 14:05)", ticking with the lease clock. The countdown runs
 * on the server's clock (the deadline is ModelArts'), not the browser's.
 */
export function LeaseCountdown(props: {
  notebook: INotebookView;
  clock: LeaseClock;
  model: InstancesModel;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { notebook, clock, model, trans } = props;
  useSignals(clock.ticked);
  if (notebook.status !== 'RUNNING') {
    return null;
  }
  const left = clock.remaining(notebook);
  if (left === null) {
    return (
      <div className="jp-ModelArts-lease">{trans.__('No automatic stop')}</div>
    );
  }
  const at = formatClockTime(
    notebook.lease_deadline_ms as number,
    model.clockOffsetMs,
    Date.now()
  );
  return (
    <div className="jp-ModelArts-lease" data-remaining-ms={left}>
      {trans.__('Stops in')}{' '}
      <span className="jp-ModelArts-countdown">
        {formatDuration(left, trans)}
      </span>{' '}
      <span className="jp-ModelArts-deadline">{trans.__('(at %1)', at)}</span>
    </div>
  );
}
