import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import React from 'react';

import { imageLabel } from '../format/catalog';
import {
  actionsFor,
  InstanceAction,
  isFailed,
  progressSteps
} from '../format/status';
import { isOptimistic } from '../instanceList';
import type { LeaseClock } from '../leaseClock';
import type { InstancesModel } from '../model';
import type { INotebookView } from '../contract';
import { CommandIDs } from '../tokens';
import { LeaseCountdown, ProgressSteps, StatusBadge } from './InstanceParts';

const COMMAND_OF: Record<InstanceAction, string> = {
  open: CommandIDs.open,
  extend: CommandIDs.extend,
  stop: CommandIDs.stop,
  start: CommandIDs.start,
  edit: CommandIDs.edit,
  delete: CommandIDs.remove
};

/** Props of {@link InstanceRow}. */
export interface IInstanceRowProps {
  notebook: INotebookView;
  model: InstancesModel;
  clock: LeaseClock;
  commands: CommandRegistry;
  trans: TranslationBundle;
}

/**
 * One instance: name, status, flavor and image, the lease countdown while it
 * runs, the provisioning steps while it comes up, the failure reason, and the
 * actions its status allows. Each action runs the same command as the palette.
 */
export function InstanceRow(props: IInstanceRowProps): JSX.Element {
  const { notebook, model, clock, commands, trans } = props;
  const id = notebook.id ?? '';
  const name = notebook.name ?? id;
  const pending = isOptimistic(id);
  const steps = progressSteps(notebook, trans);
  const labels: Record<InstanceAction, string> = {
    open: trans.__('Open'),
    extend: trans.__('Extend'),
    stop: trans.__('Stop'),
    start: trans.__('Start'),
    edit: trans.__('Edit'),
    delete: trans.__('Delete')
  };
  const actions = pending ? [] : actionsFor(notebook);
  const image = notebook.image ? imageLabel(notebook.image) : '';
  return (
    <li
      className="jp-ModelArts-instance"
      data-id={id}
      data-name={name}
      data-status={pending ? 'PENDING' : (notebook.status ?? '')}
      aria-label={name}
    >
      <div className="jp-ModelArts-instanceHead">
        <span
          className="jp-ModelArts-instanceName"
          title={notebook.description ?? undefined}
        >
          {name}
        </span>
        <StatusBadge status={notebook.status} pending={pending} trans={trans} />
      </div>
      <div className="jp-ModelArts-instanceMeta" title={image}>
        {[notebook.flavor, image].filter(Boolean).join(' · ')}
      </div>
      <LeaseCountdown
        notebook={notebook}
        clock={clock}
        model={model}
        trans={trans}
      />
      {steps.length > 0 && <ProgressSteps steps={steps} trans={trans} />}
      {isFailed(notebook.status) && notebook.fail_reason && (
        <div className="jp-ModelArts-failure">{notebook.fail_reason}</div>
      )}
      {actions.length > 0 && (
        <div
          className="jp-ModelArts-actions"
          role="group"
          aria-label={trans.__('Actions for %1', name)}
        >
          {actions.map(action => (
            <button
              key={action}
              type="button"
              className={
                'jp-mod-styled jp-ModelArts-action' +
                (action === 'open' ? ' jp-mod-accept' : '') +
                (action === 'delete' ? ' jp-mod-warn' : '')
              }
              title={commands.caption(COMMAND_OF[action], { id })}
              onClick={() => void commands.execute(COMMAND_OF[action], { id })}
            >
              {labels[action]}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}
