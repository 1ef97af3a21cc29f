import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import type { CatalogModel } from '../catalog';
import * as L from '../launch';
import type { InstancesModel } from '../model';
import type { IFlavorView, IImageView } from '../contract';
import type { ILoadable } from '../tokens';
import type * as V from '../validation';

const NAME_PREFIX = 'notebook-';
export const NO_ERRORS: V.IFieldErrors = { fields: {}, general: [] };

/** The launch form's state and how it follows the catalogue. */
export interface ILaunchState {
  choices: L.ILaunchChoices;
  /** Change choices; `fields` whose server error the change makes stale. */
  set: (change: Partial<L.ILaunchChoices>, fields?: V.FormField[]) => void;
  /** The server's verdict on the last launch, per field. */
  server: V.IFieldErrors;
  setServer: (errors: V.IFieldErrors) => void;
  /** False again after a launch: the name follows the suggestion. */
  setNameTouched: (touched: boolean) => void;
  flavors: IFlavorView[];
  flavor: IFlavorView | undefined;
  images: ILoadable<IImageView>;
  image: IImageView | undefined;
  kinds: ('EVS' | 'EFS')[];
  autoStopOptions: L.IAutoStopOption[];
  taken: string[];
}

/**
 * The launch form's choices, kept consistent with today's catalogue: the
 * flavors load once connected; a flavor that vanished or sold out is replaced
 * (by the remembered one, else the default); only the chosen flavor's images
 * and storage kinds can be chosen; the name follows the first free
 * `notebook-N` until the user types one.
 */
export function useLaunchChoices(
  catalog: CatalogModel,
  model: InstancesModel,
  remembered: Partial<L.RememberedChoices> | null,
  trans: TranslationBundle
): ILaunchState {
  const [choices, setChoices] = React.useState<L.ILaunchChoices>(() => ({
    flavor: '',
    image: '',
    name: '',
    description: '',
    storageCategory: 'EVS',
    capacity: L.defaultCapacity('EVS'),
    autoStop: L.DEFAULT_AUTO_STOP,
    keyPairs: '',
    allowedIps: ''
  }));
  const [nameTouched, setNameTouched] = React.useState(false);
  const [server, setServer] = React.useState<V.IFieldErrors>(NO_ERRORS);

  const set = (
    change: Partial<L.ILaunchChoices>,
    fields: V.FormField[] = []
  ) => {
    setChoices(current => ({ ...current, ...change }));
    if (fields.length) {
      setServer(current => {
        const kept = { ...current.fields };
        fields.forEach(field => delete kept[field]);
        return { fields: kept, general: current.general };
      });
    }
  };

  const flavors = catalog.flavors.items;
  const flavor = catalog.flavor(choices.flavor);
  const images = catalog.images(choices.flavor);
  const image = images.items.find(i => i.id === choices.image);
  const autoStopOptions = L.autoStopOptions(model.status?.max_lease_ms, trans);
  const kinds = L.storageChoices(flavor);
  const taken = model.instances.map(n => n.name ?? '');

  // The catalogue is asked for once ModelArts can answer (not while unconfigured).
  const connected = model.connection.kind === 'ready';
  React.useEffect(() => {
    if (connected) {
      void catalog.loadFlavors().catch(() => undefined);
    }
  }, [connected]);
  // A flavor that vanished or sold out is replaced: by the remembered one, else the default.
  React.useEffect(() => {
    if (flavors.length && !L.launchable(flavor)) {
      const restored = L.restoreChoices(
        remembered,
        flavors,
        autoStopOptions.map(o => o.value)
      );
      const next =
        flavors.find(f => f.id === restored.flavor) ?? L.defaultFlavor(flavors);
      set({ ...restored, flavor: next?.id ?? '' });
    }
  }, [flavors]);

  React.useEffect(() => {
    if (choices.flavor) {
      void catalog.loadImages(choices.flavor).catch(() => undefined);
    }
    if (flavor && !kinds.includes(choices.storageCategory) && kinds.length) {
      set({ storageCategory: kinds[0], capacity: L.defaultCapacity(kinds[0]) });
    }
  }, [choices.flavor]);

  // Only images of the chosen flavor can be chosen: keep, restore or take the first.
  React.useEffect(() => {
    if (!images.loading && images.items.length && !image) {
      const saved = images.items.find(i => i.id === remembered?.image);
      set({ image: (saved ?? images.items[0]).id });
    }
  }, [images.items, images.loading]);

  React.useEffect(() => {
    if (!nameTouched) {
      const suggestion = L.suggestName(NAME_PREFIX, taken);
      if (suggestion !== choices.name) {
        set({ name: suggestion });
      }
    }
  }, [nameTouched, taken.join('\n')]);

  return {
    choices,
    set,
    server,
    setServer,
    setNameTouched,
    flavors,
    flavor,
    images,
    image,
    kinds,
    autoStopOptions,
    taken
  };
}
