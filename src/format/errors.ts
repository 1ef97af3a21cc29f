/**
 * One sentence for the user from anything a call can throw. Pure.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import { ModelArtsAPIError } from '../request';

/**
 * `message (code)`: the server's message with the upstream code; the problems
 * of an invalid request follow, one per field.
 */
export function describeError(
  error: unknown,
  trans: TranslationBundle
): string {
  if (error instanceof ModelArtsAPIError) {
    const code = error.code ? ` (${error.code})` : '';
    const problems = error.problems.map(p => `${p.location}: ${p.rule}`);
    return [`${error.message}${code}`, ...problems].join('\n');
  }
  if (error instanceof Error) {
    return error.message || trans.__('Unknown error');
  }
  return String(error);
}

/** Details worth quoting to support: HTTP status, code and request id. */
export function errorDetails(error: unknown, trans: TranslationBundle): string {
  if (!(error instanceof ModelArtsAPIError)) {
    return describeError(error, trans);
  }
  const lines = [
    describeError(error, trans),
    trans.__('HTTP status: %1', error.status)
  ];
  if (error.requestId) {
    lines.push(trans.__('Request id: %1', error.requestId));
  }
  return lines.join('\n');
}
