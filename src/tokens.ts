/**
 * The extension's public face, and a leaf of the module graph: command ids, the
 * `IModelArts` token and the interfaces of what it provides. It imports no
 * module of this package but the generated wire contract (types only), so any
 * module may import it without a cycle; the classes that implement these
 * interfaces (InstancesModel, CatalogModel, LeaseClock) say so with `implements`.
 */
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

import type {
  IFlavorView,
  IImageView,
  ILeaseRenewRequest,
  ILeaseView,
  INotebookCreateRequest,
  INotebookUpdateRequest,
  INotebookView,
  IPreset,
  IStartBody,
  IStatusView
} from './contract';

/** Ids of every command of the extension (palette, menus, launcher, buttons). */
export namespace CommandIDs {
  export const showPanel = 'modelarts:show-panel';
  export const launch = 'modelarts:launch';
  export const launchPreset = 'modelarts:launch-preset';
  export const refresh = 'modelarts:refresh';
  export const open = 'modelarts:open-instance';
  export const stop = 'modelarts:stop-instance';
  export const start = 'modelarts:start-instance';
  export const extend = 'modelarts:extend-lease';
  export const edit = 'modelarts:edit-instance';
  export const remove = 'modelarts:delete-instance';
}

/** Whether the panel can work, and if not, what the user should read. */
export type Connection =
  | { kind: 'loading' }
  | { kind: 'missing'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'unconfigured'; status: IStatusView }
  | { kind: 'ready'; status: IStatusView };

/** Filters and page of the instance list. */
export interface IListQuery {
  status: string;
  name: string;
  offset: number;
  limit: number;
}

/** A change of one instance, as the notifications see it. */
export interface IInstanceChange {
  /** The instance as it is now (status DELETED once it is gone). */
  notebook: INotebookView;
  /** Its status before, or null when it was not known. */
  previous: string | null;
  /** When it was last seen RUNNING with an auto-stop: that deadline (server clock). */
  previousDeadlineMs?: number | null;
}

/** A list being loaded, loaded, or failed with a message for the user. */
export interface ILoadable<T> {
  items: T[];
  loading: boolean;
  error: string | null;
}

/** An instance about to stop by itself. */
export interface ILeaseWarning {
  notebook: INotebookView;
  /** The auto-stop instant on the server's clock. */
  deadlineMs: number;
}

/** The running instance that stops soonest, and when. */
export interface ISoonest {
  notebook: INotebookView;
  remainingMs: number;
}

/** What the core plugin provides to other extensions. */
export interface IModelArts {
  /** The instances, the server status and the poll that keeps them fresh. */
  readonly instances: IModelArts.IInstances;
  /** Flavors, images and presets offered to this user. */
  readonly catalog: IModelArts.ICatalog;
  /** The lease countdowns and the pre-stop warnings. */
  readonly clock: IModelArts.ILeaseClock;
  /** Reveal the ModelArts sidebar (and its launch form when `launch` is true). */
  showPanel(launch?: boolean): void;
}

export namespace IModelArts {
  /** The user's instances and the server status, kept fresh by one poll (InstancesModel). */
  export interface IInstances {
    /** Emitted whenever anything shown changed. */
    readonly changed: ISignal<IInstances, void>;
    /** Emitted for every instance whose status, progress, failure or lease changed. */
    readonly instanceChanged: ISignal<IInstances, IInstanceChange>;
    readonly connection: Connection;
    /** The last status answer (also while not configured). */
    readonly status: IStatusView | null;
    /** The rows to show: optimistic launches first, then the current page. */
    readonly instances: readonly INotebookView[];
    /** How many instances match the filters (all pages). */
    readonly total: number;
    /** Every RUNNING instance (whatever the filters). */
    readonly running: readonly INotebookView[];
    /** Why the last refresh failed, or null. */
    readonly lastError: string | null;
    /** Browser clock + this offset = the server's (ModelArts') clock. */
    readonly clockOffsetMs: number;
    readonly query: Readonly<IListQuery>;
    /** Change filters or page; the list refreshes at once. */
    setQuery(query: Partial<IListQuery>): void;
    /** Now on the server's clock. */
    serverNow(): number;
    /** The latest known state of an instance. */
    find(id: string): INotebookView | undefined;
    /** Refresh now; `withStatus` (the default) re-reads `GET status` too. */
    refresh(withStatus?: boolean): Promise<void>;
    /** Create an instance; its row shows at once. */
    launch(
      request: INotebookCreateRequest,
      send?: () => Promise<INotebookView>
    ): Promise<INotebookView>;
    start(id: string, body?: IStartBody): Promise<INotebookView>;
    stop(id: string): Promise<INotebookView>;
    remove(id: string): Promise<INotebookView>;
    update(id: string, body: INotebookUpdateRequest): Promise<INotebookView>;
    /** Renew the lease: it then runs `body.duration` ms from now. */
    renew(id: string, body: ILeaseRenewRequest): Promise<ILeaseView>;
    /** Follow `id` until it settles; the poll hurries meanwhile. */
    watch(id: string): void;
  }

  /** Flavors, images and presets, loaded on demand (CatalogModel). */
  export interface ICatalog {
    /** Emitted when any list starts or finishes loading. */
    readonly changed: ISignal<ICatalog, void>;
    readonly flavors: ILoadable<IFlavorView>;
    readonly presets: ILoadable<IPreset>;
    /** The images compatible with `flavorId`, as far as loaded. */
    images(flavorId: string): ILoadable<IImageView>;
    /** A flavor by id, when loaded. */
    flavor(id: string | null | undefined): IFlavorView | undefined;
    loadFlavors(force?: boolean): Promise<IFlavorView[]>;
    loadImages(flavorId: string, force?: boolean): Promise<IImageView[]>;
    loadPresets(force?: boolean): Promise<IPreset[]>;
    /** The flavors a stopped instance may switch to. */
    switchableFlavors(notebookId: string): Promise<IFlavorView[]>;
    /** Ask the server again, bypassing its cache. */
    reload(): Promise<void>;
  }

  /** The lease countdowns and the pre-stop warnings (LeaseClock). */
  export interface ILeaseClock {
    /** Emitted every second while a running instance has an auto-stop. */
    readonly ticked: ISignal<ILeaseClock, void>;
    /** Emitted once per instance and deadline when the auto-stop comes near. */
    readonly warning: ISignal<ILeaseClock, ILeaseWarning>;
    /** Milliseconds until `notebook` stops by itself, or null when it will not. */
    remaining(notebook: INotebookView): number | null;
    /** The running instance that stops first. */
    soonest(): ISoonest | null;
  }
}

/** The token of the core plugin's service. */
export const IModelArts = new Token<IModelArts>(
  'jupyter-modelarts:IModelArts',
  'ModelArts notebook instances: the model behind the sidebar.'
);
