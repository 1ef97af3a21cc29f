import type { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import type { ModelArtsAPI } from './api';
import type { IFlavorView, IImageView, IPreset } from './contract';
import type { ILoadable, IModelArts } from './tokens';

/** The calls the catalogue makes (a subset of ModelArtsAPI, so tests can fake it). */
export type CatalogAPI = Pick<
  ModelArtsAPI,
  'flavors' | 'images' | 'presets' | 'switchableFlavors'
>;

function empty<T>(): ILoadable<T> {
  return { items: [], loading: false, error: null };
}

/**
 * Flavors, images (per flavor: the server filters by compatibility) and the
 * administrator's presets. Loaded on demand, kept until `reload()`; the server
 * caches the catalogue too, so reopening the form costs nothing.
 */
export class CatalogModel implements IModelArts.ICatalog, IDisposable {
  constructor(api: CatalogAPI) {
    this._api = api;
  }

  /** Emitted when any list starts or finishes loading. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get flavors(): ILoadable<IFlavorView> {
    return this._flavors;
  }

  get presets(): ILoadable<IPreset> {
    return this._presets;
  }

  /** The images compatible with `flavorId`, as far as loaded. */
  images(flavorId: string): ILoadable<IImageView> {
    return this._images.get(flavorId) ?? empty();
  }

  /** A flavor by id, when loaded. */
  flavor(id: string | null | undefined): IFlavorView | undefined {
    return this._flavors.items.find(f => f.id === id);
  }

  /** Load the flavors (once, unless `force`). */
  async loadFlavors(force = false): Promise<IFlavorView[]> {
    if (this._flavorsLoaded && !force) {
      return this._flavors.items;
    }
    return this._load(
      () => this._api.flavors({ refresh: force }),
      state => (this._flavors = state),
      () => this._flavors,
      () => (this._flavorsLoaded = true)
    );
  }

  /** Load the images that run on `flavorId` (once per flavor, unless `force`). */
  async loadImages(flavorId: string, force = false): Promise<IImageView[]> {
    const known = this._images.get(flavorId);
    if (known && !known.error && !force) {
      return known.items;
    }
    return this._load(
      () => this._api.images({ flavor: flavorId, refresh: force }),
      state => this._images.set(flavorId, state),
      () => this.images(flavorId)
    );
  }

  /** Load the presets (once, unless `force`). */
  async loadPresets(force = false): Promise<IPreset[]> {
    if (this._presetsLoaded && !force) {
      return this._presets.items;
    }
    return this._load(
      () => this._api.presets(),
      state => (this._presets = state),
      () => this._presets,
      () => (this._presetsLoaded = true)
    );
  }

  /** The flavors a stopped instance may switch to (not cached: it depends on the instance). */
  switchableFlavors(notebookId: string): Promise<IFlavorView[]> {
    return this._api.switchableFlavors(notebookId);
  }

  /**
   * Ask the server again (bypassing its cache) for the flavors, the presets and
   * the images of every flavor asked about so far. The images are re-fetched
   * here rather than forgotten: an open launch form asks for a flavor's images
   * only when its flavor changes, so after a forgetful reload it had none.
   */
  async reload(): Promise<void> {
    this._flavorsLoaded = false;
    const flavorIds = [...this._images.keys()];
    await Promise.all([
      this.loadFlavors(true).catch(() => undefined),
      this.loadPresets(true).catch(() => undefined),
      ...flavorIds.map(id => this.loadImages(id, true).catch(() => undefined))
    ]);
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  dispose(): void {
    this._isDisposed = true;
    Signal.clearData(this);
  }

  private async _load<T>(
    call: () => Promise<T[]>,
    store: (state: ILoadable<T>) => void,
    current: () => ILoadable<T>,
    done?: () => void
  ): Promise<T[]> {
    store({ ...current(), loading: true, error: null });
    this._changed.emit();
    try {
      const items = await call();
      store({ items, loading: false, error: null });
      done?.();
      return items;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      store({ ...current(), loading: false, error: message });
      throw error;
    } finally {
      this._changed.emit();
    }
  }

  private _api: CatalogAPI;
  private _flavors: ILoadable<IFlavorView> = empty();
  private _presets: ILoadable<IPreset> = empty();
  private _images = new Map<string, ILoadable<IImageView>>();
  private _flavorsLoaded = false;
  private _presetsLoaded = false;
  private _isDisposed = false;
  private _changed = new Signal<this, void>(this);
}
