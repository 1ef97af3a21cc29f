/**
 * The ModelArts notebook as the server extension forwards it (core/models/
 * notebook_response.py, without the token) and the request bodies the browser
 * sends (core/models/notebook.py and lease.py). Field for field, checked by
 * tests/test_ts_contract.py. Enumerations ModelArts may extend are plain
 * strings here: the server keeps values it does not know.
 */

/** Parts of a request this front end never builds: kept opaque, not `any`. */
export type OpaqueJSON = { readonly [key: string]: unknown };

export interface IJobProgress {
  /** 1 storage, 2 compute, 3 network, 4 initialisation. */
  step?: number | null;
  /** WAITING, PROCESSING, COMPLETED or FAILED. */
  status?: string | null;
  description?: string | null;
  step_description?: string | null;
  notebook_id?: string | null;
}

export interface IEndpoint {
  service?: string | null;
  dev_service?: string | null;
  uri?: string | null;
  key_pair_names?: string[] | null;
  ssh_keys?: string[] | null;
  allowed_access_ips?: string[] | null;
}

export interface IVolumeRes {
  category?: string | null;
  ownership?: string | null;
  /** GB. */
  capacity?: number | null;
  mount_path?: string | null;
  status?: string | null;
  id?: string | null;
  read_only?: boolean | null;
  dew_secret_name?: string | null;
  evs_sku_code?: string | null;
  uri?: string | null;
  mount_type?: string | null;
}

export interface IDataVolumeRes {
  id?: string | null;
  category?: string | null;
  mount_path?: string | null;
  uri?: string | null;
  url?: string | null;
  status?: string | null;
  mount_type?: string | null;
}

export interface ITagRes {
  key?: string | null;
  value?: string | null;
}

export interface IImageSummary {
  id?: string | null;
  name?: string | null;
  swr_path?: string | null;
  tag?: string | null;
  type?: string | null;
  description?: string | null;
  arch?: string | null;
}

export interface IPoolRes {
  id?: string | null;
  name?: string | null;
}

export interface IDomain {
  id?: string | null;
  name?: string | null;
}

export interface IUserRes {
  id?: string | null;
  name?: string | null;
  domain?: IDomain | null;
}

export interface ICustomSpecRes {
  gpu?: number | null;
  gpu_type?: string | null;
  cpu?: number | null;
  memory?: number | null;
  arch?: string | null;
  category?: string | null;
  resource_flavor?: string | null;
}

export interface IRunUserRes {
  uid?: number | null;
  gid?: number | null;
  user_name?: string | null;
  group_name?: string | null;
}

export interface IUserVpcRes {
  vpc_id?: string | null;
  subnet_id?: string | null;
  security_group_ids?: string[] | null;
  connect_cidrs?: string[] | string | null;
  port_id?: string[] | string | null;
  port_ip?: string | null;
  nat_id?: string | null;
  eip_id?: string | null;
}

/** The auto-stop lease; times are UTC milliseconds, deadline = create_at + duration. */
export interface ILease {
  create_at?: number | null;
  duration?: number | null;
  enable?: boolean | null;
  type?: string | null;
  update_at?: number | null;
}

/** A notebook instance (`NotebookResp`) without its token. */
export interface INotebook {
  id?: string | null;
  name?: string | null;
  description?: string | null;
  status?: string | null;
  feature?: string | null;
  flavor?: string | null;
  custom_spec?: ICustomSpecRes | null;
  image?: IImageSummary | null;
  volume?: IVolumeRes | null;
  data_volumes?: IDataVolumeRes[] | null;
  lease?: ILease | null;
  action_progress?: IJobProgress[] | null;
  endpoints?: IEndpoint[] | null;
  url?: string | null;
  fail_reason?: string | null;
  pool?: IPoolRes | null;
  workspace_id?: string | null;
  billing_items?: string[] | null;
  user?: IUserRes | null;
  user_id?: string | null;
  create_at?: number | null;
  update_at?: number | null;
  affinity?: OpaqueJSON | null;
  run_user?: IRunUserRes | null;
  ip?: string | null;
  user_vpc?: IUserVpcRes | null;
  is_need_credentials?: boolean | null;
  jupyter_version?: string | null;
  tags?: ITagRes[] | null;
}

/** `volume` of a create request. */
export interface IVolumeMount {
  category: 'EVS' | 'EFS' | 'SFS' | 'OBS' | 'OBSFS';
  ownership: 'MANAGED' | 'DEDICATED';
  capacity?: number | null;
  uri?: string | null;
  id?: string | null;
  mount_path?: string | null;
  read_only?: boolean | null;
  dew_secret_name?: string | null;
}

/** One entry of `endpoints` (SSH access). */
export interface IEndpointRequest {
  service?: 'NOTEBOOK' | 'SSH' | null;
  dev_service?: 'NOTEBOOK' | 'SSH' | null;
  key_pair_names?: string[] | null;
  ssh_keys?: string[] | null;
  allowed_access_ips?: string[] | null;
}

/** `lease` of a create request and the body of a renewal; -1 turns auto-stop off. */
export interface ILeaseRequest {
  type?: 'TIMING' | 'IDLE';
  duration?: number | null;
}

/** Body of `PATCH notebooks/{id}/lease`. */
export type ILeaseRenewRequest = ILeaseRequest;

/** Body of `POST notebooks`. */
export interface INotebookCreateRequest {
  name: string;
  description?: string | null;
  feature?: 'NOTEBOOK' | 'DEFAULT' | null;
  workspace_id?: string | null;
  pool_id?: string | null;
  image_id: string;
  flavor?: string | null;
  custom_spec?: OpaqueJSON | null;
  volume: IVolumeMount;
  duration?: number | null;
  lease?: ILeaseRequest | null;
  endpoints?: IEndpointRequest[] | null;
  hooks?: OpaqueJSON | null;
  affinity?: OpaqueJSON | null;
  run_user?: OpaqueJSON | null;
  data_volumes?: IVolumeMount[] | null;
  user_vpc?: OpaqueJSON | null;
  public_network_config?: OpaqueJSON | null;
}

/** Body of `PUT notebooks/{id}`: every field optional, at least one given. */
export interface INotebookUpdateRequest {
  name?: string | null;
  description?: string | null;
  flavor?: string | null;
  custom_spec?: OpaqueJSON | null;
  image_id?: string | null;
  storage_new_size?: number | null;
  endpoints?: IEndpointRequest[] | null;
  hooks?: OpaqueJSON | null;
  affinity?: OpaqueJSON | null;
  dew_secret_name?: string | null;
  data_volumes?: IVolumeMount[] | null;
  public_network_config?: OpaqueJSON | null;
}
