import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification, showErrorMessage } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { getServerStatus } from './request';

/** ID of the core plugin; also the key of its settings (schema/plugin.json). */
const PLUGIN_ID = 'jupyter-modelarts:plugin';

/**
 * Where the outcome of the start-up check is published: `data-modelarts-*` attributes
 * on `<body>`. UI tests and other extensions read them; nothing secret goes there.
 */
function publish(values: Record<string, string>): void {
  Object.assign(document.body.dataset, values);
}

/**
 * Ask the server extension for its status once, at start-up.
 *
 * A failure here nearly always means the Python half is missing or disabled, which
 * the user can fix; so it becomes a notification, never only a console message.
 */
async function checkServer(
  app: JupyterFrontEnd,
  translator: ITranslator
): Promise<void> {
  const trans = translator.load('jupyter_modelarts');
  publish({ modelartsStatus: 'pending' });
  try {
    const status = await getServerStatus(app.serviceManager.serverSettings);
    publish({
      modelartsStatus: 'ok',
      modelartsVersion: status.version,
      modelartsConfigured: String(status.configured)
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    publish({ modelartsStatus: 'error', modelartsError: message });
    const title = trans.__('ModelArts is unavailable');
    Notification.error(`${title}: ${message}`, {
      autoClose: false,
      // The toast truncates long messages; the dialog shows all of it.
      actions: [
        {
          label: trans.__('Details'),
          callback: () => void showErrorMessage(title, message)
        }
      ]
    });
  }
}

/**
 * Core plugin: checks that the jupyter_modelarts server extension answers.
 */
const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description:
    'Brings Huawei Cloud ModelArts notebook instances into JupyterLab.',
  autoStart: true,
  optional: [ITranslator],
  activate: (app: JupyterFrontEnd, translator: ITranslator | null): void => {
    // Not awaited: JupyterLab must not wait on a server round trip to finish starting.
    void checkServer(app, translator ?? nullTranslator);
  }
};

export default [plugin];
