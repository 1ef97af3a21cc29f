import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';

import { useSignals } from '../components/useSignal';
import { formatDuration } from '../format/time';
import { modelartsIcon } from '../icons';
import type { IModelArts } from '../tokens';

function StatusText(props: {
  model: IModelArts.IInstances;
  clock: IModelArts.ILeaseClock;
  trans: TranslationBundle;
}): JSX.Element {
  const { model, clock, trans } = props;
  useSignals(model.changed, clock.ticked);
  const running = model.running.length;
  const soonest = clock.soonest();
  const count = trans._n('%1 running', '%1 running', running);
  const stop = soonest
    ? trans.__(
        '%1 stops in %2',
        soonest.notebook.name ?? '',
        formatDuration(soonest.remainingMs, trans)
      )
    : null;
  return (
    <span
      className="jp-ModelArts-statusText"
      title={trans.__('ModelArts instances: click to show them')}
    >
      <modelartsIcon.react tag="span" className="jp-ModelArts-statusIcon" />
      {trans.__('ModelArts: %1', count)}
      {stop && <span className="jp-ModelArts-statusStop">{` · ${stop}`}</span>}
    </span>
  );
}

/**
 * The status bar item: how many instances run and which one stops first, with
 * its countdown (on the server's clock). A click opens the ModelArts panel.
 */
export class ModelArtsStatusItem extends ReactWidget {
  constructor(
    private readonly _options: {
      model: IModelArts.IInstances;
      clock: IModelArts.ILeaseClock;
      trans: TranslationBundle;
      onClick: () => void;
    }
  ) {
    super();
    this.addClass('jp-ModelArts-status');
    this.addClass('jp-mod-highlighted');
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
    this.node.setAttribute(
      'aria-label',
      _options.trans.__('Show ModelArts instances')
    );
    this.node.addEventListener('click', () => _options.onClick());
    this.node.addEventListener('keydown', event => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        _options.onClick();
      }
    });
  }

  render(): JSX.Element {
    const { model, clock, trans } = this._options;
    return <StatusText model={model} clock={clock} trans={trans} />;
  }
}
