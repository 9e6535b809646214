import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchEvent } from '../search/events';
import { initialExplorerState, useExplorer } from './explorer-store';
import { getPlayback, resetPlayback } from './playback-store';
import { playerFrame, startPlayer } from './player';
import { recordSimRun } from './testing/fake-bridge';

const state = () => useExplorer.getState();
let events: SearchEvent[];

/** Load events into a fresh Playback as the run controller would. */
function receive(batch: SearchEvent[], status: 'running' | 'done'): void {
  getPlayback().append(batch);
  useExplorer.setState((s) => ({ eventCount: getPlayback().events.length, revision: s.revision + 1, status }));
}

/** Drive the loop at 60 frames a second for `seconds`, starting at `from` ms; returns the end time. */
function frames(seconds: number, from = 0): number {
  let now = from;
  for (let i = 0; i <= seconds * 60; i++) {
    playerFrame(now);
    now += 1000 / 60;
  }
  return now;
}

beforeAll(async () => {
  events = await recordSimRun({ name: 'rebase', params: { width: 32 } });
});
beforeEach(() => {
  // The loop's own frame requests must not fire on their own: each test supplies the clock.
  vi.useFakeTimers();
  useExplorer.setState(initialExplorerState, true);
  resetPlayback();
});
afterEach(() => {
  startPlayer()(); // forget a frame the test left pending
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('the play loop', () => {
  it('plays a finished REBASE N=32 run to its end at 1× in 10–20 s, then stops', () => {
    receive(events, 'done');
    useExplorer.setState({ playing: true });
    frames(9.5);
    expect(state().playing).toBe(true);
    expect(state().playhead).toBeGreaterThan(0);
    expect(state().playhead).toBeLessThan(events.length);
    frames(11, 9600);
    expect(state().playing).toBe(false);
    expect(state().playhead).toBe(events.length);
    expect(getPlayback().done).not.toBeNull();
  });

  it('waits at the end of a growing log and goes on when more arrives', () => {
    receive(events.slice(0, 100), 'running');
    useExplorer.setState({ playing: true, speed: 8 });
    const t = frames(10);
    expect(state()).toMatchObject({ playing: true, playhead: 100 });
    receive(events.slice(100), 'done');
    frames(10, t);
    expect(state()).toMatchObject({ playing: false, playhead: events.length });
  });

  it('bumps the revision only when the playhead moves', () => {
    receive(events, 'done');
    useExplorer.setState({ playing: true, speed: 0.25, granularity: 'event' });
    const r0 = state().revision;
    frames(1.1);
    // 0.25 × 12 events/s for 1.1 s = 3.3 events: 3 moves, one revision each.
    expect(state().playhead).toBe(3);
    expect(state().revision - r0).toBe(3);
  });

  it('follows a seek made while playing', () => {
    receive(events, 'done');
    useExplorer.setState({ playing: true, granularity: 'event' });
    const t = frames(1);
    getPlayback().seek(200);
    useExplorer.setState({ playhead: 200 });
    frames(1, t + 1000);
    expect(state().playhead).toBeGreaterThanOrEqual(200);
    expect(state().playhead).toBeLessThanOrEqual(200 + 13);
  });

  it('asks for frames only while playing', () => {
    receive(events, 'done');
    useExplorer.setState({ playing: false });
    const stop = startPlayer();
    expect(vi.getTimerCount()).toBe(0);
    useExplorer.setState({ playing: true });
    expect(vi.getTimerCount()).toBe(1);
    useExplorer.setState({ playing: false });
    vi.advanceTimersByTime(50);
    expect(vi.getTimerCount()).toBe(0);
    stop();
  });
});
