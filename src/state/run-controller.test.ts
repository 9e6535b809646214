import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchEvent } from '../search/events';
import { zeroCompute } from '../search/types';
import type { RunOutcome, RunRequest } from '../workers/protocol';
import { initialExplorerState, useExplorer } from './explorer-store';
import { getPlayback, resetPlayback } from './playback-store';
import { cancelRun, runNoteOf, startRun } from './run-controller';

/** A bridge the test drives by hand: it hands out each run's batch callback and outcome. */
const ctl = vi.hoisted(() => ({
  runs: [] as { onBatch: (e: SearchEvent[]) => void; finish: (o: RunOutcome) => void; cancelled: boolean }[],
}));
vi.mock('../workers/bridge', () => ({
  getSearchBridge: () => ({
    run(_req: RunRequest, onBatch: (e: SearchEvent[]) => void) {
      const entry = { onBatch, finish: (_: RunOutcome) => undefined as void, cancelled: false };
      const done = new Promise<RunOutcome>((resolve) => { entry.finish = resolve; });
      ctl.runs.push(entry);
      return { done, cancel: () => { entry.cancelled = true; } };
    },
  }),
}));

const REQ: RunRequest = { source: { kind: 'sim', model: 'sim-7B', prm: 'default' }, problemId: 'sim-L3-0002', spec: { name: 'greedy', params: { maxDepth: 25 } }, seed: 0 };
const node = (id: number): SearchEvent => ({ type: 'node', id, parent: null, depth: 1, text: `step ${id}`, tokens: 5, terminal: false, compute: zeroCompute() });
const state = () => useExplorer.getState();

beforeEach(() => {
  vi.useFakeTimers();
  ctl.runs.length = 0;
  useExplorer.setState(initialExplorerState, true);
  resetPlayback();
});
afterEach(() => {
  cancelRun();
  vi.useRealTimers();
});

describe('run controller', () => {
  it('applies any number of batches in one store update per frame', () => {
    startRun(REQ);
    const updates = vi.fn();
    const stop = useExplorer.subscribe(updates);
    for (let i = 0; i < 5; i++) ctl.runs[0].onBatch([node(2 * i), node(2 * i + 1)]);
    expect(updates).not.toHaveBeenCalled();
    expect(state().eventCount).toBe(0);
    vi.advanceTimersByTime(20);
    expect(updates).toHaveBeenCalledTimes(1);
    expect(state().eventCount).toBe(10);
    expect(getPlayback().events).toHaveLength(10);
    stop();
  });

  it('never reports a run done before its last events are in the log', async () => {
    startRun(REQ);
    ctl.runs[0].onBatch([node(0)]);
    ctl.runs[0].finish({ status: 'done' });
    await vi.waitFor(() => expect(state().status).toBe('done'));
    expect(state().eventCount).toBe(1);
  });

  it('drops the batches and outcome of a replaced run', async () => {
    startRun(REQ);
    const first = ctl.runs[0];
    startRun(REQ);
    expect(first.cancelled).toBe(true);
    first.onBatch([node(0), node(1)]);
    first.finish({ status: 'error', error: 'late' });
    vi.advanceTimersByTime(20);
    await Promise.resolve();
    expect(state()).toMatchObject({ status: 'running', eventCount: 0, runNote: null });
  });

  it('says why a run ended early', async () => {
    startRun(REQ);
    ctl.runs[0].finish({ status: 'error', error: 'unknown problem "x"' });
    await vi.waitFor(() => expect(state().status).toBe('error'));
    expect(state().runNote).toBe('The run failed: unknown problem "x"');
    const done = { type: 'done', answer: null, correct: false, solutions: 3, nodes: 9, compute: zeroCompute(), incomplete: { reason: 'replay ran out of samples', coverage: 0.5 } } as const;
    expect(runNoteOf({ status: 'done', done })).toBe('The run ended early: replay ran out of samples. The trace held 50% of the samples the strategy asked for.');
    expect(runNoteOf({ status: 'done', done: { ...done, incomplete: undefined } })).toBeNull();
  });
});
