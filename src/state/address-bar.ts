/**
 * The one writer of the address bar for every view's URL sync. A view encodes only its own keys;
 * keys that belong to the session rather than the view (presenter mode's `present=1&scene=k`)
 * are added here by a decorator the presenter installs while it is on.
 */

type Decorate = (search: string) => string;
let decorate: Decorate | null = null;

/** Add session keys to every search a view writes (null: none). */
export function setSearchDecorator(fn: Decorate | null): void {
  decorate = fn;
}

/** Replace the address bar's query with a view's `search` (plus session keys), if it differs. */
export function writeSearch(search: string): void {
  const full = decorate ? decorate(search) : search;
  if (full === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${full}${window.location.hash}`);
}

interface Subscribable<S> {
  subscribe(listener: (state: S, prev: S) => void): () => void;
}

/**
 * Keep the address bar in step with a view's store: `write` runs now, then at most once per
 * `intervalMs` (trailing) after any of the `carried` values changed, so playback and drags do not
 * flood the history API. Returns a function that stops and drops a held-back write (after the view
 * unmounts, the URL belongs to whichever view replaced it).
 */
export function syncAddressBar<S>(store: Subscribable<S>, carried: (s: S) => readonly unknown[], write: () => void, intervalMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    write();
  };
  const unsubscribe = store.subscribe((s, prev) => {
    const a = carried(s);
    const b = carried(prev);
    if (timer === null && a.some((v, i) => v !== b[i])) timer = setTimeout(flush, intervalMs);
  });
  write();
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}
