/**
 * Presenter mode's two URL keys, kept alongside the shown view's own keys:
 *
 *   ?view=explorer&…the view's keys…&present=1&scene=3
 *
 * `present=1` turns presenter mode on; `scene` is the 1-based scene of the deck (default 1). The
 * views' codecs do not know these keys, so presenter mode strips them before comparing and
 * appends them after each write (presenter-history.ts). Pure: strings in, strings out.
 */

/** The keys presenter mode owns. */
export const PRESENTER_KEYS = ['present', 'scene'] as const;

export interface PresenterUrl {
  /** Whether `present=1` is in the query. */
  present: boolean;
  /** The 1-based scene the URL names, or null when absent or not a whole number ≥ 1. */
  scene: number | null;
}

/** Read the presenter keys of a query string (with or without "?"). */
export function readPresenterUrl(search: string): PresenterUrl {
  const q = new URLSearchParams(search);
  const raw = q.get('scene');
  const scene = raw !== null && /^[1-9]\d{0,3}$/.test(raw) ? Number(raw) : null;
  return { present: q.get('present') === '1', scene };
}

/** The query (with "?", or '' when nothing is left) without the presenter keys. */
export function stripPresenterKeys(search: string): string {
  const body = search.startsWith('?') ? search.slice(1) : search;
  const kept = body.split('&').filter((part) => {
    if (part === '') return false;
    const key = decodeURIComponent(part.split('=')[0]!.replace(/\+/g, ' '));
    return !(PRESENTER_KEYS as readonly string[]).includes(key);
  });
  return kept.length ? `?${kept.join('&')}` : '';
}

/** The query (with "?") with `present=1&scene=<scene>` appended (replacing any already there). */
export function withPresenterKeys(search: string, scene: number): string {
  const rest = stripPresenterKeys(search);
  const keys = `present=1&scene=${scene}`;
  return rest ? `${rest}&${keys}` : `?${keys}`;
}
