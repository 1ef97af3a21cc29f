/**
 * The extension's commands, for the palette, the ModelArts menu, the launcher
 * and the panel's buttons. Instance commands take `{id}`; without one (palette,
 * menu) they ask which instance, offering only those whose status allows it.
 */
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import * as A from './actions';
import { actionsFor, InstanceAction } from './format/status';
import { pickInstance } from './dialogs';
import { modelartsIcon } from './icons';
import type { INotebookView } from './contract';
import { CommandIDs } from './tokens';

const ID_SCHEMA = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      description: 'The notebook instance id; asked for when missing.'
    }
  }
} as const;

function idOf(args: ReadonlyPartialJSONObject): string | null {
  return typeof args.id === 'string' && args.id ? args.id : null;
}

/**
 * Register every command.
 *
 * @param commands - `app.commands`
 * @param ctx - the models and services the commands work with
 */
export function registerCommands(
  commands: CommandRegistry,
  ctx: A.IActionContext
): void {
  const { model, trans } = ctx;

  /** The instance of `args.id`, or one the user picks among those allowing `action`. */
  const target = async (
    args: ReadonlyPartialJSONObject,
    action: InstanceAction,
    title: string
  ) => {
    const id = idOf(args);
    if (id) {
      return id;
    }
    const seen = new Map<string, INotebookView>();
    [...model.running, ...model.instances].forEach(
      n => n.id && seen.set(n.id, n)
    );
    const candidates = [...seen.values()].filter(n =>
      actionsFor(n).includes(action)
    );
    return pickInstance(title, candidates, trans);
  };
  /** With an id, enabled only when the instance's status allows `action`. */
  const allows =
    (action: InstanceAction) => (args: ReadonlyPartialJSONObject) => {
      const id = idOf(args);
      const notebook = id ? model.find(id) : undefined;
      return !id || !notebook || actionsFor(notebook).includes(action);
    };
  const instanceCommand = (
    commandId: string,
    action: InstanceAction,
    label: string,
    caption: (name: string) => string,
    run: (id: string, args: ReadonlyPartialJSONObject) => Promise<void>
  ) =>
    commands.addCommand(commandId, {
      label: args => (idOf(args) ? label : `${label}…`),
      caption: args => {
        const id = idOf(args);
        return caption(
          id ? (model.find(id)?.name ?? id) : trans.__('an instance')
        );
      },
      isEnabled: allows(action),
      describedBy: { args: ID_SCHEMA },
      execute: async args => {
        const id = await target(args, action, label);
        if (id) {
          await run(id, args);
        }
      }
    });

  commands.addCommand(CommandIDs.showPanel, {
    label: trans.__('Show ModelArts'),
    caption: trans.__('Show the ModelArts panel'),
    icon: modelartsIcon,
    execute: () => ctx.showPanel(false)
  });
  commands.addCommand(CommandIDs.launch, {
    label: args =>
      args.isPalette || args.isMenu
        ? trans.__('Launch a Notebook Instance…')
        : trans.__('ModelArts Notebook'),
    caption: trans.__(
      'Choose a flavor and an image and launch a ModelArts notebook instance'
    ),
    icon: modelartsIcon,
    execute: () => ctx.showPanel(true)
  });
  commands.addCommand(CommandIDs.launchPreset, {
    label: args => {
      const preset = ctx.catalog.presets.items.find(p => p.slug === args.slug);
      return preset?.display_name ?? trans.__('Launch Preset');
    },
    caption: args => {
      const preset = ctx.catalog.presets.items.find(p => p.slug === args.slug);
      return preset?.description || trans.__('Launch an administrator preset');
    },
    icon: modelartsIcon,
    describedBy: {
      args: {
        type: 'object',
        properties: {
          slug: { type: 'string', description: 'The preset to launch.' }
        },
        required: ['slug']
      }
    },
    execute: args => A.launchPresetAction(ctx, String(args.slug ?? ''))
  });
  commands.addCommand(CommandIDs.refresh, {
    label: trans.__('Refresh ModelArts Instances'),
    caption: trans.__('Reload the instances and the flavor and image lists'),
    execute: async () => {
      await Promise.all([model.refresh(), ctx.catalog.reload()]);
    }
  });

  instanceCommand(
    CommandIDs.open,
    'open',
    trans.__('Open'),
    n => trans.__('Open the JupyterLab of %1 in a new browser tab', n),
    id => A.openAction(ctx, id)
  );
  instanceCommand(
    CommandIDs.extend,
    'extend',
    trans.__('Extend'),
    n => trans.__('Keep %1 running longer', n),
    (id, args) =>
      A.extendAction(
        ctx,
        id,
        typeof args.durationMs === 'number' ? args.durationMs : undefined
      )
  );
  instanceCommand(
    CommandIDs.stop,
    'stop',
    trans.__('Stop'),
    n => trans.__('Stop %1 (its storage is kept)', n),
    id => A.stopAction(ctx, id)
  );
  instanceCommand(
    CommandIDs.start,
    'start',
    trans.__('Start'),
    n => trans.__('Start %1 again', n),
    id => A.startAction(ctx, id)
  );
  instanceCommand(
    CommandIDs.edit,
    'edit',
    trans.__('Edit'),
    n => trans.__('Rename %1, change its flavor, image or storage', n),
    id => A.editAction(ctx, id)
  );
  instanceCommand(
    CommandIDs.remove,
    'delete',
    trans.__('Delete'),
    n => trans.__('Delete %1 and its storage', n),
    id => A.deleteAction(ctx, id)
  );
}
