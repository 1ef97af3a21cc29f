import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { IAutoStopOption, ILaunchChoices } from '../launch';
import type { FormField } from '../validation';
import { describedBy, Field } from './Field';

/** Props shared by the launch form's secondary fields. */
export interface ILaunchFieldsProps {
  idPrefix: string;
  choices: ILaunchChoices;
  set: (change: Partial<ILaunchChoices>) => void;
  errors: Partial<Record<FormField, string | null>>;
  trans: TranslationBundle;
}

/** Storage kind and size: the kinds the chosen flavor offers. */
export function StorageField(
  props: ILaunchFieldsProps & { kinds: ('EVS' | 'EFS')[] }
): JSX.Element {
  const { idPrefix, choices, set, errors, trans, kinds } = props;
  const id = `${idPrefix}-storage`;
  const names = {
    EVS: trans.__('EVS disk'),
    EFS: trans.__('SFS Turbo file system (EFS)')
  };
  return (
    <Field id={id} label={trans.__('Storage')} error={errors.storage}>
      <div className="jp-ModelArts-inline">
        <select
          id={id}
          className="jp-mod-styled"
          value={choices.storageCategory}
          {...describedBy(id, errors.storage)}
          onChange={event =>
            set({ storageCategory: event.target.value as 'EVS' | 'EFS' })
          }
        >
          {kinds.map(kind => (
            <option key={kind} value={kind}>
              {names[kind]}
            </option>
          ))}
        </select>
        <input
          type="number"
          className="jp-mod-styled jp-ModelArts-size"
          aria-label={trans.__('Storage size (GB)')}
          min={choices.storageCategory === 'EVS' ? 5 : 1}
          max={4096}
          step={1}
          value={Number.isFinite(choices.capacity) ? choices.capacity : ''}
          onChange={event => set({ capacity: event.target.valueAsNumber })}
        />
        <span className="jp-ModelArts-unit">{trans.__('GB')}</span>
      </div>
    </Field>
  );
}

/** When the instance stops by itself. */
export function AutoStopField(
  props: ILaunchFieldsProps & { options: IAutoStopOption[] }
): JSX.Element {
  const { idPrefix, choices, set, errors, trans, options } = props;
  const id = `${idPrefix}-autostop`;
  const groups: [IAutoStopOption['group'], string][] = [
    ['TIMING', trans.__('Stop after running for')],
    ['IDLE', trans.__('Stop when idle for')],
    ['OFF', trans.__('No automatic stop')]
  ];
  return (
    <Field
      id={id}
      label={trans.__('Auto-stop')}
      error={errors.autoStop}
      hint={trans.__('You are warned before it stops and can extend it.')}
    >
      <select
        id={id}
        className="jp-mod-styled"
        value={choices.autoStop}
        {...describedBy(id, errors.autoStop)}
        onChange={event => set({ autoStop: event.target.value })}
      >
        {groups.map(([group, label]) => {
          const inGroup = options.filter(o => o.group === group);
          return inGroup.length ? (
            <optgroup key={group} label={label}>
              {inGroup.map(o => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ) : null;
        })}
      </select>
    </Field>
  );
}

/** Optional SSH access: key pair names and the addresses allowed to connect. */
export function SshFields(
  props: ILaunchFieldsProps & { required: boolean; ipsError: string | null }
): JSX.Element {
  const { idPrefix, choices, set, errors, trans, required, ipsError } = props;
  const keysId = `${idPrefix}-keypairs`;
  const ipsId = `${idPrefix}-ips`;
  return (
    <details className="jp-ModelArts-details" open={required || undefined}>
      <summary>
        {required
          ? trans.__('SSH access (required by this image)')
          : trans.__('SSH access')}
      </summary>
      <Field
        id={keysId}
        label={trans.__('Key pairs')}
        error={errors.ssh}
        hint={trans.__('Names of your key pairs, separated by commas.')}
      >
        <input
          id={keysId}
          className="jp-mod-styled"
          value={choices.keyPairs}
          {...describedBy(keysId, errors.ssh)}
          onChange={event => set({ keyPairs: event.target.value })}
        />
      </Field>
      <Field
        id={ipsId}
        label={trans.__('Allowed IP addresses')}
        error={ipsError}
        hint={trans.__('Up to 5 public IPv4 addresses; empty allows any.')}
      >
        <input
          id={ipsId}
          className="jp-mod-styled"
          value={choices.allowedIps}
          disabled={!choices.keyPairs.trim()}
          {...describedBy(ipsId, ipsError)}
          onChange={event => set({ allowedIps: event.target.value })}
        />
      </Field>
    </details>
  );
}
