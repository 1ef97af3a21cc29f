/**
 * Open an instance's own JupyterLab in a new browser tab.
 *
 * The URL and token are fetched when the user asks (POST open) and handed to
 * the new tab at once: never stored in the layout, the state database, the
 * settings or the DOM, never logged. `noopener,noreferrer` keeps the new tab
 * from reaching back into this JupyterLab and the token out of Referer headers.
 */
import type { ModelArtsAPI } from './api';

/** `url` with `?token=` (Jupyter's convention), keeping its other parameters. */
export function urlWithToken(url: string, token: string): string {
  const base =
    typeof window === 'undefined' ? 'http://localhost/' : window.location.href;
  const parsed = new URL(url, base);
  parsed.searchParams.set('token', token);
  return parsed.toString();
}

/**
 * Ask the server for the instance's URL and token, then open it.
 *
 * @param opener - `window.open` (tests pass their own)
 * @throws what `ModelArtsAPI.open` throws (e.g. 409 when not RUNNING)
 */
export async function openInstance(
  api: Pick<ModelArtsAPI, 'open'>,
  id: string,
  opener: (url: string, target: string, features: string) => unknown = (
    url,
    target,
    features
  ) => window.open(url, target, features)
): Promise<void> {
  const { url, token } = await api.open(id);
  opener(urlWithToken(url, token), '_blank', 'noopener,noreferrer');
}
