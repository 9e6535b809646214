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
