/**
 * Friendly names for the wire contract. Every type here comes from
 * ./generated.ts, which `jlpm generate:contract` writes from the server's
 * OpenAPI document: nothing is mirrored by hand, so the front end cannot drift
 * from the pydantic views (`jlpm check:contract` fails when generated.ts is
 * stale, and tsc fails where the code no longer fits what it says).
 *
 * A field with a default on the Python side is optional, `| null` marks one that
 * may be null, and enumerations ModelArts may extend are plain strings.
 */
import type { components, paths } from './generated';

export type {
  IStatusRules,
  ILimits,
  NotebookStatus,
  StatusAction
} from './generated';
export { LIMITS, NOTEBOOK_STATUSES, STATUS_RULES } from './generated';

type Schemas = components['schemas'];

// ---- answers --------------------------------------------------------------------------

/** Body of every error answer of the server extension. */
export type IErrorView = Schemas['ErrorView'];
/** One broken rule of a request (`FieldProblem`); location like `body.volume.capacity`. */
export type IProblemView = Schemas['ProblemView'];
/** `GET status`. */
export type IStatusView = Schemas['StatusView'];
/** One flavor of `GET flavors` or `GET notebooks/{id}/flavors`. */
export type IFlavorView = Schemas['FlavorView'];
/** One image of `GET images`. */
export type IImageView = Schemas['ImageView'];
/** One administrator preset (`GET presets`): a launcher tile. */
export type IPreset = Schemas['Preset'];
/** A notebook as the browser sees it: no token; the lease on the server's clock. */
export type INotebookView = Schemas['NotebookView'];
/** One provisioning step of a notebook (`action_progress`). */
export type IJobProgress = Schemas['JobProgress'];
/** `GET notebooks`. */
export type INotebookPageView = Schemas['NotebookPageView'];
/** `GET|PATCH notebooks/{id}/lease`. */
export type ILeaseView = Schemas['LeaseView'];
/** `POST notebooks/{id}/open`: the only answer that carries the instance token. */
export type IOpenView = Schemas['OpenView'];

// ---- requests -------------------------------------------------------------------------

/** Body of `POST notebooks`. */
export type INotebookCreateRequest = Schemas['NotebookCreateRequest'];
/** Body of `PUT notebooks/{id}`: every field optional, at least one given. */
export type INotebookUpdateRequest = Schemas['NotebookUpdateRequest'];
/** Body of `PATCH notebooks/{id}/lease`; duration -1 turns auto-stop off. */
export type ILeaseRenewRequest = Schemas['LeaseRenewRequest'];
/** Optional body of `POST notebooks/{id}/start`: the lease to run with. */
export type IStartBody = Schemas['StartQuery'];
/** Optional body of `POST presets/{slug}/launch`. */
export type IPresetLaunchBody = Schemas['PresetLaunchBody'];
/** TIMING (stop after a while) or IDLE (stop after a while without activity). */
export type LeaseType = Schemas['LeaseType'];

// ---- per endpoint ---------------------------------------------------------------------

/** An endpoint of the server extension, relative to `<base_url>/modelarts`. */
export type ApiPath = keyof paths;

/** The HTTP methods `path` answers. */
export type ApiMethod<P extends ApiPath> = {
  [M in keyof paths[P]]-?: paths[P][M] extends { responses: unknown }
    ? M
    : never;
}[keyof paths[P]];

type JsonOf<R> = R extends { content: { 'application/json': infer T } }
  ? T
  : never;

/** The JSON of a successful `method path` (its 200 or 201 answer). */
export type Answer<
  P extends ApiPath,
  M extends ApiMethod<P>
> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer OK }
    ? JsonOf<OK>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

/** The JSON body `method path` takes (never when it takes none). */
export type RequestBody<
  P extends ApiPath,
  M extends ApiMethod<P>
> = paths[P][M] extends { requestBody?: infer B }
  ? JsonOf<NonNullable<B>>
  : never;
