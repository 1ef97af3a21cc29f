/**
 * The notifications about automatic stops: the warning before (with Extend)
 * and the news after (with Start).
 */
import { Notification } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';

import { formatDuration, formatLeaseLength } from './format/time';

/** What the pre-stop warning says and does. */
export interface IStopSoon {
  name: string;
  /** Time left, on the server's clock. */
  leftMs: number;
  /** The stop time on the browser's wall clock ("14:05"). */
  at: string;
  /** How long Extend keeps it running from now (ms). */
  extendMs: number;
  extend: () => void;
}

/** "analysis stops automatically in 12 min (at 14:05)." with Extend and Dismiss. */
export function notifyStopSoon(
  trans: TranslationBundle,
  warning: IStopSoon
): string {
  return Notification.warning(
    trans.__(
      '%1 stops automatically in %2 (at %3).',
      warning.name,
      formatDuration(warning.leftMs, trans),
      warning.at
    ),
    {
      autoClose: false,
      actions: [
        {
          label: trans.__('Extend'),
          caption: trans.__(
            'Keep it running for %1 from now',
            formatLeaseLength(warning.extendMs, trans)
          ),
          displayType: 'accent',
          callback: warning.extend
        },
        {
          label: trans.__('Dismiss'),
          caption: trans.__('Let it stop'),
          callback: () => undefined
        }
      ]
    }
  );
}

/** "analysis stopped automatically: …" with Start. */
export function notifyAutoStopped(
  trans: TranslationBundle,
  name: string,
  start: () => unknown
): string {
  return Notification.info(
    trans.__('%1 stopped automatically: its auto-stop time was reached.', name),
    {
      autoClose: false,
      actions: [
        {
          label: trans.__('Start'),
          caption: trans.__('Start %1 again', name),
          callback: () => void start()
        }
      ]
    }
  );
}
