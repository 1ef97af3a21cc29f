/**
 * Activation of the core plugin: builds the models, the panel, the commands and
 * the notifications, and wires settings and remembered choices into them.
 */
import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { Notification, showErrorMessage } from '@jupyterlab/apputils';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { IStateDB } from '@jupyterlab/statedb';
import type { ITranslator } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { ModelArtsAPI } from './api';
import { CatalogModel } from './catalog';
import { registerCommands } from './commands';
import type { ILaunchChoices, RememberedChoices } from './launch';
import { LeaseClock } from './leaseClock';
import { InstancesModel } from './model';
import { Notifier } from './notifications';
import { readSettings, SettingsHolder } from './settings';
import type { IModelArts } from './tokens';
import { ModelArtsPanel, PANEL_ID } from './widgets/Sidebar';

/** ID of the core plugin; also the key of its settings (schema/plugin.json). */
export const PLUGIN_ID = 'jupyter-modelarts:plugin';
/** Where the last launch's choices are kept (never a name, URL or token). */
const CHOICES_KEY = 'jupyter-modelarts:launch-choices';

/**
 * Publish the connection state on `<body>` as `data-modelarts-*` attributes for
 * UI tests and other extensions. Nothing secret goes there.
 */
function publish(model: InstancesModel): void {
  const c = model.connection;
  const data = document.body.dataset;
  data.modelartsStatus =
    c.kind === 'ready' || c.kind === 'unconfigured'
      ? 'ok'
      : c.kind === 'loading'
        ? 'pending'
        : 'error';
  data.modelartsConnection = c.kind;
  if (c.kind === 'ready' || c.kind === 'unconfigured') {
    data.modelartsVersion = c.status.version;
    data.modelartsConfigured = String(c.status.configured);
    delete data.modelartsError;
  } else if (c.kind === 'missing' || c.kind === 'error') {
    data.modelartsError = c.message;
  }
}

function rememberedFrom(value: unknown): Partial<RememberedChoices> | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const raw = value as Record<string, unknown>;
  const result: Partial<RememberedChoices> = {};
  for (const key of ['flavor', 'image', 'autoStop'] as const) {
    if (typeof raw[key] === 'string') {
      result[key] = raw[key] as string;
    }
  }
  if (raw.storageCategory === 'EVS' || raw.storageCategory === 'EFS') {
    result.storageCategory = raw.storageCategory;
  }
  if (typeof raw.capacity === 'number') {
    result.capacity = raw.capacity;
  }
  return result;
}

/** Build and wire everything; returns the IModelArts service. */
export function activateCore(
  app: JupyterFrontEnd,
  translator: ITranslator,
  restorer: ILayoutRestorer | null,
  registry: ISettingRegistry | null,
  state: IStateDB | null
): IModelArts {
  const trans = translator.load('jupyter_modelarts');
  const api = new ModelArtsAPI(app.serviceManager.serverSettings);
  const settings = new SettingsHolder();
  const model = new InstancesModel({ api, pageSize: settings.value.pageSize });
  const catalog = new CatalogModel(api);
  const clock = new LeaseClock({
    model,
    leadMinutes: () => settings.value.warningLeadMinutes
  });
  const notifier = new Notifier({
    model,
    clock,
    commands: app.commands,
    trans,
    settings
  });

  let remembered: Partial<RememberedChoices> | null = null;
  void state?.fetch(CHOICES_KEY).then(
    value => (remembered = rememberedFrom(value)),
    () => undefined
  );
  const remember = (choices: ILaunchChoices) => {
    if (!state) {
      return;
    }
    if (!settings.value.rememberChoices) {
      void state.remove(CHOICES_KEY);
      return;
    }
    const { flavor, image, storageCategory, capacity, autoStop } = choices;
    remembered = { flavor, image, storageCategory, capacity, autoStop };
    void state.save(CHOICES_KEY, remembered);
  };

  const panel = new ModelArtsPanel({
    model,
    catalog,
    clock,
    commands: app.commands,
    translator,
    remembered: () => (settings.value.rememberChoices ? remembered : null),
    onLaunch: async (request, choices) => {
      await notifier.launch(request, { quiet: true });
      remember(choices);
    }
  });
  app.shell.add(panel, 'left', { rank: 900 });
  restorer?.add(panel, PANEL_ID);

  const showPanel = (launch = false) => {
    app.shell.activateById(PANEL_ID);
    if (launch) {
      panel.showLaunchForm();
    }
  };
  registerCommands(app.commands, {
    api,
    model,
    catalog,
    notifier,
    settings,
    trans,
    showPanel
  });

  let warned = false;
  model.changed.connect(() => {
    publish(model);
    const c = model.connection;
    if (c.kind === 'missing' && !warned) {
      // The one problem users can fix but never guess: say it once, loudly.
      warned = true;
      const title = trans.__('ModelArts is unavailable');
      Notification.error(`${title}: ${c.message}`, {
        autoClose: false,
        actions: [
          {
            label: trans.__('Details'),
            callback: () => void showErrorMessage(title, c.message)
          }
        ]
      });
    }
  });
  publish(model);

  if (registry) {
    void registry.load(PLUGIN_ID).then(
      loaded => {
        const apply = () => {
          settings.value = readSettings(
            loaded.composite as ReadonlyPartialJSONObject
          );
          model.setIntervals(
            settings.value.pollIntervalFast,
            settings.value.pollIntervalSlow
          );
          if (model.query.limit !== settings.value.pageSize) {
            model.setQuery({ limit: settings.value.pageSize, offset: 0 });
          }
        };
        loaded.changed.connect(apply);
        apply();
      },
      () => undefined
    );
  }
  return { instances: model, catalog, clock, showPanel };
}
