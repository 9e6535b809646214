/**
 * Keeps the address bar equal to the Scaling view: whenever a field the URL carries changes (the
 * setup, convention, overlay, rule, target, opened point), the URL is rewritten with
 * `history.replaceState` — at most once per ~250 ms, trailing, so dragging the rule does not
 * flood the browser's history API. Like the Explorer's url-sync.ts it never pushes history
 * entries; only switching views does (app-view.ts).
 */
import { encodeScalingUrl } from './scaling-url';
import { useScaling, type ScalingState } from './scaling-store';
import { URL_SYNC_MS } from './url-sync';
import { syncAddressBar, writeSearch } from './address-bar';

const carried = (s: ScalingState) => [s.setup, s.convention, s.overlay, s.oracle, s.rule, s.target, s.point] as const;

/** Write the Scaling view's URL now, if it differs from the address bar. */
export function writeScalingUrl(): void {
  writeSearch(encodeScalingUrl(useScaling.getState()));
}

/**
 * Start syncing the URL from the store (after `scaling.init`, so the first write already shows
 * the decoded, corrected link). Returns a function that stops syncing and drops a held-back write.
 */
export function startScalingUrlSync(intervalMs = URL_SYNC_MS): () => void {
  return syncAddressBar(useScaling, carried, writeScalingUrl, intervalMs);
}
