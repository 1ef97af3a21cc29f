/**
 * From the launch form's choices (or an administrator preset) to the create
 * request the server validates, and the remembered choices that are reused only
 * when today's catalogue still offers them. Pure functions.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { formatLeaseLength, HOUR, MINUTE } from './format/time';
import type {
  IFlavorView,
  INotebookCreateRequest,
  IPreset,
  LeaseType
} from './contract';
import { splitList } from './validation';

/** Auto-stop switched off (ModelArts' -1). */
export const AUTO_STOP_OFF = 'OFF';
/** The default auto-stop: after 1 hour (ModelArts' own default lease). */
export const DEFAULT_AUTO_STOP = `TIMING:${HOUR}`;

const TIMING_CHOICES = [1, 2, 4, 8, 12, 24, 48, 72].map(h => h * HOUR);
const IDLE_CHOICES = [15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR];

/** Everything the launch form holds. */
export interface ILaunchChoices {
  flavor: string;
  image: string;
  name: string;
  description: string;
  storageCategory: 'EVS' | 'EFS';
  /** GB. */
  capacity: number;
  /** `TIMING:<ms>`, `IDLE:<ms>` or `OFF`. */
  autoStop: string;
  /** SSH key pair names, comma separated ("" for no SSH). */
  keyPairs: string;
  /** Public IPv4 addresses allowed to connect over SSH, comma separated. */
  allowedIps: string;
}

/** The choices worth remembering between launches (never a name or a secret). */
export type RememberedChoices = Pick<
  ILaunchChoices,
  'flavor' | 'image' | 'storageCategory' | 'capacity' | 'autoStop'
>;

export interface IAutoStopOption {
  value: string;
  label: string;
  group: 'TIMING' | 'IDLE' | 'OFF';
}

/** `{type, duration}` of an auto-stop choice; OFF is duration -1. */
export function parseAutoStop(value: string): {
  type: LeaseType;
  duration: number;
} {
  if (value === AUTO_STOP_OFF) {
    return { type: 'TIMING', duration: -1 };
  }
  const [type, duration] = value.split(':');
  return {
    type: type === 'IDLE' ? 'IDLE' : 'TIMING',
    duration: Number(duration)
  };
}

/** The auto-stop choices allowed under the administrator's ceiling. */
export function autoStopOptions(
  maxLeaseMs: number | null | undefined,
  trans: TranslationBundle
): IAutoStopOption[] {
  const fits = (ms: number) => !maxLeaseMs || ms <= maxLeaseMs;
  const options: IAutoStopOption[] = [
    ...TIMING_CHOICES.filter(fits).map(ms => ({
      value: `TIMING:${ms}`,
      label: trans.__('After %1', formatLeaseLength(ms, trans)),
      group: 'TIMING' as const
    })),
    ...IDLE_CHOICES.filter(fits).map(ms => ({
      value: `IDLE:${ms}`,
      label: trans.__('After %1 idle', formatLeaseLength(ms, trans)),
      group: 'IDLE' as const
    }))
  ];
  if (!maxLeaseMs) {
    options.push({
      value: AUTO_STOP_OFF,
      label: trans.__('Never (runs until stopped)'),
      group: 'OFF'
    });
  }
  return options;
}

/**
 * The body of `POST notebooks` for the form's choices. A free flavor (feature
 * DEFAULT, ModelArts' CodeLab) needs `feature: DEFAULT` in the request (6870).
 */
export function createRequest(
  choices: ILaunchChoices,
  flavor?: IFlavorView
): INotebookCreateRequest {
  const request: INotebookCreateRequest = {
    name: choices.name,
    flavor: choices.flavor,
    image_id: choices.image,
    volume: {
      category: choices.storageCategory,
      ownership: 'MANAGED',
      capacity: choices.capacity
    },
    lease: parseAutoStop(choices.autoStop)
  };
  if (flavor?.feature === 'DEFAULT') {
    request.feature = 'DEFAULT';
  }
  if (choices.description.trim()) {
    request.description = choices.description.trim();
  }
  const keys = splitList(choices.keyPairs);
  if (keys.length) {
    const ips = splitList(choices.allowedIps);
    request.endpoints = [
      {
        service: 'SSH',
        key_pair_names: keys,
        ...(ips.length ? { allowed_access_ips: ips } : {})
      }
    ];
  }
  return request;
}

/** The managed storage kinds a flavor offers, EVS first ("SFS" is EFS's other name). */
export function storageChoices(
  flavor: IFlavorView | undefined
): ('EVS' | 'EFS')[] {
  const offered = (flavor?.storages ?? ['EVS']).map(s => s.toUpperCase());
  const choices: ('EVS' | 'EFS')[] = [];
  if (offered.includes('EVS')) {
    choices.push('EVS');
  }
  if (offered.includes('EFS') || offered.includes('SFS')) {
    choices.push('EFS');
  }
  return choices;
}

/** ModelArts' default size of a new volume, in GB. */
export function defaultCapacity(category: 'EVS' | 'EFS'): number {
  return category === 'EVS' ? 5 : 50;
}

/**
 * The flavor the form starts with: the first that can be launched, preferring
 * billed flavors to the free one (ModelArts allows one free instance per user).
 */
export function defaultFlavor(
  flavors: readonly IFlavorView[]
): IFlavorView | undefined {
  const open = flavors.filter(f => launchable(f));
  return open.find(f => !f.free) ?? open[0];
}

/** The first free `<prefix>N` (N from 1), so repeated launches do not collide. */
export function suggestName(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    if (!used.has(`${prefix}${n}`)) {
      return `${prefix}${n}`;
    }
  }
}

/** Whether a flavor can be launched now (known and not sold out). */
export function launchable(flavor: IFlavorView | undefined): boolean {
  return flavor !== undefined && !flavor.sold_out;
}

/**
 * The remembered choices that today's catalogue still allows, each one checked
 * on its own: a flavor that sold out or was withdrawn is dropped, and so is an
 * image the (new) flavor cannot run.
 */
export function restoreChoices(
  saved: Partial<RememberedChoices> | null | undefined,
  flavors: readonly IFlavorView[],
  autoStopValues: readonly string[]
): Partial<RememberedChoices> {
  if (!saved) {
    return {};
  }
  const result: Partial<RememberedChoices> = {};
  const flavor = flavors.find(f => f.id === saved.flavor);
  if (flavor && launchable(flavor)) {
    result.flavor = flavor.id;
    // The image is checked against the flavor's image list when it arrives.
    if (typeof saved.image === 'string') {
      result.image = saved.image;
    }
    if (
      saved.storageCategory &&
      storageChoices(flavor).includes(saved.storageCategory)
    ) {
      result.storageCategory = saved.storageCategory;
    }
  }
  if (typeof saved.capacity === 'number' && saved.capacity > 0) {
    result.capacity = saved.capacity;
  }
  if (saved.autoStop && autoStopValues.includes(saved.autoStop)) {
    result.autoStop = saved.autoStop;
  }
  return result;
}

/**
 * What a preset creates, as a create request: for the optimistic row and the
 * confirmation. The server builds the real one (`POST presets/{slug}/launch`),
 * resolving an image given by name to its id; until then `image_id` holds the
 * preset's image reference as written.
 */
export function presetRequest(
  preset: IPreset,
  name: string
): INotebookCreateRequest {
  const storage = preset.storage ?? {};
  const request: INotebookCreateRequest = {
    name,
    flavor: preset.flavor,
    image_id: preset.image,
    volume: {
      category: storage.category ?? 'EVS',
      ownership: 'MANAGED',
      ...(storage.capacity ? { capacity: storage.capacity } : {})
    }
  };
  if (preset.lease) {
    request.lease = {
      type: preset.lease.type ?? 'TIMING',
      duration: preset.lease.duration_ms
    };
  }
  if (preset.feature) {
    request.feature = preset.feature;
  }
  if (preset.notebook_description) {
    request.description = preset.notebook_description;
  }
  return request;
}
