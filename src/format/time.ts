/**
 * Durations and clock times for people, and the server clock the lease
 * arithmetic runs on. Pure functions: unit-tested without JupyterLab.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Offset to add to the browser's clock to get the server's: `serverTimeMs` was
 * read from an answer received at `receivedAtMs` (browser clock).
 *
 * Lease deadlines are on the server's (ModelArts') clock; a laptop whose clock
 * is minutes off must still show the right countdown.
 */
export function clockOffset(
  serverTimeMs: number,
  receivedAtMs: number
): number {
  return serverTimeMs - receivedAtMs;
}

/** Milliseconds left until `deadlineMs` (server clock), never negative. */
export function remainingMs(
  deadlineMs: number,
  offsetMs: number,
  localNowMs: number
): number {
  return Math.max(0, deadlineMs - (localNowMs + offsetMs));
}

/**
 * A duration as people say it: "45 s", "12 min", "1 h 05 min", "3 d 4 h".
 * Rounded down, except that anything under a minute shows its seconds.
 */
export function formatDuration(ms: number, trans: TranslationBundle): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  if (total < 60) {
    return trans.__('%1 s', total);
  }
  const minutes = Math.floor(total / 60);
  if (minutes < 60) {
    return trans.__('%1 min', minutes);
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = String(minutes % 60).padStart(2, '0');
    return trans.__('%1 h %2 min', hours, rest);
  }
  const days = Math.floor(hours / 24);
  return hours % 24
    ? trans.__('%1 d %2 h', days, hours % 24)
    : trans.__('%1 d', days);
}

/** A lease length for a choice list: "1 h", "30 min", "3 d". */
export function formatLeaseLength(
  ms: number,
  trans: TranslationBundle
): string {
  if (ms % DAY === 0) {
    return trans._n('%1 day', '%1 days', ms / DAY);
  }
  if (ms % HOUR === 0) {
    return trans.__('%1 h', ms / HOUR);
  }
  return formatDuration(ms, trans);
}

/**
 * A server-clock instant shown on the browser's wall clock ("14:05"), with the
 * date when it is not today. `offsetMs` converts server time to browser time.
 */
export function formatClockTime(
  serverMs: number,
  offsetMs: number,
  localNowMs: number,
  locale?: string
): string {
  const local = new Date(serverMs - offsetMs);
  const time = local.toLocaleTimeString(locale, {
    hour: '2-digit',
    minute: '2-digit'
  });
  if (local.toDateString() === new Date(localNowMs).toDateString()) {
    return time;
  }
  const day = local.toLocaleDateString(locale, {
    month: 'short',
    day: 'numeric'
  });
  return `${day} ${time}`;
}
