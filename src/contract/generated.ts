/**
 * GENERATED FILE, do not edit. `jlpm generate:contract`
 * (scripts/generate-contract.mjs) writes it from the server's OpenAPI document,
 * `python -m jupyter_modelarts.server.openapi`, kept beside it as openapi.json;
 * `jlpm check:contract` fails when it is stale.
 *
 * First openapi-typescript's types of every path and schema (`paths`,
 * `components`, `operations`), then the constants of the document's
 * `x-limits` and `x-status-rules`. Friendly names are in ./index.ts.
 */
/* eslint-disable @typescript-eslint/naming-convention */

export interface paths {
  '/flavors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Flavors this user may launch (admin policy applied) */
    get: operations['get_flavors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/images': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Images this user may launch, optionally those that run on a flavor */
    get: operations['get_images'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/legacy/instances': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Legacy instances */
    get: operations['get_legacy_instances'];
    put?: never;
    /** Create a legacy instance */
    post: operations['post_legacy_instances'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/legacy/instances/{instance_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One legacy instance */
    get: operations['get_legacy_instances_instance_id'];
    /** Change description or auto-stop */
    put: operations['put_legacy_instances_instance_id'];
    post?: never;
    /** Delete a legacy instance */
    delete: operations['delete_legacy_instances_instance_id'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/legacy/instances/{instance_id}/action': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start or stop a legacy instance */
    post: operations['post_legacy_instances_instance_id_action'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/legacy/instances/{instance_id}/open': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** URL and token of a RUNNING legacy instance */
    post: operations['post_legacy_instances_instance_id_open'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of notebooks */
    get: operations['get_notebooks'];
    put?: never;
    /** Create a notebook (contract, then policy, then ModelArts) */
    post: operations['post_notebooks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks/{notebook_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One notebook (never its token) */
    get: operations['get_notebooks_notebook_id'];
    /** Change name, description, flavor, image, storage size... */
    put: operations['put_notebooks_notebook_id'];
    post?: never;
    /** Delete a notebook */
    delete: operations['delete_notebooks_notebook_id'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks/{notebook_id}/flavors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Flavors a stopped notebook may switch to (policy applied) */
    get: operations['get_notebooks_notebook_id_flavors'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks/{notebook_id}/lease': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The auto-stop lease, on the server's clock */
    get: operations['get_notebooks_notebook_id_lease'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Renew the lease (body optional; type defaults to TIMING) */
    patch: operations['patch_notebooks_notebook_id_lease'];
    trace?: never;
  };
  '/notebooks/{notebook_id}/open': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** URL and instance token of a RUNNING notebook (the only answer carrying the token) */
    post: operations['post_notebooks_notebook_id_open'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks/{notebook_id}/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Start a notebook, optionally with a lease */
    post: operations['post_notebooks_notebook_id_start'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/notebooks/{notebook_id}/stop': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Stop a notebook */
    post: operations['post_notebooks_notebook_id_stop'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document */
    get: operations['get_openapi_json'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/presets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The administrator's launch presets for this user */
    get: operations['get_presets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/presets/{slug}/launch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a notebook from a preset */
    post: operations['post_presets_slug_launch'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Version, configuration problems, endpoint, quota, poll hints */
    get: operations['get_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** AcceleratorView */
    AcceleratorView: {
      /**
       * Count
       * @default null
       */
      count?: number | null;
      /**
       * Kind
       * @enum {string}
       */
      kind: 'GPU' | 'NPU';
      /**
       * Memory
       * @default null
       */
      memory?: string | null;
      /**
       * Type
       * @default null
       */
      type?: string | null;
    };
    /** Affinity */
    Affinity: {
      /**
       * Preferred During Scheduling Ignored During Execution
       * @default null
       */
      preferred_during_scheduling_ignored_during_execution?:
        components['schemas']['AffinityRule'][] | null;
      /**
       * Required During Scheduling Ignored During Execution
       * @default null
       */
      required_during_scheduling_ignored_during_execution?:
        components['schemas']['AffinityRule'][] | null;
    };
    /**
     * AffinityOperator
     * @enum {string}
     */
    AffinityOperator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
    /** AffinityRule */
    AffinityRule: {
      /** Key */
      key: string;
      operator: components['schemas']['AffinityOperator'];
      /**
       * Values
       * @default null
       */
      values?: string[] | null;
      /**
       * Weight
       * @default null
       */
      weight?: number | null;
    };
    /**
     * Arch
     * @enum {string}
     */
    Arch: 'X86_64' | 'AARCH64';
    /**
     * BillingItem
     * @enum {string}
     */
    BillingItem: 'STORAGE' | 'COMPUTE' | 'ALL';
    /** ContainerHooks */
    ContainerHooks: {
      /** @default null */
      post_start?: components['schemas']['HookConfig'] | null;
      /** @default null */
      pre_start?: components['schemas']['HookConfig'] | null;
    };
    /** CustomHooks */
    CustomHooks: {
      /** @default null */
      container_hooks?: components['schemas']['ContainerHooks'] | null;
    };
    /**
     * CustomSpec
     * @description ``custom_spec`` for dedicated pools: all four basics are required there (SDK).
     */
    CustomSpec: {
      arch: components['schemas']['Arch'];
      category: components['schemas']['FlavorCategory'];
      /** Cpu */
      cpu: number;
      /**
       * Gpu
       * @default null
       */
      gpu?: number | null;
      /**
       * Gpu Type
       * @default null
       */
      gpu_type?: string | null;
      /** Memory */
      memory: number;
      /**
       * Resource Flavor
       * @default null
       */
      resource_flavor?: string | null;
    };
    /** CustomSpecRes */
    CustomSpecRes: {
      /**
       * Arch
       * @default null
       */
      arch?: components['schemas']['Arch'] | string | null;
      /**
       * Category
       * @default null
       */
      category?: components['schemas']['FlavorCategory'] | string | null;
      /**
       * Cpu
       * @default null
       */
      cpu?: number | null;
      /**
       * Gpu
       * @default null
       */
      gpu?: number | null;
      /**
       * Gpu Type
       * @default null
       */
      gpu_type?: string | null;
      /**
       * Memory
       * @default null
       */
      memory?: number | null;
      /**
       * Resource Flavor
       * @default null
       */
      resource_flavor?: string | null;
    } & {
      [key: string]: unknown;
    };
    /** DataVolumeRes */
    DataVolumeRes: {
      /**
       * Category
       * @default null
       */
      category?: components['schemas']['VolumeCategory'] | string | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Mount Path
       * @default null
       */
      mount_path?: string | null;
      /**
       * Mount Type
       * @default null
       */
      mount_type?: string | null;
      /**
       * Status
       * @default null
       */
      status?: string | null;
      /**
       * Uri
       * @default null
       */
      uri?: string | null;
      /**
       * Url
       * @default null
       */
      url?: string | null;
    } & {
      [key: string]: unknown;
    };
    /** Domain */
    Domain: {
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * Endpoint
     * @description An access point of a running instance (``EndpointsRes``).
     */
    Endpoint: {
      /**
       * Allowed Access Ips
       * @default null
       */
      allowed_access_ips?: string[] | null;
      /**
       * Dev Service
       * @default null
       */
      dev_service?: components['schemas']['EndpointService'] | string | null;
      /**
       * Key Pair Names
       * @default null
       */
      key_pair_names?: string[] | null;
      /**
       * Service
       * @default null
       */
      service?: components['schemas']['EndpointService'] | string | null;
      /**
       * Ssh Keys
       * @default null
       */
      ssh_keys?: string[] | null;
      /**
       * Uri
       * @default null
       */
      uri?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * EndpointRequest
     * @description One entry of ``endpoints``; both documented spellings are accepted.
     *
     *     After validation the OTC spelling (``dev_service``, ``ssh_keys``) is moved
     *     to the SDK spelling (``service``, ``key_pair_names``), which is what goes
     *     upstream.
     */
    EndpointRequest: {
      /**
       * Allowed Access Ips
       * @default null
       */
      allowed_access_ips?: string[] | null;
      /**
       * @description the same as service (the older name): give one of the two
       * @default null
       */
      dev_service?: components['schemas']['EndpointService'] | null;
      /**
       * Key Pair Names
       * @default null
       */
      key_pair_names?: string[] | null;
      /** @default null */
      service?: components['schemas']['EndpointService'] | null;
      /**
       * Ssh Keys
       * @description the same as key_pair_names (the older name): give one of the two
       * @default null
       */
      ssh_keys?: string[] | null;
    };
    /**
     * EndpointService
     * @enum {string}
     */
    EndpointService: 'NOTEBOOK' | 'SSH';
    /**
     * ErrorView
     * @description Every error answer's body (APIHandler's ``message``/``reason`` plus our details).
     */
    ErrorView: {
      /**
       * Code
       * @description ModelArts or gateway error code, e.g. ModelArts.6309
       * @default null
       */
      code?: string | null;
      /** Message */
      message: string;
      /** Problems */
      problems?: components['schemas']['ProblemView'][];
      /**
       * Reason
       * @default null
       */
      reason?: string | null;
      /**
       * Request Id
       * @default null
       */
      request_id?: string | null;
    };
    /**
     * Feature
     * @enum {string}
     */
    Feature: 'NOTEBOOK' | 'DEFAULT';
    /**
     * FlavorCategory
     * @enum {string}
     */
    FlavorCategory: 'CPU' | 'GPU' | 'ASCEND';
    /** FlavorView */
    FlavorView: {
      /** @default null */
      accelerator?: components['schemas']['AcceleratorView'] | null;
      /**
       * Arch
       * @description X86_64 or AARCH64
       * @default null
       */
      arch?: string | null;
      /**
       * Category
       * @description CPU, GPU or ASCEND
       * @default null
       */
      category?: string | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Feature
       * @default null
       */
      feature?: string | null;
      /**
       * Free
       * @default false
       */
      free?: boolean;
      /** Id */
      id: string;
      /**
       * Memory Gib
       * @default null
       */
      memory_gib?: number | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /**
       * Sold Out
       * @default false
       */
      sold_out?: boolean;
      /** Storages */
      storages?: string[];
      /**
       * Vcpus
       * @default null
       */
      vcpus?: number | null;
    };
    /**
     * FlavorsParams
     * @description ``GET flavors``.
     */
    FlavorsParams: {
      /**
       * @description CPU, GPU or ASCEND
       * @default null
       */
      category?: components['schemas']['FlavorCategory'] | null;
      /**
       * Refresh
       * @description 1 to bypass the catalogue cache
       * @default false
       */
      refresh?: boolean;
    };
    /**
     * HookConfig
     * @description ``hooks.container_hooks.pre_start`` / ``post_start``.
     */
    HookConfig: {
      /** @default null */
      mode?: components['schemas']['HookMode'] | null;
      /**
       * Script
       * @description SCRIPT: an absolute path such as /home/ma-user/init.sh; COMMAND: non-empty, strictly base64-encoded content
       */
      script: string;
      /** @default SCRIPT */
      type?: components['schemas']['HookType'];
    };
    /**
     * HookMode
     * @enum {string}
     */
    HookMode: 'ASYNC' | 'BLOCK';
    /**
     * HookType
     * @enum {string}
     */
    HookType: 'SCRIPT' | 'COMMAND';
    /**
     * ImageSummary
     * @description The image as embedded in a notebook (a subset of :class:`catalog.Image`).
     */
    ImageSummary: {
      /**
       * Arch
       * @default null
       */
      arch?: components['schemas']['Arch'] | string | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /**
       * Swr Path
       * @default null
       */
      swr_path?: string | null;
      /**
       * Tag
       * @default null
       */
      tag?: string | null;
      /**
       * Type
       * @default null
       */
      type?: components['schemas']['ImageType'] | string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * ImageType
     * @enum {string}
     */
    ImageType: 'BUILD_IN' | 'DEDICATED';
    /** ImageView */
    ImageView: {
      /**
       * Arch
       * @default null
       */
      arch?: string | null;
      /**
       * Categories
       * @description resource categories it runs on
       */
      categories?: string[];
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /** Dev Services */
      dev_services?: string[];
      /** Id */
      id: string;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /**
       * Swr Path
       * @default null
       */
      swr_path?: string | null;
      /**
       * Tag
       * @default null
       */
      tag?: string | null;
      /**
       * Type
       * @default null
       */
      type?: string | null;
    };
    /**
     * ImagesParams
     * @description ``GET images``.
     */
    ImagesParams: {
      /**
       * Flavor
       * @description a flavor id that GET flavors offers (another is a 400): only images that run on it (category and architecture)
       * @default null
       */
      flavor?: string | null;
      /**
       * Name
       * @description part of the image name or tag, any letter case
       * @default null
       */
      name?: string | null;
      /**
       * Refresh
       * @description 1 to bypass the catalogue cache
       * @default false
       */
      refresh?: boolean;
    };
    /** Items[FlavorView] */
    Items_FlavorView_: {
      /** Items */
      items: components['schemas']['FlavorView'][];
    };
    /** Items[ImageView] */
    Items_ImageView_: {
      /** Items */
      items: components['schemas']['ImageView'][];
    };
    /** Items[Preset] */
    Items_Preset_: {
      /** Items */
      items: components['schemas']['Preset'][];
    };
    /**
     * JobProgress
     * @description One step of ``action_progress``: 1 storage, 2 compute, 3 network, 4 initialisation.
     */
    JobProgress: {
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Notebook Id
       * @default null
       */
      notebook_id?: string | null;
      /**
       * Status
       * @default null
       */
      status?: components['schemas']['JobStatus'] | string | null;
      /**
       * Step
       * @default null
       */
      step?: number | null;
      /**
       * Step Description
       * @default null
       */
      step_description?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * JobStatus
     * @enum {string}
     */
    JobStatus: 'WAITING' | 'PROCESSING' | 'FAILED' | 'COMPLETED';
    /**
     * Lease
     * @description The lease ModelArts reports.  Times are UTC milliseconds.
     *
     *     The auto-stop deadline is ``create_at + duration`` (docs/modelarts-api.md §6.2):
     *     ``duration`` grows on every start and renew while ``create_at`` stays.
     */
    Lease: {
      /**
       * Create At
       * @default null
       */
      create_at?: number | null;
      /**
       * Duration
       * @default null
       */
      duration?: number | null;
      /**
       * Enable
       * @default null
       */
      enable?: boolean | null;
      /**
       * Type
       * @default null
       */
      type?: components['schemas']['LeaseType'] | string | null;
      /**
       * Update At
       * @description excludes keep-alive heartbeats
       * @default null
       */
      update_at?: number | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LeaseRenewRequest
     * @description ``PATCH /notebooks/{id}/lease`` body ``{duration, type}``.
     *
     *     ModelArts also takes ``?duration=`` (see :class:`RenewQuery`); the query
     *     wins over the body and forces TIMING.
     */
    LeaseRenewRequest: {
      /**
       * Duration
       * @default null
       */
      duration?: (number | -1) | null;
      /** @default TIMING */
      type?: components['schemas']['LeaseType'];
    };
    /**
     * LeaseRequest
     * @description ``lease`` of a create request, and the body of renew (``LeaseReq``).
     */
    LeaseRequest: {
      /**
       * Duration
       * @default null
       */
      duration?: (number | -1) | null;
      /** @default TIMING */
      type?: components['schemas']['LeaseType'];
    };
    /**
     * LeaseType
     * @enum {string}
     */
    LeaseType: 'TIMING' | 'IDLE';
    /** LeaseView */
    LeaseView: {
      /**
       * Create At
       * @default null
       */
      create_at?: number | null;
      /**
       * Deadline Ms
       * @default null
       */
      deadline_ms?: number | null;
      /**
       * Duration
       * @default null
       */
      duration?: number | null;
      /**
       * Enable
       * @default null
       */
      enable?: boolean | null;
      /**
       * Remaining Ms
       * @default null
       */
      remaining_ms?: number | null;
      /** Server Time Ms */
      server_time_ms: number;
      /**
       * Type
       * @default null
       */
      type?: string | null;
      /**
       * Update At
       * @default null
       */
      update_at?: number | null;
    };
    /**
     * LegacyAction
     * @enum {string}
     */
    LegacyAction: 'start' | 'stop';
    /**
     * LegacyActionRequest
     * @description ``POST .../demanager/instances/{id}/action``.
     */
    LegacyActionRequest: {
      action: components['schemas']['LegacyAction'];
    };
    /** LegacyActionResult */
    LegacyActionResult: {
      /**
       * Current Status
       * @default null
       */
      current_status?: components['schemas']['LegacyStatus'] | string | null;
      /**
       * Previous State
       * @default null
       */
      previous_state?: components['schemas']['LegacyStatus'] | string | null;
    } & {
      [key: string]: unknown;
    };
    /** LegacyAiProject */
    LegacyAiProject: {
      /**
       * Id
       * @default null
       */
      id?: string | null;
    };
    /** LegacyAutoStop */
    LegacyAutoStop: {
      /**
       * Duration
       * @description seconds (1 h–24 h); required when enable is true
       * @default null
       */
      duration?: number | null;
      /**
       * Enable
       * @default null
       */
      enable?: boolean | null;
      /**
       * Prompt
       * @default null
       */
      prompt?: boolean | null;
    };
    /** LegacyAutoStopRes */
    LegacyAutoStopRes: {
      /**
       * Duration
       * @default null
       */
      duration?: number | null;
      /**
       * Enable
       * @default null
       */
      enable?: boolean | null;
      /**
       * Prompt
       * @default null
       */
      prompt?: boolean | null;
      /**
       * Remain Time
       * @default null
       */
      remain_time?: number | null;
      /**
       * Stop Timestamp
       * @default null
       */
      stop_timestamp?: number | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LegacyCreateRequest
     * @description ``POST /v1/{project_id}/demanager/instances``.
     */
    LegacyCreateRequest: {
      /** @default null */
      ai_project?: components['schemas']['LegacyAiProject'] | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /** Flavor */
      flavor: string;
      /** Name */
      name: string;
      /** @default null */
      pool?: components['schemas']['LegacyPool'] | null;
      /** Profile Id */
      profile_id: string;
      spec: components['schemas']['LegacySpec'];
      /** @default null */
      workspace?: components['schemas']['LegacyWorkspace'] | null;
    };
    /**
     * LegacyDeType
     * @enum {string}
     */
    LegacyDeType: 'Notebook';
    /**
     * LegacyDeletedView
     * @description Answer of ``DELETE legacy/instances/{id}`` (ModelArts documents no body for it).
     */
    LegacyDeletedView: {
      /** Instance Id */
      instance_id: string;
    };
    /**
     * LegacyInstance
     * @description A legacy instance (ids look like ``DE-7d558ef8-...``); nested parts are kept as sent.
     */
    LegacyInstance: {
      /**
       * Ai Project
       * @default null
       */
      ai_project?: {
        [key: string]: unknown;
      } | null;
      /**
       * Creation Timestamp
       * @default null
       */
      creation_timestamp?: string | number | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Error Code
       * @default null
       */
      error_code?: string | null;
      /**
       * Flavor
       * @default null
       */
      flavor?: string | null;
      /**
       * Flavor Details
       * @default null
       */
      flavor_details?: {
        [key: string]: unknown;
      } | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Latest Update Timestamp
       * @default null
       */
      latest_update_timestamp?: string | number | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /**
       * Pool
       * @default null
       */
      pool?: {
        [key: string]: unknown;
      } | null;
      /**
       * Profile
       * @default null
       */
      profile?: {
        [key: string]: unknown;
      } | null;
      /**
       * Queuing Info
       * @default null
       */
      queuing_info?: {
        [key: string]: unknown;
      } | null;
      /**
       * Repository
       * @default null
       */
      repository?: {
        [key: string]: unknown;
      } | null;
      /** @default null */
      spec?: components['schemas']['LegacySpecRes'] | null;
      /**
       * Status
       * @default null
       */
      status?: components['schemas']['LegacyStatus'] | string | null;
      /**
       * User
       * @default null
       */
      user?: {
        [key: string]: unknown;
      } | null;
      /**
       * Workspace
       * @default null
       */
      workspace?: {
        [key: string]: unknown;
      } | null;
    } & {
      [key: string]: unknown;
    };
    /** LegacyInstancePage */
    LegacyInstancePage: {
      /** Instances */
      instances?: components['schemas']['LegacyInstance'][];
      /**
       * Total Count
       * @default null
       */
      total_count?: number | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LegacyListQuery
     * @description ``GET /v1/{project_id}/demanager/instances``.
     *
     *     ``de_type`` is mandatory upstream and only ``Notebook`` exists, so it
     *     defaults to that.  The AI-project filter is ``ai_project`` on the OTC page;
     *     ``ai_project_id`` is accepted too and sent as ``ai_project``.
     */
    LegacyListQuery: {
      /**
       * Ai Project
       * @default null
       */
      ai_project?: string | null;
      /**
       * Ai Project Id
       * @description the same filter as ai_project: give one of the two
       * @default null
       */
      ai_project_id?: string | null;
      /** @default Notebook */
      de_type?: components['schemas']['LegacyDeType'];
      /**
       * Limit
       * @description 0: every instance
       * @default null
       */
      limit?: number | null;
      /**
       * Offset
       * @default null
       */
      offset?: number | null;
      /** @default null */
      order?: components['schemas']['LegacyOrder'] | null;
      /**
       * Pool Id
       * @default null
       */
      pool_id?: string | null;
      /** @default null */
      provision_type?: components['schemas']['LegacyProvisionType'] | null;
      /**
       * Show Self
       * @default null
       */
      show_self?: boolean | null;
      /** @default null */
      sortby?: components['schemas']['LegacySortBy'] | null;
      /** @default null */
      status?: components['schemas']['LegacyStatus'] | null;
      /**
       * Workspace Id
       * @default null
       */
      workspace_id?: string | null;
    };
    /** LegacyLocation */
    LegacyLocation: {
      /**
       * Access Modes
       * @default null
       */
      access_modes?: string | null;
      /**
       * Mount Path
       * @default null
       */
      mount_path?: string | null;
      /**
       * Path
       * @description required for obs storage: a directory inside an OBS bucket, ending with '/', such as obs://bucket/dir/
       * @default null
       */
      path?: string | null;
      /**
       * Volume Size
       * @default null
       */
      volume_size?: number | null;
    };
    /** LegacyLocationRes */
    LegacyLocationRes: {
      /**
       * Access Modes
       * @default null
       */
      access_modes?: string | null;
      /**
       * Mount Path
       * @default null
       */
      mount_path?: string | null;
      /**
       * Path
       * @default null
       */
      path?: string | null;
      /**
       * Volume Size
       * @default null
       */
      volume_size?: number | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LegacyOrder
     * @enum {string}
     */
    LegacyOrder: 'asc' | 'desc';
    /** LegacyPool */
    LegacyPool: {
      /** Id */
      id: string;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /** @default null */
      owner?: components['schemas']['LegacyPoolOwner'] | null;
      /**
       * Type
       * @default null
       */
      type?: string | null;
    };
    /** LegacyPoolOwner */
    LegacyPoolOwner: {
      /**
       * Project Id
       * @default null
       */
      project_id?: string | null;
    };
    /**
     * LegacyProvisionType
     * @enum {string}
     */
    LegacyProvisionType: 'Docker';
    /**
     * LegacySortBy
     * @enum {string}
     */
    LegacySortBy: 'name' | 'creation_timestamp';
    /** LegacySpec */
    LegacySpec: {
      /**
       * Annotations
       * @default null
       */
      annotations?: {
        [key: string]: string;
      } | null;
      /** @default null */
      auto_stop?: components['schemas']['LegacyAutoStop'] | null;
      /**
       * Extend Storage
       * @description obsfs storage only
       * @default null
       */
      extend_storage?: components['schemas']['LegacyStorage'][] | null;
      storage: components['schemas']['LegacyStorage'];
    };
    /** LegacySpecRes */
    LegacySpecRes: {
      /**
       * Annotations
       * @default null
       */
      annotations?: {
        [key: string]: unknown;
      } | null;
      /** @default null */
      auto_stop?: components['schemas']['LegacyAutoStopRes'] | null;
      /**
       * Custom Script Path
       * @default null
       */
      custom_script_path?: string | null;
      /**
       * Extend Params
       * @default null
       */
      extend_params?: {
        [key: string]: unknown;
      } | null;
      /**
       * Extend Storage
       * @default null
       */
      extend_storage?: components['schemas']['LegacyStorageRes'][] | null;
      /**
       * Failed Reasons
       * @default null
       */
      failed_reasons?: {
        [key: string]: unknown;
      } | null;
      /**
       * Log Path
       * @default null
       */
      log_path?: string | null;
      /** @default null */
      storage?: components['schemas']['LegacyStorageRes'] | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LegacyStatus
     * @enum {string}
     */
    LegacyStatus:
      | 'CREATING'
      | 'CREATE_FAILED'
      | 'STARTING'
      | 'RESTARTING'
      | 'START_FAILED'
      | 'RUNNING'
      | 'STOPPING'
      | 'STOPPED'
      | 'UNAVAILABLE'
      | 'DELETED'
      | 'RESIZING'
      | 'RESIZE_FAILED';
    /** LegacyStorage */
    LegacyStorage: {
      /**
       * @description required for obs storage (its path)
       * @default null
       */
      location?: components['schemas']['LegacyLocation'] | null;
      type: components['schemas']['LegacyStorageType'];
    };
    /** LegacyStorageRes */
    LegacyStorageRes: {
      /** @default null */
      location?: components['schemas']['LegacyLocationRes'] | null;
      /**
       * Type
       * @default null
       */
      type?: components['schemas']['LegacyStorageType'] | string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * LegacyStorageType
     * @enum {string}
     */
    LegacyStorageType: 'obs' | 'obsfs' | 'evs';
    /**
     * LegacyUpdateRequest
     * @description ``PUT /v1/{project_id}/demanager/instances/{id}``: description and auto-stop only.
     */
    LegacyUpdateRequest: {
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /** @default null */
      spec?: components['schemas']['LegacyUpdateSpec'] | null;
    };
    /** LegacyUpdateSpec */
    LegacyUpdateSpec: {
      /** @default null */
      auto_stop?: components['schemas']['LegacyAutoStop'] | null;
    };
    /** LegacyWorkspace */
    LegacyWorkspace: {
      /**
       * Id
       * @default null
       */
      id?: string | null;
    };
    /**
     * NotebookCreateRequest
     * @description ``POST /v1/{project_id}/notebooks``.
     */
    NotebookCreateRequest: {
      /** @default null */
      affinity?: components['schemas']['Affinity'] | null;
      /** @default null */
      custom_spec?: components['schemas']['CustomSpec'] | null;
      /**
       * Data Volumes
       * @default null
       */
      data_volumes?: components['schemas']['VolumeMount'][] | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Duration
       * @description give either 'duration' or 'lease', not both: ModelArts ignores 'lease' when both are set
       * @default null
       */
      duration?: (number | -1) | null;
      /**
       * Endpoints
       * @default null
       */
      endpoints?: components['schemas']['EndpointRequest'][] | null;
      /** @default null */
      feature?: components['schemas']['Feature'] | null;
      /**
       * Flavor
       * @description required unless custom_spec is given
       * @default null
       */
      flavor?: string | null;
      /** @default null */
      hooks?: components['schemas']['CustomHooks'] | null;
      /**
       * Image Id
       * Format: uuid
       */
      image_id: string;
      /** @default null */
      lease?: components['schemas']['LeaseRequest'] | null;
      /** Name */
      name: string;
      /**
       * Pool Id
       * @default null
       */
      pool_id?: string | null;
      /** @default null */
      public_network_config?:
        components['schemas']['PublicNetworkConfig'] | null;
      /** @default null */
      run_user?: components['schemas']['RunUser'] | null;
      /** @default null */
      user_vpc?: components['schemas']['UserVpc'] | null;
      volume: components['schemas']['VolumeMount'];
      /**
       * Workspace Id
       * @default null
       */
      workspace_id?: string | null;
    };
    /** NotebookPageView */
    NotebookPageView: {
      /**
       * Current
       * @default null
       */
      current?: number | null;
      /** Items */
      items: components['schemas']['NotebookView'][];
      /**
       * Pages
       * @default null
       */
      pages?: number | null;
      /** Server Time Ms */
      server_time_ms: number;
      /**
       * Size
       * @default null
       */
      size?: number | null;
      /**
       * Total
       * @default null
       */
      total?: number | null;
    };
    /**
     * NotebookStatus
     * @enum {string}
     */
    NotebookStatus:
      | 'INIT'
      | 'CREATING'
      | 'STARTING'
      | 'STOPPING'
      | 'DELETING'
      | 'RUNNING'
      | 'STOPPED'
      | 'SNAPSHOTTING'
      | 'CREATE_FAILED'
      | 'START_FAILED'
      | 'DELETE_FAILED'
      | 'ERROR'
      | 'DELETED'
      | 'FROZEN';
    /**
     * NotebookUpdateRequest
     * @description ``PUT /v1/{project_id}/notebooks/{id}``: every field optional, at least one given.
     */
    NotebookUpdateRequest: {
      /** @default null */
      affinity?: components['schemas']['Affinity'] | null;
      /** @default null */
      custom_spec?: components['schemas']['CustomSpec'] | null;
      /**
       * Data Volumes
       * @default null
       */
      data_volumes?: components['schemas']['VolumeMount'][] | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Dew Secret Name
       * @default null
       */
      dew_secret_name?: string | null;
      /**
       * Endpoints
       * @default null
       */
      endpoints?: components['schemas']['EndpointRequest'][] | null;
      /**
       * Flavor
       * @default null
       */
      flavor?: string | null;
      /** @default null */
      hooks?: components['schemas']['CustomHooks'] | null;
      /**
       * Image Id
       * @default null
       */
      image_id?: string | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /** @default null */
      public_network_config?:
        components['schemas']['PublicNetworkConfig'] | null;
      /**
       * Storage New Size
       * @default null
       */
      storage_new_size?: number | null;
    };
    /**
     * NotebookView
     * @description A notebook as the browser sees it: no token, plus the lease on the server's clock.
     */
    NotebookView: {
      /**
       * Action Progress
       * @default null
       */
      action_progress?: components['schemas']['JobProgress'][] | null;
      /**
       * Affinity
       * @default null
       */
      affinity?: {
        [key: string]: unknown;
      } | null;
      /**
       * Billing Items
       * @default null
       */
      billing_items?: (components['schemas']['BillingItem'] | string)[] | null;
      /**
       * Create At
       * @default null
       */
      create_at?: number | null;
      /** @default null */
      custom_spec?: components['schemas']['CustomSpecRes'] | null;
      /**
       * Data Volumes
       * @default null
       */
      data_volumes?: components['schemas']['DataVolumeRes'][] | null;
      /**
       * Description
       * @default null
       */
      description?: string | null;
      /**
       * Endpoints
       * @default null
       */
      endpoints?: components['schemas']['Endpoint'][] | null;
      /**
       * Fail Reason
       * @default null
       */
      fail_reason?: string | null;
      /**
       * Feature
       * @default null
       */
      feature?: components['schemas']['Feature'] | string | null;
      /**
       * Flavor
       * @default null
       */
      flavor?: string | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /** @default null */
      image?: components['schemas']['ImageSummary'] | null;
      /**
       * Ip
       * @default null
       */
      ip?: string | null;
      /**
       * Is Need Credentials
       * @default null
       */
      is_need_credentials?: boolean | null;
      /**
       * Jupyter Version
       * @default null
       */
      jupyter_version?: string | null;
      /** @default null */
      lease?: components['schemas']['Lease'] | null;
      /**
       * Lease Deadline Ms
       * @default null
       */
      lease_deadline_ms?: number | null;
      /**
       * Lease Remaining Ms
       * @default null
       */
      lease_remaining_ms?: number | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
      /** @default null */
      pool?: components['schemas']['PoolRes'] | null;
      /** @default null */
      run_user?: components['schemas']['RunUserRes'] | null;
      /**
       * Server Time Ms
       * @default null
       */
      server_time_ms?: number | null;
      /**
       * Status
       * @default null
       */
      status?: components['schemas']['NotebookStatus'] | string | null;
      /**
       * Tags
       * @default null
       */
      tags?: components['schemas']['TagRes'][] | null;
      /**
       * Update At
       * @default null
       */
      update_at?: number | null;
      /**
       * Url
       * @default null
       */
      url?: string | null;
      /** @default null */
      user?: components['schemas']['UserRes'] | null;
      /**
       * User Id
       * @default null
       */
      user_id?: string | null;
      /** @default null */
      user_vpc?: components['schemas']['UserVpcRes'] | null;
      /** @default null */
      volume?: components['schemas']['VolumeRes'] | null;
      /**
       * Workspace Id
       * @default null
       */
      workspace_id?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * NotebooksParams
     * @description ``GET notebooks``: a page of the user's notebooks (``all=1``: every user's).
     */
    NotebooksParams: {
      /**
       * All
       * @description 1 for every user's notebooks (the admin view)
       * @default false
       */
      all?: boolean;
      /**
       * Limit
       * @description page size, 1–50 (ModelArts default 10)
       * @default null
       */
      limit?: number | null;
      /**
       * Name
       * @description part of the name
       * @default null
       */
      name?: string | null;
      /**
       * Offset
       * @default null
       */
      offset?: number | null;
      /** @default null */
      status?: components['schemas']['NotebookStatus'] | null;
    };
    /**
     * OpenView
     * @description The only answer that carries the instance token: the user asked to open it.
     */
    OpenView: {
      /** Token */
      token: string;
      /** Url */
      url: string;
    };
    /**
     * Ownership
     * @enum {string}
     */
    Ownership: 'MANAGED' | 'DEDICATED';
    /** PollHints */
    PollHints: {
      /**
       * Fast Seconds
       * @description poll interval while an instance is in a transitional status
       */
      fast_seconds: number;
      /**
       * Slow Seconds
       * @description poll interval while every instance is settled
       */
      slow_seconds: number;
    };
    /** PoolRes */
    PoolRes: {
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * Preset
     * @description One normalised launch preset, as the launcher shows it and the server launches it.
     */
    Preset: {
      /**
       * Default
       * @default false
       */
      default?: boolean;
      /**
       * Description
       * @default
       */
      description?: string;
      /** Display Name */
      display_name: string;
      /** @default null */
      feature?: components['schemas']['Feature'] | null;
      /** Flavor */
      flavor: string;
      /** Image */
      image: string;
      /** @default null */
      lease?: components['schemas']['PresetLease'] | null;
      /** Name Prefix */
      name_prefix: string;
      /**
       * Notebook Description
       * @default null
       */
      notebook_description?: string | null;
      /** Slug */
      slug: string;
      /**
       * @default {
       *       "capacity": null,
       *       "category": "EVS"
       *     }
       */
      storage?: components['schemas']['PresetStorage'];
    };
    /**
     * PresetLaunchBody
     * @description Optional body of ``POST presets/{slug}/launch``.
     */
    PresetLaunchBody: {
      /**
       * Name
       * @description instance name; default: the preset's next free <name_prefix>N
       * @default null
       */
      name?: string | null;
    };
    /**
     * PresetLease
     * @description The auto-stop lease; ``duration_ms=-1`` turns auto-stop off.
     */
    PresetLease: {
      /** Duration Ms */
      duration_ms: number;
      /** @default TIMING */
      type?: components['schemas']['LeaseType'];
    };
    /**
     * PresetStorage
     * @description The instance's main volume; ``capacity=None`` leaves the size to ModelArts (EVS 5 GB, EFS 50 GB).
     */
    PresetStorage: {
      /**
       * Capacity
       * @default null
       */
      capacity?: number | null;
      /**
       * Category
       * @default EVS
       * @enum {string}
       */
      category?: 'EVS' | 'EFS' | 'SFS';
    };
    /** ProblemView */
    ProblemView: {
      /**
       * Location
       * @description dotted path with its source first, e.g. body.volume.capacity
       */
      location: string;
      /** Rule */
      rule: string;
      /**
       * Value
       * @default null
       */
      value?: string | null;
    };
    /** PublicNetworkConfig */
    PublicNetworkConfig: {
      public_network_type: components['schemas']['PublicNetworkType'];
    };
    /**
     * PublicNetworkType
     * @enum {string}
     */
    PublicNetworkType: 'SHARED' | 'EXCLUSIVE' | 'FORBIDDEN';
    /** QuotaView */
    QuotaView: {
      /**
       * Quota
       * @default null
       */
      quota?: number | null;
      /**
       * Used
       * @default null
       */
      used?: number | null;
    };
    /** RunUser */
    RunUser: {
      /**
       * Gid
       * @default null
       */
      gid?: number | null;
      /**
       * Uid
       * @default null
       */
      uid?: number | null;
    };
    /** RunUserRes */
    RunUserRes: {
      /**
       * Gid
       * @default null
       */
      gid?: number | null;
      /**
       * Group Name
       * @default null
       */
      group_name?: string | null;
      /**
       * Uid
       * @default null
       */
      uid?: number | null;
      /**
       * User Name
       * @default null
       */
      user_name?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * StartQuery
     * @description ``POST /notebooks/{id}/start?duration=&type=`` (no body).
     */
    StartQuery: {
      /**
       * Duration
       * @default null
       */
      duration?: (number | -1) | null;
      /**
       * @description TIMING when not given
       * @default null
       */
      type?: components['schemas']['LeaseType'] | null;
    };
    /** StatusView */
    StatusView: {
      /** Configured */
      configured: boolean;
      /**
       * Credential Source
       * @default null
       */
      credential_source?: string | null;
      /**
       * Endpoint
       * @default null
       */
      endpoint?: string | null;
      /**
       * Endpoint Kind
       * @default unknown
       * @enum {string}
       */
      endpoint_kind?: 'cloud' | 'simulator' | 'unknown';
      /**
       * Endpoint Source
       * @default null
       */
      endpoint_source?: string | null;
      /**
       * Hint
       * @description what to do about the problems
       * @default null
       */
      hint?: string | null;
      /**
       * Legacy Api
       * @default false
       */
      legacy_api?: boolean;
      /**
       * Max Lease Ms
       * @default null
       */
      max_lease_ms?: number | null;
      poll: components['schemas']['PollHints'];
      /**
       * Problems
       * @description why it is not configured, one line each
       */
      problems?: string[];
      /**
       * Project Id
       * @default null
       */
      project_id?: string | null;
      /** @default null */
      quota?: components['schemas']['QuotaView'] | null;
      /**
       * Region
       * @default null
       */
      region?: string | null;
      /** Server Time Ms */
      server_time_ms: number;
      /** Version */
      version: string;
    };
    /** TagRes */
    TagRes: {
      /**
       * Key
       * @default null
       */
      key?: string | null;
      /**
       * Value
       * @default null
       */
      value?: string | null;
    } & {
      [key: string]: unknown;
    };
    /** UserRes */
    UserRes: {
      /** @default null */
      domain?: components['schemas']['Domain'] | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Name
       * @default null
       */
      name?: string | null;
    } & {
      [key: string]: unknown;
    };
    /** UserVpc */
    UserVpc: {
      /**
       * Connect Cidrs
       * @default null
       */
      connect_cidrs?: string[] | null;
      /**
       * Eip Id
       * @default null
       */
      eip_id?: string | null;
      /**
       * Nat Id
       * @default null
       */
      nat_id?: string | null;
      /**
       * Security Group Ids
       * @default null
       */
      security_group_ids?: string[] | null;
      /**
       * Subnet Id
       * @default null
       */
      subnet_id?: string | null;
      /**
       * Vpc Id
       * @default null
       */
      vpc_id?: string | null;
    };
    /** UserVpcRes */
    UserVpcRes: {
      /**
       * Connect Cidrs
       * @default null
       */
      connect_cidrs?: string[] | string | null;
      /**
       * Eip Id
       * @default null
       */
      eip_id?: string | null;
      /**
       * Nat Id
       * @default null
       */
      nat_id?: string | null;
      /**
       * Port Id
       * @default null
       */
      port_id?: string[] | string | null;
      /**
       * Port Ip
       * @default null
       */
      port_ip?: string | null;
      /**
       * Security Group Ids
       * @default null
       */
      security_group_ids?: string[] | null;
      /**
       * Subnet Id
       * @default null
       */
      subnet_id?: string | null;
      /**
       * Vpc Id
       * @default null
       */
      vpc_id?: string | null;
    } & {
      [key: string]: unknown;
    };
    /**
     * VolumeCategory
     * @enum {string}
     */
    VolumeCategory: 'EVS' | 'EFS' | 'SFS' | 'OBS' | 'OBSFS';
    /**
     * VolumeMount
     * @description ``volume`` and each of ``data_volumes`` (``VolumeMountRequest``).
     */
    VolumeMount: {
      /**
       * Capacity
       * @description GB; EVS disks 5–4096
       * @default null
       */
      capacity?: number | null;
      category: components['schemas']['VolumeCategory'];
      /**
       * Dew Secret Name
       * @description the DEW secret holding the OBS AK/SK, required for OBS
       * @default null
       */
      dew_secret_name?: string | null;
      /**
       * Id
       * @description the SFS Turbo file system's UUID, required for EFS/SFS with DEDICATED ownership
       * @default null
       */
      id?: string | null;
      /**
       * Mount Path
       * @default null
       */
      mount_path?: string | null;
      /** @description DEDICATED is not available for EVS */
      ownership: components['schemas']['Ownership'];
      /**
       * Read Only
       * @default null
       */
      read_only?: boolean | null;
      /**
       * Uri
       * @description required when ownership is DEDICATED
       * @default null
       */
      uri?: string | null;
    };
    /** VolumeRes */
    VolumeRes: {
      /**
       * Capacity
       * @default null
       */
      capacity?: number | null;
      /**
       * Category
       * @default null
       */
      category?: components['schemas']['VolumeCategory'] | string | null;
      /**
       * Dew Secret Name
       * @default null
       */
      dew_secret_name?: string | null;
      /**
       * Evs Sku Code
       * @default null
       */
      evs_sku_code?: string | null;
      /**
       * Id
       * @default null
       */
      id?: string | null;
      /**
       * Mount Path
       * @default null
       */
      mount_path?: string | null;
      /**
       * Mount Type
       * @default null
       */
      mount_type?: string | null;
      /**
       * Ownership
       * @default null
       */
      ownership?: components['schemas']['Ownership'] | string | null;
      /**
       * Read Only
       * @default null
       */
      read_only?: boolean | null;
      /**
       * Status
       * @default null
       */
      status?: string | null;
      /**
       * Uri
       * @default null
       */
      uri?: string | null;
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  get_flavors: {
    parameters: {
      query?: {
        /** @description CPU, GPU or ASCEND */
        category?: components['schemas']['FlavorCategory'];
        /** @description 1 to bypass the catalogue cache */
        refresh?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Flavors this user may launch (admin policy applied) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Items_FlavorView_'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_images: {
    parameters: {
      query?: {
        /** @description a flavor id that GET flavors offers (another is a 400): only images that run on it (category and architecture) */
        flavor?: string;
        /** @description part of the image name or tag, any letter case */
        name?: string;
        /** @description 1 to bypass the catalogue cache */
        refresh?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Images this user may launch, optionally those that run on a flavor */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Items_ImageView_'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_legacy_instances: {
    parameters: {
      query?: {
        de_type?: components['schemas']['LegacyDeType'];
        provision_type?: components['schemas']['LegacyProvisionType'];
        status?: components['schemas']['LegacyStatus'];
        sortby?: components['schemas']['LegacySortBy'];
        order?: components['schemas']['LegacyOrder'];
        offset?: number;
        /** @description 0: every instance */
        limit?: number;
        workspace_id?: string;
        pool_id?: string;
        show_self?: boolean;
        ai_project?: string;
        /** @description the same filter as ai_project: give one of the two */
        ai_project_id?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Legacy instances */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyInstancePage'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_legacy_instances: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LegacyCreateRequest'];
      };
    };
    responses: {
      /** @description Create a legacy instance */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyInstance'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_legacy_instances_instance_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034 */
        instance_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One legacy instance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyInstance'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  put_legacy_instances_instance_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034 */
        instance_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LegacyUpdateRequest'];
      };
    };
    responses: {
      /** @description Change description or auto-stop */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyInstance'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  delete_legacy_instances_instance_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034 */
        instance_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Delete a legacy instance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyDeletedView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_legacy_instances_instance_id_action: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034 */
        instance_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LegacyActionRequest'];
      };
    };
    responses: {
      /** @description Start or stop a legacy instance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LegacyActionResult'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_legacy_instances_instance_id_open: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the legacy instance's id, such as DE-7d558ef8-c73d-11ea-bd8a-0255ac100034 */
        instance_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description URL and token of a RUNNING legacy instance */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OpenView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_notebooks: {
    parameters: {
      query?: {
        status?: components['schemas']['NotebookStatus'];
        /** @description part of the name */
        name?: string;
        offset?: number;
        /** @description page size, 1–50 (ModelArts default 10) */
        limit?: number;
        /** @description 1 for every user's notebooks (the admin view) */
        all?: boolean;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description A page of notebooks */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookPageView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_notebooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NotebookCreateRequest'];
      };
    };
    responses: {
      /** @description Create a notebook (contract, then policy, then ModelArts) */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_notebooks_notebook_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One notebook (never its token) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  put_notebooks_notebook_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['NotebookUpdateRequest'];
      };
    };
    responses: {
      /** @description Change name, description, flavor, image, storage size... */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  delete_notebooks_notebook_id: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Delete a notebook */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_notebooks_notebook_id_flavors: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Flavors a stopped notebook may switch to (policy applied) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Items_FlavorView_'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_notebooks_notebook_id_lease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The auto-stop lease, on the server's clock */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LeaseView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  patch_notebooks_notebook_id_lease: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['LeaseRenewRequest'];
      };
    };
    responses: {
      /** @description Renew the lease (body optional; type defaults to TIMING) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LeaseView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_notebooks_notebook_id_open: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description URL and instance token of a RUNNING notebook (the only answer carrying the token) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OpenView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_notebooks_notebook_id_start: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['StartQuery'];
      };
    };
    responses: {
      /** @description Start a notebook, optionally with a lease */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_notebooks_notebook_id_stop: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the notebook's id (a UUID, in any letter case) */
        notebook_id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Stop a notebook */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_openapi_json: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description This document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_presets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The administrator's launch presets for this user */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Items_Preset_'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  post_presets_slug_launch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description the preset's slug, as GET presets lists it */
        slug: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['PresetLaunchBody'];
      };
    };
    responses: {
      /** @description Create a notebook from a preset */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotebookView'];
        };
      };
      /** @description Invalid input: every offending field is listed in `problems` */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description No such notebook, instance, image or preset */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description The instance is in the wrong state for this, or the quota is used up */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts refused the server's credentials, could not be reached, or failed */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts is not configured on this server, or is throttling */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
      /** @description ModelArts did not answer in time */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
  get_status: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Version, configuration problems, endpoint, quota, poll hints */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['StatusView'];
        };
      };
      /** @description No Jupyter login, or not allowed by the administrator's policy (`problems` says which) */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorView'];
        };
      };
    };
  };
}

/** `value` with every object and array in it frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * The server's limits (`x-limits`): lengths, the name pattern (a JavaScript
 * RegExp source), forbidden description characters, storage sizes in GB, lease
 * lengths in ms and the largest list page. The forms check them as the user types.
 */
export interface ILimits {
  readonly allowed_access_ips_max: number;
  readonly description_forbidden: string;
  readonly description_max: number;
  readonly evs_max_gb: number;
  readonly evs_min_gb: number;
  readonly lease_default_ms: number;
  readonly lease_idle_min_ms: number;
  readonly lease_max_ms: number;
  readonly lease_timing_min_ms: number;
  readonly list_limit_max: number;
  readonly name_advised_max: number;
  readonly name_max: number;
  readonly name_pattern: string;
  readonly volume_max_gb: number;
}

export const LIMITS: ILimits = deepFreeze<ILimits>({
  allowed_access_ips_max: 5,
  description_forbidden: '<>',
  description_max: 512,
  evs_max_gb: 4096,
  evs_min_gb: 5,
  lease_default_ms: 3600000,
  lease_idle_min_ms: 900000,
  lease_max_ms: 259200000,
  lease_timing_min_ms: 3600000,
  list_limit_max: 50,
  name_advised_max: 64,
  name_max: 128,
  name_pattern: '^[A-Za-z0-9_\\-\\u4e00-\\u9fa5]+$',
  volume_max_gb: 4096
});

/** Every status of a notebook (the NotebookStatus schema). */
export type NotebookStatus = components['schemas']['NotebookStatus'];

/** What a status may allow (the values of `x-status-rules.actions`). */
export type StatusAction =
  'delete' | 'lease' | 'open' | 'start' | 'stop' | 'switch' | 'update';

export const NOTEBOOK_STATUSES: readonly NotebookStatus[] = deepFreeze<
  readonly NotebookStatus[]
>([
  'INIT',
  'CREATING',
  'STARTING',
  'STOPPING',
  'DELETING',
  'RUNNING',
  'STOPPED',
  'SNAPSHOTTING',
  'CREATE_FAILED',
  'START_FAILED',
  'DELETE_FAILED',
  'ERROR',
  'DELETED',
  'FROZEN'
]);

/**
 * The server's status rules (`x-status-rules`): the statuses that change by
 * themselves soon (`transitional`) and where each is `heading`, those that
 * need the user's attention (`failed`), and the `actions` each status allows.
 */
export interface IStatusRules {
  readonly actions: {
    readonly [S in NotebookStatus]?: readonly StatusAction[];
  };
  readonly failed: readonly NotebookStatus[];
  readonly heading: { readonly [S in NotebookStatus]?: NotebookStatus };
  readonly transitional: readonly NotebookStatus[];
}

export const STATUS_RULES: IStatusRules = deepFreeze<IStatusRules>({
  actions: {
    CREATE_FAILED: ['delete', 'update'],
    CREATING: ['delete'],
    DELETED: [],
    DELETE_FAILED: ['delete'],
    DELETING: [],
    ERROR: ['delete', 'update'],
    FROZEN: ['delete'],
    INIT: ['delete'],
    RUNNING: ['delete', 'lease', 'open', 'stop', 'update'],
    SNAPSHOTTING: [],
    STARTING: [],
    START_FAILED: ['delete', 'start', 'update'],
    STOPPED: ['delete', 'start', 'switch', 'update'],
    STOPPING: []
  },
  failed: ['CREATE_FAILED', 'DELETE_FAILED', 'ERROR', 'FROZEN', 'START_FAILED'],
  heading: {
    CREATING: 'RUNNING',
    DELETING: 'DELETED',
    INIT: 'RUNNING',
    SNAPSHOTTING: 'RUNNING',
    STARTING: 'RUNNING',
    STOPPING: 'STOPPED'
  },
  transitional: [
    'CREATING',
    'DELETING',
    'INIT',
    'SNAPSHOTTING',
    'STARTING',
    'STOPPING'
  ]
});
