/**
 * Pacing of the Explorer's playback: how fast the playhead moves at each speed and granularity,
 * where a step forward or back lands, and the frame clock both the play loop and the worker
 * batches run on. Pure except for `requestFrame`.
 *
 * The rule (at 1×; speed s divides every duration by s):
 * - granularity 'event': 12 events per second, evenly.
 * - granularity 'step': each strategy round (a REBASE depth, an MCTS iteration, a beam depth, a
 *   sampled solution — `Playback.stepBoundaries('step')`) lasts `clamp(events / 30, 0.8, 4)`
 *   seconds, its events revealed evenly. A small round (an MCTS iteration, ~2–24 events) thus
 *   takes the ~0.8 s the eye needs to follow it, while a REBASE depth of N = 32 (65–90 events)
 *   takes 2–3 s so its 32 new nodes do not appear at once. Measured on the sim (sim-7B, seed 0,
 *   problems 0–2 of each level): REBASE N=32 13 s on the default problem, 8–19 s over levels
 *   1–5; MCTS 64 nodes 20–32 s; beam N=16 4–9 s; sampling N=32 27 s (one solution a round).
 * - The unfinished tail of a growing log plays at 30 events/s until the round is complete.
 */
import type { Granularity } from '../search/playback';
import { SPEEDS } from './explorer-store';

/** Events per second at 1× with granularity 'event'. */
export const EVENTS_PER_SECOND = 12;
/** Pace of events within a round at 1× with granularity 'step', before the clamp. */
export const ROUND_EVENTS_PER_SECOND = 30;
export const ROUND_MIN_SECONDS = 0.8;
export const ROUND_MAX_SECONDS = 4;
/** Longest frame the player integrates: after a stalled or hidden tab it resumes, not jumps. */
export const MAX_FRAME_SECONDS = 0.1;

/** How long a round of `events` events lasts at 1×. */
export function roundSeconds(events: number): number {
  return Math.min(ROUND_MAX_SECONDS, Math.max(ROUND_MIN_SECONDS, events / ROUND_EVENTS_PER_SECOND));
}

/** The log as the player sees it: its length, whether it is complete, and its step boundaries. */
export interface Timeline {
  length: number;
  finished: boolean;
  /** `Playback.stepBoundaries('step')`: ascending playheads at which rounds end. */
  boundaries: readonly number[];
}

/** Index of the first boundary strictly after `t` (boundaries.length when none). */
function after(boundaries: readonly number[], t: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid] > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Move a fractional playhead `cursor` on by `seconds` of wall time at `speed`, never past the end
 * of the log. Crossing a round boundary carries the remaining time into the next round.
 */
export function advanceCursor(cursor: number, seconds: number, speed: number, granularity: Granularity, tl: Timeline): number {
  if (granularity === 'event') return Math.min(tl.length, cursor + EVENTS_PER_SECOND * speed * seconds);
  let c = cursor;
  let left = seconds * speed;
  while (left > 0 && c < tl.length) {
    const i = after(tl.boundaries, c);
    if (i >= tl.boundaries.length) break;
    const end = tl.boundaries[i];
    const events = end - (i > 0 ? tl.boundaries[i - 1] : 0);
    const tail = !tl.finished && i === tl.boundaries.length - 1;
    const rate = tail ? ROUND_EVENTS_PER_SECOND : events / roundSeconds(events);
    const need = (end - c) / rate;
    if (need <= left) {
      c = end;
      left -= need;
    } else {
      c += rate * left;
      left = 0;
    }
  }
  return Math.min(c, tl.length);
}

/** Where "step forward" lands from `t`: the next boundary, or the end of the log. */
export function nextBoundary(boundaries: readonly number[], t: number, length: number): number {
  const i = after(boundaries, t);
  return i < boundaries.length ? Math.min(boundaries[i], length) : length;
}

/** Where "step back" lands from `t`: the last boundary before it, or the start. */
export function prevBoundary(boundaries: readonly number[], t: number): number {
  const i = after(boundaries, t - 1) - 1;
  return i >= 0 ? boundaries[i] : 0;
}

/** The next speed of the ladder up (+1) or down (−1) from `current` (which may be off the ladder). */
export function nextSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > current) ?? SPEEDS[SPEEDS.length - 1];
  return [...SPEEDS].reverse().find((s) => s < current) ?? SPEEDS[0];
}

/**
 * Call `cb` at the next animation frame with a timestamp in ms; returns a canceller. Without
 * requestAnimationFrame (Node tests) a 16 ms timer stands in, so vitest's fake timers drive it.
 */
export function requestFrame(cb: (now: number) => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(cb);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(() => cb(performance.now()), 16);
  return () => clearTimeout(id);
}
