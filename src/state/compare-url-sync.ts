/**
 * Keeps the address bar equal to the Compare view (replaceState, at most once per ~250 ms,
 * trailing), like the Explorer's url-sync.ts. It never pushes history entries.
 */
import { useCompare, compareUrlStateOf, type CompareState } from './compare-store';
import { encodeCompareUrl } from './compare-url';
import { URL_SYNC_MS } from './url-sync';
import { syncAddressBar, writeSearch } from './address-bar';

const carried = (s: CompareState) => [s.setup, JSON.stringify(s.panes.map((p) => p.spec)), s.unit, s.playhead, s.sync] as const;

/** Write the Compare view's URL now, if it differs from the address bar. */
export function writeCompareUrl(): void {
  writeSearch(encodeCompareUrl(compareUrlStateOf(useCompare.getState())));
}

/** Start syncing; returns a function that stops and drops a held-back write. */
export function startCompareUrlSync(intervalMs = URL_SYNC_MS): () => void {
  return syncAddressBar(useCompare, carried, writeCompareUrl, intervalMs);
}
