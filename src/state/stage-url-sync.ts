/**
 * Keeps the address bar equal to the Stage (replaceState, at most once per ~250 ms, trailing):
 * the panes' part comes from the Compare store, the rest from the Stage's store.
 */
import { syncAddressBar, writeSearch } from './address-bar';
import type { CompareState } from './compare-store';
import { useCompare } from './compare-store';
import { stageUrlStateOf } from './stage-actions';
import { useStage, type StageState } from './stage-store';
import { encodeStageUrl } from './stage-url';
import { URL_SYNC_MS } from './url-sync';

const panesCarried = (s: CompareState) => [s.setup, JSON.stringify(s.panes.map((p) => p.spec)), s.unit, s.playhead, s.sync] as const;
const stageCarried = (s: StageState) => [s.budget, s.sweep, s.conv, s.cols, s.max] as const;

/** Write the Stage's URL now, if it differs from the address bar. */
export function writeStageUrl(): void {
  writeSearch(encodeStageUrl(stageUrlStateOf()));
}

/** Start syncing; returns a function that stops and drops a held-back write. */
export function startStageUrlSync(intervalMs = URL_SYNC_MS): () => void {
  const a = syncAddressBar(useCompare, panesCarried, writeStageUrl, intervalMs);
  const b = syncAddressBar(useStage, stageCarried, writeStageUrl, intervalMs);
  return () => {
    a();
    b();
  };
}
