/**
 * Side-effect-free declarations shared by every module: command ids, the
 * `IModelArts` token and the JSON the server extension sends.
 *
 * The interfaces mirror the pydantic views of jupyter_modelarts/server/schemas.py
 * and core/presets.py field for field (tests/test_ts_contract.py compares them):
 * a field with a default on the Python side is optional here, and `| null`
 * marks a field that may be null. `contract.ts` holds the notebook's nested parts
 * and the request bodies.
 */
import { Token } from '@lumino/coreutils';

import type { INotebook } from './contract';
import type { CatalogModel } from './catalog';
import type { LeaseClock } from './leaseClock';
import type { InstancesModel } from './model';

export * from './contract';

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

/** What the core plugin provides to other extensions. */
export interface IModelArts {
  /** The instances, the server status and the poll that keeps them fresh. */
  readonly instances: InstancesModel;
  /** Flavors, images and presets offered to this user. */
  readonly catalog: CatalogModel;
  /** The lease countdowns and the pre-stop warnings. */
  readonly clock: LeaseClock;
  /** Reveal the ModelArts sidebar (and its launch form when `launch` is true). */
  showPanel(launch?: boolean): void;
}

/** The token of the core plugin's service. */
export const IModelArts = new Token<IModelArts>(
  'jupyter-modelarts:IModelArts',
  'ModelArts notebook instances: the model behind the sidebar.'
);

/** One broken rule of a request (`FieldProblem`); location like `body.volume.capacity`. */
export interface IProblemView {
  location: string;
  rule: string;
  value?: string | null;
}

/** Body of every error answer of the server extension. */
export interface IErrorView {
  message: string;
  reason?: string | null;
  /** ModelArts or gateway error code, e.g. ModelArts.6309. */
  code?: string | null;
  request_id?: string | null;
  problems?: IProblemView[];
}

export interface IQuotaView {
  used?: number | null;
  quota?: number | null;
}

/** The server's advice on how often to poll, in seconds. */
export interface IPollHints {
  fast_seconds: number;
  slow_seconds: number;
}

export type EndpointKind = 'cloud' | 'simulator' | 'unknown';

/** `GET status`. */
export interface IStatusView {
  version: string;
  configured: boolean;
  problems?: string[];
  hint?: string | null;
  region?: string | null;
  project_id?: string | null;
  endpoint?: string | null;
  endpoint_source?: string | null;
  endpoint_kind?: EndpointKind;
  credential_source?: string | null;
  quota?: IQuotaView | null;
  poll: IPollHints;
  legacy_api?: boolean;
  max_lease_ms?: number | null;
  server_time_ms: number;
}

export interface IAcceleratorView {
  kind: 'GPU' | 'NPU';
  count?: number | null;
  type?: string | null;
  memory?: string | null;
}

/** One flavor of `GET flavors` or `GET notebooks/{id}/flavors`. */
export interface IFlavorView {
  id: string;
  name?: string | null;
  description?: string | null;
  /** CPU, GPU or ASCEND. */
  category?: string | null;
  /** X86_64 or AARCH64. */
  arch?: string | null;
  feature?: string | null;
  vcpus?: number | null;
  memory_gib?: number | null;
  accelerator?: IAcceleratorView | null;
  free?: boolean;
  sold_out?: boolean;
  storages?: string[];
}

/** One image of `GET images`. */
export interface IImageView {
  id: string;
  name?: string | null;
  tag?: string | null;
  description?: string | null;
  arch?: string | null;
  /** Resource categories it runs on. */
  categories?: string[];
  dev_services?: string[];
  swr_path?: string | null;
  type?: string | null;
}

/** A notebook as the browser sees it: no token; the lease on the server's clock. */
export interface INotebookView extends INotebook {
  lease_deadline_ms?: number | null;
  lease_remaining_ms?: number | null;
  server_time_ms?: number | null;
}

/** `GET notebooks`. */
export interface INotebookPageView {
  current?: number | null;
  pages?: number | null;
  size?: number | null;
  total?: number | null;
  items: INotebookView[];
  server_time_ms: number;
}

/** `GET|PATCH notebooks/{id}/lease`. */
export interface ILeaseView {
  create_at?: number | null;
  duration?: number | null;
  enable?: boolean | null;
  type?: string | null;
  update_at?: number | null;
  deadline_ms?: number | null;
  remaining_ms?: number | null;
  server_time_ms: number;
}

/** `POST notebooks/{id}/open`: the only answer that carries the instance token. */
export interface IOpenView {
  url: string;
  token: string;
}

/** `{items: [...]}` answers (flavors, images, presets). */
export interface IItems<T> {
  items: T[];
}

/** Optional body of `POST notebooks/{id}/start`: the lease to run with. */
export interface IStartBody {
  duration?: number | null;
  type?: string | null;
}

export interface IPresetStorage {
  category?: 'EVS' | 'EFS' | 'SFS';
  capacity?: number | null;
}

export interface IPresetLease {
  type?: LeaseType;
  duration_ms: number;
}

/** One administrator preset (`GET presets`): a launcher tile. */
export interface IPreset {
  slug: string;
  display_name: string;
  description?: string;
  default?: boolean;
  flavor: string;
  /** An image id, or a name / name:tag resolved against the catalogue at launch. */
  image: string;
  storage?: IPresetStorage;
  lease?: IPresetLease | null;
  feature?: Feature | null;
  notebook_description?: string | null;
  name_prefix: string;
}

export type LeaseType = 'TIMING' | 'IDLE';
export type Feature = 'NOTEBOOK' | 'DEFAULT';
