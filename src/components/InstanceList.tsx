import type { TranslationBundle } from '@jupyterlab/translation';
import type { CommandRegistry } from '@lumino/commands';
import React from 'react';

import type { NotebookStatus } from '../contract';
import { statusLabel } from '../format/status';
import type { LeaseClock } from '../leaseClock';
import type { InstancesModel } from '../model';
import { InstanceRow } from './InstanceRow';
import { useSignals } from './useSignal';

const STATUS_FILTERS: readonly NotebookStatus[] = [
  'RUNNING',
  'STOPPED',
  'CREATING',
  'STARTING',
  'STOPPING',
  'CREATE_FAILED',
  'START_FAILED',
  'ERROR'
];
const NAME_FILTER_DELAY_MS = 300;

/** Props of {@link InstanceList}. */
export interface IInstanceListProps {
  model: InstancesModel;
  clock: LeaseClock;
  commands: CommandRegistry;
  trans: TranslationBundle;
}

/** The instances, filtered by status and name, a page at a time. */
export function InstanceList(props: IInstanceListProps): JSX.Element {
  const { model, trans } = props;
  useSignals(model.changed);
  const query = model.query;
  const [name, setName] = React.useState(query.name);
  React.useEffect(() => {
    if (name === model.query.name) {
      return;
    }
    const timer = window.setTimeout(
      () => model.setQuery({ name }),
      NAME_FILTER_DELAY_MS
    );
    return () => window.clearTimeout(timer);
  }, [name]);

  const rows = model.instances;
  const total = model.total;
  const first = total ? query.offset + 1 : 0;
  const last = Math.min(query.offset + query.limit, total);
  const filtered = Boolean(query.status || query.name);
  return (
    <div className="jp-ModelArts-list">
      <div className="jp-ModelArts-filters">
        <select
          className="jp-mod-styled"
          aria-label={trans.__('Filter by status')}
          value={query.status}
          onChange={event => model.setQuery({ status: event.target.value })}
        >
          <option value="">{trans.__('Any status')}</option>
          {STATUS_FILTERS.map(status => (
            <option key={status} value={status}>
              {statusLabel(status, trans)}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="jp-mod-styled"
          aria-label={trans.__('Filter by name')}
          placeholder={trans.__('Filter by name')}
          value={name}
          onChange={event => setName(event.target.value)}
        />
      </div>
      {rows.length === 0 ? (
        <div className="jp-ModelArts-empty">
          {filtered
            ? trans.__('No instance matches these filters.')
            : trans.__('No instances yet: launch one above.')}
        </div>
      ) : (
        <ul
          className="jp-ModelArts-instances"
          aria-label={trans.__('Instances')}
        >
          {rows.map(notebook => (
            <InstanceRow
              key={notebook.id ?? ''}
              notebook={notebook}
              {...props}
            />
          ))}
        </ul>
      )}
      {total > query.limit && (
        <nav className="jp-ModelArts-pager" aria-label={trans.__('Pages')}>
          <button
            type="button"
            className="jp-mod-styled"
            disabled={query.offset === 0}
            onClick={() =>
              model.setQuery({
                offset: Math.max(0, query.offset - query.limit)
              })
            }
          >
            {trans.__('Previous')}
          </button>
          <span>{trans.__('%1–%2 of %3', first, last, total)}</span>
          <button
            type="button"
            className="jp-mod-styled"
            disabled={last >= total}
            onClick={() =>
              model.setQuery({ offset: query.offset + query.limit })
            }
          >
            {trans.__('Next')}
          </button>
        </nav>
      )}
    </div>
  );
}
