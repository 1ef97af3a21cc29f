/**
 * The user's settings (schema/plugin.json) as one typed object, with a signal
 * when they change. Values outside the schema fall back to the defaults.
 */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';

export interface IModelArtsSettings {
  /** Seconds between refreshes while an instance changes state; null = server's hint. */
  pollIntervalFast: number | null;
  /** Seconds between refreshes otherwise; null = server's hint. */
  pollIntervalSlow: number | null;
  /** Pre-fill the launch form with the last launch's flavor, image, storage and auto-stop. */
  rememberChoices: boolean;
  /** Minutes before an automatic stop to warn; 0 = never warn. */
  warningLeadMinutes: number;
  /** How long an Extend makes an instance run from now, in hours. */
  extendHours: number;
  confirmStop: boolean;
  confirmDelete: boolean;
  confirmPresetLaunch: boolean;
  /** Instances per page of the list. */
  pageSize: number;
}

export const DEFAULT_SETTINGS: IModelArtsSettings = {
  pollIntervalFast: null,
  pollIntervalSlow: null,
  rememberChoices: true,
  warningLeadMinutes: 15,
  extendHours: 1,
  confirmStop: false,
  confirmDelete: true,
  confirmPresetLaunch: true,
  pageSize: 10
};

function positiveOrNull(
  value: unknown,
  fallback: number | null
): number | null {
  if (value === null) {
    return null;
  }
  return typeof value === 'number' && value > 0 ? value : fallback;
}

function numberIn(
  value: unknown,
  low: number,
  high: number,
  fallback: number
): number {
  return typeof value === 'number' && value >= low && value <= high
    ? value
    : fallback;
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Typed settings from the registry's composite value. */
export function readSettings(
  raw: ReadonlyPartialJSONObject
): IModelArtsSettings {
  const d = DEFAULT_SETTINGS;
  return {
    pollIntervalFast: positiveOrNull(raw.pollIntervalFast, d.pollIntervalFast),
    pollIntervalSlow: positiveOrNull(raw.pollIntervalSlow, d.pollIntervalSlow),
    rememberChoices: flag(raw.rememberChoices, d.rememberChoices),
    warningLeadMinutes: numberIn(
      raw.warningLeadMinutes,
      0,
      24 * 60,
      d.warningLeadMinutes
    ),
    extendHours: numberIn(raw.extendHours, 1, 72, d.extendHours),
    confirmStop: flag(raw.confirmStop, d.confirmStop),
    confirmDelete: flag(raw.confirmDelete, d.confirmDelete),
    confirmPresetLaunch: flag(raw.confirmPresetLaunch, d.confirmPresetLaunch),
    pageSize: Math.round(numberIn(raw.pageSize, 1, 50, d.pageSize))
  };
}

/** The current settings and their changes. */
export class SettingsHolder {
  get value(): IModelArtsSettings {
    return this._value;
  }

  set value(value: IModelArtsSettings) {
    this._value = value;
    this._changed.emit(value);
  }

  get changed(): ISignal<this, IModelArtsSettings> {
    return this._changed;
  }

  private _value: IModelArtsSettings = DEFAULT_SETTINGS;
  private _changed = new Signal<this, IModelArtsSettings>(this);
}
