import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEvent } from '../search/events';
import { Playback } from '../search/playback';
import { advanceCursor, nextBoundary, nextSpeed, prevBoundary, ROUND_MIN_SECONDS, type Timeline } from './pacing';
import { recordSimRun } from './testing/fake-bridge';

const FRAME = 1 / 60;

/** Play a whole log frame by frame; returns the seconds it took and when each boundary was crossed. */
function play(tl: Timeline, speed = 1, granularity: 'step' | 'event' = 'step'): { seconds: number; crossings: number[] } {
  let c = 0;
  let seconds = 0;
  const crossings: number[] = [];
  let next = 0;
  while (c < tl.length && seconds < 600) {
    c = advanceCursor(c, FRAME, speed, granularity, tl);
    seconds += FRAME;
    while (next < tl.boundaries.length && c >= tl.boundaries[next]) {
      crossings.push(seconds);
      next++;
    }
  }
  return { seconds, crossings };
}

let rebase: SearchEvent[];
let mcts: SearchEvent[];
const timeline = (events: SearchEvent[], finished = true): Timeline => {
  const pb = new Playback();
  pb.append(events);
  return { length: events.length, finished, boundaries: pb.stepBoundaries('step') };
};

beforeAll(async () => {
  rebase = await recordSimRun({ name: 'rebase', params: { width: 32 } });
  mcts = await recordSimRun({ name: 'mcts' });
});

describe('play rate', () => {
  it('plays a REBASE N=32 run on the default problem in 10–20 s at 1×, half that at 2×', () => {
    const one = play(timeline(rebase)).seconds;
    expect(one).toBeGreaterThan(10);
    expect(one).toBeLessThan(20);
    expect(play(timeline(rebase), 2).seconds).toBeCloseTo(one / 2, 0);
  });

  it('gives every MCTS iteration at least ~0.8 s at 1× (step granularity)', () => {
    const { crossings } = play(timeline(mcts));
    const gaps = crossings.map((t, i) => t - (crossings[i - 1] ?? 0));
    expect(gaps.length).toBeGreaterThan(20);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(ROUND_MIN_SECONDS - 2 * FRAME);
    const median = [...gaps].sort((a, b) => a - b)[gaps.length >> 1];
    expect(median).toBeLessThan(1.2);
  });

  it('shows about 12 events a second with event granularity', () => {
    const c = advanceCursor(0, 1, 1, 'event', timeline(rebase));
    expect(c).toBeCloseTo(12, 5);
  });

  it('waits at the end of a growing log instead of running past it', () => {
    const half = rebase.slice(0, 150);
    const tl = timeline(half, false);
    expect(advanceCursor(140, 10, 8, 'step', tl)).toBe(150);
    expect(advanceCursor(140, 10, 8, 'event', tl)).toBe(150);
  });
});

describe('step targets', () => {
  it('lands on round boundaries and walks them in both directions', () => {
    const tl = timeline(rebase);
    const seen: number[] = [];
    for (let t = 0; t < tl.length; t = nextBoundary(tl.boundaries, t, tl.length)) seen.push(t);
    expect(seen.slice(1)).toEqual(tl.boundaries.slice(0, -1));
    const back: number[] = [];
    for (let t = tl.length; t > 0; t = prevBoundary(tl.boundaries, t)) back.push(t);
    expect(back.reverse()).toEqual(tl.boundaries);
    expect(prevBoundary(tl.boundaries, tl.boundaries[0])).toBe(0);
  });
});

describe('speed ladder', () => {
  it('steps through 0.25 … 8 and stops at both ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(8, 1)).toBe(8);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(3, 1)).toBe(4);
    expect(nextSpeed(3, -1)).toBe(2);
  });
});
