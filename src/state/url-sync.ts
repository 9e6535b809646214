/**
 * Keeps the address bar equal to the view: whenever a field the URL carries changes (parameters,
 * playhead, granularity, orientation, speed, selection, camera), the URL is rewritten with
 * `history.replaceState` — at most once per ~250 ms, trailing, so playback and camera drags do
 * not flood the browser's history API (which throttles and may throw past ~100 calls/10 s). It
 * never pushes history entries: the back button leaves the Explorer instead of rewinding it.
 */
import { useExplorer, type ExplorerState } from './explorer-store';
import { encodeExplorerUrl } from './url-codec';
import { syncAddressBar, writeSearch } from './address-bar';

/** How long URL writes are held back and coalesced. */
export const URL_SYNC_MS = 250;

const carried = (s: ExplorerState) => [s.params, s.playhead, s.granularity, s.orientation, s.speed, s.selection, s.camera] as const;

/** Write the current state's URL now, if it differs from the address bar. */
export function writeUrl(): void {
  writeSearch(encodeExplorerUrl(useExplorer.getState()));
}

/**
 * Start syncing the URL from the store (after `explorer.init`, so the first write already shows
 * the decoded, corrected link). Returns a function that stops syncing and drops a held-back
 * write: after the Explorer unmounts, the URL belongs to whichever view replaced it.
 */
export function startUrlSync(intervalMs = URL_SYNC_MS): () => void {
  return syncAddressBar(useExplorer, carried, writeUrl, intervalMs);
}
