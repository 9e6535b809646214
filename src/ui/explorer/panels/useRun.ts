/**
 * The two things every panel reads besides its own store slice: the Playback at the playhead
 * (re-read whenever the store's `revision` moves) and the problem being solved.
 */
import type { Playback } from '../../../search/playback';
import type { Problem } from '../../../search/types';
import { bundleFor, problemFor } from '../../../state/catalog';
import { selectParams, selectRevision, useExplorer, type SourceRef } from '../../../state/explorer-store';
import { getPlayback } from '../../../state/playback-store';

/**
 * The run's Playback. The tree is mutable and lives outside the store, so the component
 * subscribes to `revision` and reads the Playback fresh on each render; the returned revision
 * is the key to memoise anything derived from it.
 */
export function usePlayback(): { playback: Playback; revision: number } {
  const revision = useExplorer(selectRevision);
  return { playback: getPlayback(), revision };
}

/**
 * The problem the Explorer shows; undefined while its bundle is loading or the id is unknown.
 * Not memoised: the lookup is cached in src/sim and a Map find for bundles, and a bundle's problems
 * arrive after its source is chosen, so a memo keyed on the params could go stale.
 */
export function useProblem(): Problem | undefined {
  const { source, problemId } = useExplorer(selectParams);
  return problemFor(source, problemId);
}

/** Whether a source's numbers come from the simulated world (the sim, or a trace recorded from it). */
export function isSimulated(source: SourceRef): boolean {
  return source.kind === 'sim' || bundleFor(source)?.source === 'sim';
}
