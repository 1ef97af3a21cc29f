/**
 * The confirmations and small choices the commands ask for. Each returns what
 * the user decided; none of them changes anything itself.
 */
import { Dialog, InputDialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { flavorSummary, imageLabel } from './format/catalog';
import { formatLeaseLength, HOUR } from './format/time';
import { extensionChoices } from './leaseClock';
import type { IFlavorView, INotebookView, IPreset } from './contract';

/** Ask before deleting: the instance's managed storage goes with it. */
export async function confirmDelete(
  notebook: INotebookView,
  trans: TranslationBundle
): Promise<boolean> {
  const name = notebook.name ?? notebook.id ?? '';
  const volume = notebook.volume;
  const storage = volume?.category
    ? trans.__(
        'its %1 storage of %2 GB',
        volume.category,
        volume.capacity ?? '?'
      )
    : trans.__('its storage');
  const result = await showDialog({
    title: trans.__('Delete %1?', name),
    body: (
      <div className="jp-ModelArts-dialogText">
        <p>
          {trans.__(
            'The instance and %1, with every file in it, are deleted for good.',
            storage
          )}
        </p>
        <p>{trans.__('Download anything you want to keep first.')}</p>
      </div>
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Delete') })
    ],
    defaultButton: 0
  });
  return result.button.accept;
}

/** Ask before stopping (when the user wants to be asked): running kernels end. */
export async function confirmStop(
  notebook: INotebookView,
  trans: TranslationBundle
): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Stop %1?', notebook.name ?? notebook.id ?? ''),
    body: trans.__(
      'Its kernels end and unsaved work in them is lost; files on its storage are kept.'
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.warnButton({ label: trans.__('Stop') })
    ]
  });
  return result.button.accept;
}

/** Show what a preset launches and ask to go ahead. */
export async function confirmPreset(
  preset: IPreset,
  name: string,
  flavor: IFlavorView | undefined,
  trans: TranslationBundle
): Promise<boolean> {
  const storage = preset.storage?.category ?? 'EVS';
  const capacity = preset.storage?.capacity;
  const rows: [string, string][] = [
    [trans.__('Name'), name],
    [
      trans.__('Flavor'),
      flavor ? `${flavorSummary(flavor, trans)} (${flavor.id})` : preset.flavor
    ],
    [trans.__('Image'), preset.image],
    [trans.__('Storage'), capacity ? `${storage} ${capacity} GB` : storage],
    [
      trans.__('Auto-stop'),
      preset.lease
        ? preset.lease.duration_ms < 0
          ? trans.__('Never')
          : formatLeaseLength(preset.lease.duration_ms, trans)
        : formatLeaseLength(HOUR, trans)
    ]
  ];
  const result = await showDialog({
    title: trans.__('Launch %1?', preset.display_name),
    body: (
      <div className="jp-ModelArts-dialogText">
        {preset.description && <p>{preset.description}</p>}
        <dl className="jp-ModelArts-summary">
          {rows.map(([term, value]) => (
            <React.Fragment key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </React.Fragment>
          ))}
        </dl>
      </div>
    ),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Launch') })
    ]
  });
  return result.button.accept;
}

/**
 * How long an Extend should keep the instance running from now. A renewal
 * resets the countdown: "2 h" means it stops 2 h from now, whatever was left.
 *
 * @returns milliseconds, or null when cancelled
 */
export async function chooseExtension(
  notebook: INotebookView,
  defaultHours: number,
  maxLeaseMs: number | null | undefined,
  trans: TranslationBundle
): Promise<number | null> {
  const lengths = extensionChoices(maxLeaseMs);
  const labels = lengths.map(ms => formatLeaseLength(ms, trans));
  const preferred = lengths.includes(defaultHours * HOUR)
    ? defaultHours * HOUR
    : lengths[0];
  const result = await InputDialog.getItem({
    title: trans.__('Keep %1 running for', notebook.name ?? notebook.id ?? ''),
    label: trans.__(
      'It then stops this long from now (the countdown restarts).'
    ),
    items: labels,
    current: labels[lengths.indexOf(preferred)] ?? labels[0],
    okLabel: trans.__('Extend'),
    cancelLabel: trans.__('Cancel')
  });
  if (!result.button.accept || result.value === null) {
    return null;
  }
  const index = labels.indexOf(result.value);
  return index >= 0 ? lengths[index] : null;
}

/**
 * Let the user pick one of `candidates` (commands run from the palette or a
 * menu, without an instance id).
 *
 * @returns the chosen id, or null when cancelled or there is nothing to choose
 */
export async function pickInstance(
  title: string,
  candidates: readonly INotebookView[],
  trans: TranslationBundle
): Promise<string | null> {
  if (candidates.length === 0) {
    await showDialog({
      title,
      body: trans.__('No instance is in a state that allows this.'),
      buttons: [Dialog.okButton({ label: trans.__('OK') })]
    });
    return null;
  }
  const labels = candidates.map(n => {
    const image = n.image ? imageLabel(n.image) : '';
    return `${n.name ?? n.id} (${n.flavor ?? ''}${image ? `, ${image}` : ''})`;
  });
  const result = await InputDialog.getItem({
    title,
    label: trans.__('Instance'),
    items: labels,
    okLabel: trans.__('Select'),
    cancelLabel: trans.__('Cancel')
  });
  const index =
    result.button.accept && result.value !== null
      ? labels.indexOf(result.value)
      : -1;
  return index >= 0 ? (candidates[index].id ?? null) : null;
}
