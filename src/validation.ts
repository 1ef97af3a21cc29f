/**
 * The launch and edit forms' live checks, with the rules the server applies
 * (its `x-limits`, generated into LIMITS: nothing is copied here by hand), and
 * the mapping of the server's error answers back to the field they concern.
 * Pure functions.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { LIMITS } from './contract';
import type { IProblemView } from './contract';

/** The server's name rule (`LIMITS.name_pattern`, a JavaScript RegExp source). */
const NAME_PATTERN = new RegExp(LIMITS.name_pattern);
/** The characters a description must not contain. */
const DESCRIPTION_FORBIDDEN = [...LIMITS.description_forbidden];

/** A form field that an error can be shown next to. */
export type FormField =
  'name' | 'description' | 'flavor' | 'image' | 'storage' | 'autoStop' | 'ssh';

/** Errors to show next to fields, plus those that belong to no field. */
export interface IFieldErrors {
  fields: Partial<Record<FormField, string>>;
  general: string[];
}

/** The broken rule of an instance name, or null when it is fine. */
export function nameProblem(
  name: string,
  trans: TranslationBundle
): string | null {
  if (name.length === 0) {
    return trans.__('Enter a name.');
  }
  if (name.length > LIMITS.name_max || !NAME_PATTERN.test(name)) {
    return trans.__(
      "Use 1–%1 characters: letters, digits, '-', '_' or Chinese characters.",
      LIMITS.name_max
    );
  }
  return null;
}

/** Advice that does not block (some consoles cut names after 64 characters). */
export function nameAdvice(
  name: string,
  taken: readonly string[],
  trans: TranslationBundle
): string | null {
  if (taken.includes(name)) {
    return trans.__('Another instance already has this name.');
  }
  if (name.length > LIMITS.name_advised_max) {
    return trans.__(
      'Some ModelArts consoles show only the first %1 characters.',
      LIMITS.name_advised_max
    );
  }
  return null;
}

export function descriptionProblem(
  text: string,
  trans: TranslationBundle
): string | null {
  if (
    text.length > LIMITS.description_max ||
    DESCRIPTION_FORBIDDEN.some(char => text.includes(char))
  ) {
    return trans.__(
      'Use at most %1 characters, without %2.',
      LIMITS.description_max,
      anyOf(DESCRIPTION_FORBIDDEN, trans)
    );
  }
  return null;
}

/** `a`, `a or b`, `a, b or c`. */
function anyOf(words: readonly string[], trans: TranslationBundle): string {
  if (words.length < 2) {
    return words.join('');
  }
  return trans.__(
    '%1 or %2',
    words.slice(0, -1).join(', '),
    words[words.length - 1]
  );
}

/** The broken rule of a storage size in GB, or null. */
export function capacityProblem(
  category: string,
  gigabytes: number,
  trans: TranslationBundle,
  minimum?: number
): string | null {
  const evs = category === 'EVS';
  const low = Math.max(minimum ?? 0, evs ? LIMITS.evs_min_gb : 1);
  const high = evs ? LIMITS.evs_max_gb : LIMITS.volume_max_gb;
  if (!Number.isInteger(gigabytes) || gigabytes < low || gigabytes > high) {
    return trans.__('Enter a whole number of GB from %1 to %2.', low, high);
  }
  return null;
}

/** Words of a comma- or space-separated list. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map(word => word.trim())
    .filter(Boolean);
}

const NOT_PUBLIC: [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
  [0xe0000000, 4],
  [0xf0000000, 4]
];

/** Whether `text` is a public IPv4 address (the server's PublicIPv4 rule). */
export function isPublicIPv4(text: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) {
    return false;
  }
  const octets = match.slice(1).map(Number);
  if (octets.some(o => o > 255) || match.slice(1).some(o => /^0\d/.test(o))) {
    return false;
  }
  const value =
    ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>>
    0;
  return !NOT_PUBLIC.some(([network, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (value & mask) >>> 0 === network;
  });
}

/** The broken rule of an allowed-IP list, or null. */
export function allowedIpsProblem(
  text: string,
  trans: TranslationBundle
): string | null {
  const ips = splitList(text);
  if (ips.length > LIMITS.allowed_access_ips_max) {
    return trans.__('At most %1 IP addresses.', LIMITS.allowed_access_ips_max);
  }
  const bad = ips.filter(ip => !isPublicIPv4(ip));
  if (bad.length) {
    return trans.__(
      '%1: use public IPv4 addresses such as 203.0.113.7.',
      bad.join(', ')
    );
  }
  return null;
}

/** The form field a server problem location (e.g. `body.volume.capacity`) is about. */
export function fieldOfLocation(location: string): FormField | null {
  const parts = location.split('.');
  const key = parts[0] === 'body' ? parts[1] : parts[0];
  switch (key) {
    case 'name':
      return 'name';
    case 'description':
      return 'description';
    case 'flavor':
    case 'feature':
      return 'flavor';
    case 'image_id':
      return 'image';
    case 'volume':
    case 'storage_new_size':
      return 'storage';
    case 'lease':
    case 'duration':
      return 'autoStop';
    case 'endpoints':
      return 'ssh';
    default:
      return null;
  }
}

/** ModelArts error codes that concern one field of the forms. */
const FIELD_OF_CODE: Record<string, FormField> = {
  'ModelArts.6323': 'flavor',
  'ModelArts.6329': 'flavor',
  'ModelArts.6716': 'flavor',
  'ModelArts.6792': 'flavor',
  'ModelArts.6870': 'flavor',
  'ModelArts.6797': 'image',
  'ModelArts.6768': 'image',
  'ModelArts.6331': 'storage',
  'ModelArts.6334': 'name',
  'ModelArts.6349': 'autoStop'
};

/**
 * Spread an error answer over the form: each problem next to its field (all
 * of them: the server lists every one), an upstream error with a known code
 * next to its field, anything else as a general message.
 */
export function errorsForForm(
  message: string,
  code: string | null,
  problems: readonly IProblemView[]
): IFieldErrors {
  const result: IFieldErrors = { fields: {}, general: [] };
  for (const problem of problems) {
    const field = fieldOfLocation(problem.location);
    if (field) {
      const previous = result.fields[field];
      result.fields[field] = previous
        ? `${previous} ${problem.rule}`
        : problem.rule;
    } else {
      result.general.push(`${problem.location}: ${problem.rule}`);
    }
  }
  if (problems.length === 0) {
    const field = code ? FIELD_OF_CODE[code] : undefined;
    const text = code ? `${message} (${code})` : message;
    if (field) {
      result.fields[field] = text;
    } else {
      result.general.push(text);
    }
  }
  return result;
}
