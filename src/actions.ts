/**
 * What the commands do once they know the instance: the confirmations, the
 * call, and a notification when it fails. Shared by the palette, the menu, the
 * panel's buttons and the launcher.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

import type { ModelArtsAPI } from './api';
import type { CatalogModel } from './catalog';
import { EditBody, IEditValues } from './components/EditForm';
import * as D from './dialogs';
import { describeError } from './format/errors';
import { presetRequest, suggestName } from './launch';
import type { InstancesModel } from './model';
import type { Notifier } from './notifications';
import { openInstance } from './open';
import { ModelArtsAPIError } from './request';
import type { SettingsHolder } from './settings';
import type { INotebookView } from './contract';
import { errorsForForm, IFieldErrors } from './validation';

/** Everything the actions need. */
export interface IActionContext {
  api: ModelArtsAPI;
  model: InstancesModel;
  catalog: CatalogModel;
  notifier: Notifier;
  settings: SettingsHolder;
  trans: TranslationBundle;
  /** Reveal the panel (and its launch form). */
  showPanel: (launch?: boolean) => void;
}

/** Run `work`; a failure becomes an error notification (and never an unhandled rejection). */
async function reported(
  ctx: IActionContext,
  what: string,
  work: () => Promise<unknown>
): Promise<void> {
  try {
    await work();
  } catch (error) {
    Notification.error(`${what}: ${describeError(error, ctx.trans)}`, {
      autoClose: false
    });
  }
}

function nameOf(ctx: IActionContext, id: string): string {
  return ctx.model.find(id)?.name ?? id;
}

export function openAction(ctx: IActionContext, id: string): Promise<void> {
  return reported(ctx, ctx.trans.__('Could not open %1', nameOf(ctx, id)), () =>
    openInstance(ctx.api, id)
  );
}

export function stopAction(ctx: IActionContext, id: string): Promise<void> {
  const notebook = ctx.model.find(id);
  return reported(
    ctx,
    ctx.trans.__('Could not stop %1', nameOf(ctx, id)),
    async () => {
      if (
        ctx.settings.value.confirmStop &&
        notebook &&
        !(await D.confirmStop(notebook, ctx.trans))
      ) {
        return;
      }
      await ctx.model.stop(id);
    }
  );
}

export async function startAction(
  ctx: IActionContext,
  id: string
): Promise<void> {
  // The notifier reports the failure in its progress notification.
  await ctx.notifier.start(id).catch(() => undefined);
}

export async function extendAction(
  ctx: IActionContext,
  id: string,
  durationMs?: number
): Promise<void> {
  const notebook = ctx.model.find(id);
  let duration = durationMs;
  if (duration === undefined && notebook) {
    const chosen = await D.chooseExtension(
      notebook,
      ctx.settings.value.extendHours,
      ctx.model.status?.max_lease_ms,
      ctx.trans
    );
    if (chosen === null) {
      return;
    }
    duration = chosen;
  }
  await ctx.notifier.extend(id, duration).catch(() => undefined);
}

export function deleteAction(ctx: IActionContext, id: string): Promise<void> {
  const notebook = ctx.model.find(id);
  return reported(
    ctx,
    ctx.trans.__('Could not delete %1', nameOf(ctx, id)),
    async () => {
      if (
        ctx.settings.value.confirmDelete &&
        notebook &&
        !(await D.confirmDelete(notebook, ctx.trans))
      ) {
        return;
      }
      await ctx.model.remove(id);
    }
  );
}

/**
 * Edit a stopped instance. A refusal by the server reopens the dialog with the
 * user's values and each problem next to its field.
 */
export function editAction(ctx: IActionContext, id: string): Promise<void> {
  const trans = ctx.trans;
  return reported(
    ctx,
    trans.__('Could not edit %1', nameOf(ctx, id)),
    async () => {
      const notebook: INotebookView =
        ctx.model.find(id) ?? (await ctx.api.notebook(id));
      const switchable = await ctx.catalog
        .switchableFlavors(id)
        .catch(() => []);
      let values: IEditValues | undefined;
      let errors: IFieldErrors = { fields: {}, general: [] };
      for (;;) {
        const body = new EditBody({
          notebook,
          switchable,
          catalog: ctx.catalog,
          errors,
          trans,
          values
        });
        const result = await showDialog({
          title: trans.__('Edit %1', notebook.name ?? id),
          body,
          buttons: [
            Dialog.cancelButton({ label: trans.__('Cancel') }),
            Dialog.okButton({ label: trans.__('Save') })
          ],
          focusNodeSelector: 'input'
        });
        values = body.values;
        const request = result.value;
        if (
          !result.button.accept ||
          !request ||
          Object.keys(request).length === 0
        ) {
          return;
        }
        try {
          await ctx.model.update(id, request);
          return;
        } catch (error) {
          if (!(error instanceof ModelArtsAPIError)) {
            throw error;
          }
          errors = errorsForForm(error.message, error.code, error.problems);
        }
      }
    }
  );
}

/**
 * Launch an administrator preset: the name is the preset's prefix and the first
 * free number, the image is resolved against the flavor's images, and the user
 * confirms (unless they turned confirmations off).
 */
export function launchPresetAction(
  ctx: IActionContext,
  slug: string
): Promise<void> {
  const trans = ctx.trans;
  return reported(
    ctx,
    trans.__('Could not launch preset %1', slug),
    async () => {
      const presets = await ctx.catalog.loadPresets();
      const preset = presets.find(p => p.slug === slug);
      if (!preset) {
        throw new Error(trans.__('There is no preset "%1" any more.', slug));
      }
      const flavors = await ctx.catalog.loadFlavors();
      const flavor = flavors.find(f => f.id === preset.flavor);
      const name = suggestName(
        preset.name_prefix,
        ctx.model.instances.map(n => n.name ?? '')
      );
      if (
        ctx.settings.value.confirmPresetLaunch &&
        !(await D.confirmPreset(preset, name, flavor, trans))
      ) {
        return;
      }
      ctx.showPanel(false);
      // The server resolves the image and validates; the notifier shows the
      // progress, and the failure. The optimistic row shows the preset's choices.
      await ctx.notifier
        .launch(presetRequest(preset, name), {
          send: () => ctx.api.launchPreset(slug, name)
        })
        .catch(() => undefined);
    }
  );
}
