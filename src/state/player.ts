/**
 * The play loop: while the store says `playing`, each animation frame moves the playhead on by
 * the pacing rule (pacing.ts), applies it to the Playback and bumps `revision` — only when the
 * whole-event playhead actually changes, so a slow speed costs no redraws between events.
 *
 * At the end of a log that is still growing it waits (the run is ahead of nobody: the player just
 * catches up when batches arrive); at the end of a finished log it stops (`playing` → false).
 * `prefers-reduced-motion` does not stop playback: dropping tweens is the renderer's job.
 *
 * The player keeps a fractional cursor so slow paces accumulate; anyone else moving the playhead
 * (seek, step, a new run) is noticed on the next frame and the cursor jumps there.
 */
import type { Playback } from '../search/playback';
import { useExplorer } from './explorer-store';
import { advanceCursor, MAX_FRAME_SECONDS, requestFrame, type Timeline } from './pacing';
import { getPlayback } from './playback-store';

let cursor = 0;
let cursorOf: Playback | null = null;
let lastFrame: number | null = null;
let cancel: (() => void) | null = null;
let cached: { playback: Playback; length: number; timeline: Timeline } | null = null;

/** The player's view of the current log; step boundaries are recomputed only when it grew. */
function timelineOf(playback: Playback): Timeline {
  const status = useExplorer.getState().status;
  // A run that ended without `done` (error, cancel) will not grow either.
  const finished = playback.finished || status === 'done' || status === 'error' || status === 'cancelled';
  if (!cached || cached.playback !== playback || cached.length !== playback.events.length) {
    cached = { playback, length: playback.events.length, timeline: { length: playback.events.length, finished, boundaries: playback.stepBoundaries('step') } };
  }
  cached.timeline.finished = finished;
  return cached.timeline;
}

/** One frame of the loop (exported for tests, which drive it with their own clock). */
export function playerFrame(now: number): void {
  // A direct call while a frame is pending must not leave two loops running.
  cancel?.();
  cancel = null;
  const s = useExplorer.getState();
  if (!s.playing) {
    lastFrame = null;
    return;
  }
  const playback = getPlayback();
  if (playback !== cursorOf || Math.floor(cursor) !== playback.playhead) {
    cursor = playback.playhead;
    cursorOf = playback;
  }
  const seconds = lastFrame === null ? 0 : Math.min(MAX_FRAME_SECONDS, Math.max(0, (now - lastFrame) / 1000));
  lastFrame = now;
  const timeline = timelineOf(playback);
  cursor = advanceCursor(cursor, seconds, s.speed, s.granularity, timeline);
  const t = Math.floor(cursor);
  if (t !== playback.playhead) {
    playback.seek(t);
    useExplorer.setState((x) => ({ playhead: playback.playhead, revision: x.revision + 1 }));
  }
  if (timeline.finished && playback.playhead >= timeline.length) {
    lastFrame = null;
    useExplorer.setState({ playing: false });
    return;
  }
  cancel = requestFrame(playerFrame);
}

function schedule(): void {
  cancel ??= requestFrame(playerFrame);
}

/**
 * Start the play loop; returns a function that stops it. Frames are requested only while
 * `playing` is true, so a paused Explorer costs nothing. Call once, when the Explorer mounts.
 */
export function startPlayer(): () => void {
  // Drop a frame left over from an earlier start (hot reload, a remount) before taking over.
  cancel?.();
  cancel = null;
  lastFrame = null;
  const unsubscribe = useExplorer.subscribe((s, prev) => {
    if (s.playing && !prev.playing) schedule();
  });
  if (useExplorer.getState().playing) schedule();
  return () => {
    unsubscribe();
    cancel?.();
    cancel = null;
    lastFrame = null;
  };
}
