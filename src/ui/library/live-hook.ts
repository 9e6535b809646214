/**
 * The live part of `window.__frontier` (test-hook.ts): provided from the Explorer's chunk, which
 * loads the live modules anyway, so the first bundle stays without them.
 */
import { useExplorer } from '../../state/explorer-store';
import { useLibrary } from '../../state/library-store';
import { latestRecordingId } from '../../state/live-run';
import { useLive } from '../../state/live-store';
import { formatSource } from '../../state/url-values';
import { provideLiveHook } from '../test-hook';

provideLiveHook(() => {
  const l = useLive.getState();
  return {
    source: formatSource(useExplorer.getState().params.source),
    servers: l.servers.map((x) => x.id),
    recordingId: latestRecordingId(),
    recordingError: l.recordingError,
    library: useLibrary.getState().items.map((m) => ({
      id: m.id, status: m.status, nodeCount: m.nodeCount, eventCount: m.eventCount, problemId: m.problem.id, strategy: m.strategy.name, answer: m.answer,
    })),
  };
});
