import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { InstancesModel } from '../model';
import type { IStatusView } from '../contract';
import { Badge } from './Badge';
import { useSignals } from './useSignal';

/** Props of {@link Header}. */
export interface IHeaderProps {
  model: InstancesModel;
  trans: TranslationBundle;
}

/** What to do when the Python half of the extension does not answer. */
function MissingServer(props: {
  message: string;
  trans: TranslationBundle;
}): JSX.Element {
  const { trans } = props;
  return (
    <div
      className="jp-ModelArts-notice jp-mod-error"
      role="alert"
      data-state="missing"
    >
      <p className="jp-ModelArts-noticeTitle">
        {trans.__(
          'The jupyter_modelarts server extension is not installed or not enabled.'
        )}
      </p>
      <p>
        {trans.__(
          'Install it in the environment that runs Jupyter, enable it, then restart Jupyter:'
        )}
      </p>
      <pre className="jp-ModelArts-code">
        {
          'pip install jupyter_modelarts\njupyter server extension enable jupyter_modelarts\njupyter server extension list'
        }
      </pre>
      <p className="jp-ModelArts-muted">{props.message}</p>
    </div>
  );
}

/** Why ModelArts cannot be used yet, and how to fix it (the server's own words). */
function NotConfigured(props: {
  status: IStatusView;
  trans: TranslationBundle;
}): JSX.Element {
  const { status, trans } = props;
  return (
    <div
      className="jp-ModelArts-notice jp-mod-warn"
      role="alert"
      data-state="unconfigured"
    >
      <p className="jp-ModelArts-noticeTitle">
        {trans.__('ModelArts is not configured.')}
      </p>
      <ul>
        {(status.problems ?? []).map(problem => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      {status.hint && <p>{status.hint}</p>}
    </div>
  );
}

/** Region, project, simulator badge and quota of a working connection. */
function Connected(props: {
  status: IStatusView;
  trans: TranslationBundle;
}): JSX.Element {
  const { status, trans } = props;
  const quota = status.quota;
  const project = status.project_id
    ? `${status.project_id.slice(0, 8)}…`
    : null;
  return (
    <div className="jp-ModelArts-connection" data-state="ready">
      <div className="jp-ModelArts-connectionLine">
        <span className="jp-ModelArts-dot jp-mod-ok" aria-hidden="true" />
        <span title={status.endpoint ?? undefined}>
          {status.endpoint_kind === 'simulator'
            ? trans.__('Connected to the simulator')
            : trans.__(
                'Connected to %1',
                status.region ?? status.endpoint ?? ''
              )}
        </span>
        {status.endpoint_kind === 'simulator' && (
          <Badge tone="info" title={status.endpoint ?? undefined}>
            {trans.__('Simulator')}
          </Badge>
        )}
      </div>
      <div className="jp-ModelArts-muted">
        {[
          status.region && trans.__('Region %1', status.region),
          project && trans.__('Project %1', project)
        ]
          .filter(Boolean)
          .join(' · ')}
      </div>
      {quota && typeof quota.quota === 'number' && (
        <div
          className="jp-ModelArts-quota"
          title={trans.__('Notebook instances used / allowed')}
        >
          {trans.__('Quota: %1 of %2 instances', quota.used ?? 0, quota.quota)}
          <meter
            min={0}
            max={quota.quota}
            value={quota.used ?? 0}
            aria-label={trans.__('Quota used')}
          />
        </div>
      )}
    </div>
  );
}

/**
 * Ask again at once (e.g. after fixing the configuration): the poll backs off
 * on errors and the panel's toolbar, with its Refresh, hides until connected.
 */
function RetryButton(props: IHeaderProps): JSX.Element {
  const { model, trans } = props;
  const [retrying, setRetrying] = React.useState(false);
  const retry = () => {
    setRetrying(true);
    void model.refresh().finally(() => setRetrying(false));
  };
  return (
    <button
      type="button"
      className="jp-mod-styled jp-ModelArts-retry"
      disabled={retrying}
      onClick={retry}
    >
      {retrying ? trans.__('Retrying…') : trans.__('Retry')}
    </button>
  );
}

/** The panel's header: connection state, with what to do when it does not work. */
export function Header(props: IHeaderProps): JSX.Element {
  const { model, trans } = props;
  useSignals(model.changed);
  const connection = model.connection;
  let body: JSX.Element;
  switch (connection.kind) {
    case 'loading':
      body = (
        <div className="jp-ModelArts-muted">{trans.__('Connecting…')}</div>
      );
      break;
    case 'missing':
      body = <MissingServer message={connection.message} trans={trans} />;
      break;
    case 'error':
      body = (
        <div
          className="jp-ModelArts-notice jp-mod-error"
          role="alert"
          data-state="error"
        >
          {connection.message}
        </div>
      );
      break;
    case 'unconfigured':
      body = <NotConfigured status={connection.status} trans={trans} />;
      break;
    case 'ready':
      body = <Connected status={connection.status} trans={trans} />;
  }
  return (
    <div className="jp-ModelArts-header">
      <h2 className="jp-ModelArts-title">{trans.__('ModelArts')}</h2>
      {body}
      {connection.kind !== 'ready' && connection.kind !== 'loading' && (
        <RetryButton model={model} trans={trans} />
      )}
      {model.lastError && connection.kind === 'ready' && (
        <div className="jp-ModelArts-fieldError" role="status">
          {trans.__('Last refresh failed: %1', model.lastError)}
        </div>
      )}
    </div>
  );
}
