/**
 * The plugins of jupyter-modelarts. Only plugin objects live here: the core
 * (model, sidebar, commands, notifications) provides IModelArts; the launcher,
 * palette and status bar plugins are optional add-ons to it.
 */
import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStateDB } from '@jupyterlab/statedb';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { activateCore, PLUGIN_ID } from './setup';
import { CommandIDs, IModelArts } from './tokens';
import { ModelArtsStatusItem } from './widgets/StatusItem';

/** Launcher category of every ModelArts tile. */
const CATEGORY = 'ModelArts';

const core: JupyterFrontEndPlugin<IModelArts> = {
  id: PLUGIN_ID,
  description:
    'Brings Huawei Cloud ModelArts notebook instances into JupyterLab.',
  autoStart: true,
  provides: IModelArts,
  optional: [ITranslator, ILayoutRestorer, ISettingRegistry, IStateDB],
  activate: (
    app: JupyterFrontEnd,
    translator: ITranslator | null,
    restorer: ILayoutRestorer | null,
    registry: ISettingRegistry | null,
    state: IStateDB | null
  ): IModelArts =>
    activateCore(app, translator ?? nullTranslator, restorer, registry, state)
};

/** "ModelArts Notebook" and one tile per administrator preset. */
const launcher: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-modelarts:launcher',
  description: 'ModelArts tiles in the launcher.',
  autoStart: true,
  requires: [IModelArts, ILauncher],
  activate: (
    app: JupyterFrontEnd,
    modelarts: IModelArts,
    launcher: ILauncher
  ): void => {
    launcher.add({ command: CommandIDs.launch, category: CATEGORY, rank: 0 });
    // Presets come from the server once it answers and ModelArts is configured.
    const addPresets = () => {
      if (modelarts.instances.connection.kind !== 'ready') {
        return;
      }
      modelarts.instances.changed.disconnect(addPresets);
      void modelarts.catalog.loadPresets().then(
        presets =>
          presets.forEach((preset, index) =>
            launcher.add({
              command: CommandIDs.launchPreset,
              args: { slug: preset.slug },
              category: CATEGORY,
              rank: preset.default ? 1 : 2 + index
            })
          ),
        () => undefined // the panel shows why the server cannot answer
      );
    };
    modelarts.instances.changed.connect(addPresets);
    addPresets();
  }
};

const palette: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-modelarts:palette',
  description: 'ModelArts commands in the command palette.',
  autoStart: true,
  requires: [IModelArts, ICommandPalette],
  optional: [ITranslator],
  activate: (
    app: JupyterFrontEnd,
    modelarts: IModelArts,
    palette: ICommandPalette,
    translator: ITranslator | null
  ): void => {
    const category = (translator ?? nullTranslator)
      .load('jupyter_modelarts')
      .__('ModelArts');
    for (const command of [
      CommandIDs.showPanel,
      CommandIDs.launch,
      CommandIDs.refresh,
      CommandIDs.open,
      CommandIDs.extend,
      CommandIDs.stop,
      CommandIDs.start,
      CommandIDs.edit,
      CommandIDs.remove
    ]) {
      palette.addItem({ command, category, args: { isPalette: true } });
    }
  }
};

/** Running instances and the soonest automatic stop; a click shows the panel. */
const statusBar: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-modelarts:status-bar',
  description: 'ModelArts instances in the status bar.',
  autoStart: true,
  requires: [IModelArts, IStatusBar],
  optional: [ITranslator, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    modelarts: IModelArts,
    statusBar: IStatusBar,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load('jupyter_modelarts');
    const item = new ModelArtsStatusItem({
      model: modelarts.instances,
      clock: modelarts.clock,
      trans,
      onClick: () => modelarts.showPanel(false)
    });
    statusBar.registerStatusItem('jupyter-modelarts:status', {
      item,
      align: 'left',
      rank: 50,
      isActive: () => modelarts.instances.running.length > 0,
      activeStateChanged: modelarts.instances.changed
    });
  }
};

export default [core, launcher, palette, statusBar];
