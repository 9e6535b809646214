/**
 * A sweep's bookkeeping on the main thread: which units go out first, what progress says, and that
 * nothing is delivered once it ended.
 */
import { describe, expect, it } from 'vitest';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { FIRST_CHUNK, SweepJob, unitsOf } from './sweep-job';
import type { SweepHandlers, SweepProgress, SweepRequest } from './sweep-protocol';

const REQUEST: SweepRequest = {
  source: { kind: 'sim', prm: 'default' }, models: ['sim-7B'], strategies: [...SWEEP_STRATEGIES],
  budgets: [4, 1, 4, 2], problemIds: ['sim-L1-0000', 'sim-L2-0000', 'sim-L3-0000'], seeds: [0], subsample: true, chunk: 2,
};

function job(costs: number[], workers = 2) {
  let t = 0;
  const progress: SweepProgress[] = [];
  const log: string[] = [];
  const handlers: SweepHandlers = {
    onCells: (c) => void log.push(`cells:${c.length}`),
    onProgress: (p) => void progress.push(p),
    onDone: (s) => void log.push(`done:${s}`),
  };
  const units = costs.map(() => unitsOf(REQUEST).units[0]);
  const j = new SweepJob(REQUEST, units, costs, handlers, workers, () => t);
  return { j, progress, log, tick: (ms: number) => { t += ms; } };
}

describe('unitsOf', () => {
  it('sends problems by id, de-duplicates budgets, and puts greedy first', () => {
    const { units, costs } = unitsOf(REQUEST);
    // Two chunks (2 + 1 problems) × (sampling pool + greedy + 3 searches × 3 budgets).
    expect(units).toHaveLength(2 * (1 + 1 + 3 * 3));
    expect(units[0]).toEqual({ model: 'sim-7B', seed: 0, subsample: true, strategies: ['greedy'], budgets: [1], problemIds: ['sim-L1-0000', 'sim-L2-0000'] });
    expect(units.find((u) => u.strategies.length === 3)?.budgets).toEqual([1, 2, 4]);
    expect(units.flatMap((u) => u.problemIds).filter((id) => id === 'sim-L3-0000')).toHaveLength(11);
    expect(costs.slice(0, 11)).toEqual([...costs.slice(0, 11)].sort((a, b) => a - b));
  });

  it('starts with a small round of problems, then goes on in chunks', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `sim-L1-${String(i).padStart(4, '0')}`);
    const { units } = unitsOf({ ...REQUEST, strategies: ['greedy'], problemIds: ids, chunk: 25 });
    expect(units.map((u) => u.problemIds.length)).toEqual([FIRST_CHUNK, 25, 40 - 25 - FIRST_CHUNK]);
    expect(units.flatMap((u) => u.problemIds)).toEqual(ids);
  });
});

describe('SweepJob', () => {
  it('estimates the time left from the later half of the timed units, in proportion to the cost left', () => {
    const { j, progress, tick } = job([100, 100, 200, 400, 100]);
    tick(50);
    j.finished(0, 50, false); // a fresh worker's first unit: not timed
    expect(progress.at(-1)).toEqual({ done: 1, total: 5, cells: 0, elapsedMs: 50, etaMs: null });
    j.finished(1, 30, true); // 0.3 ms per cost unit; 700 left over 2 workers
    expect(progress.at(-1)?.etaMs).toBeCloseTo((700 * 0.3) / 2, 9);
    j.finished(2, 20, true); // the later half is unit 2 alone: 0.1 ms per cost unit
    expect(progress.at(-1)?.etaMs).toBeCloseTo((500 * 0.1) / 2, 9);
    j.finished(3, 20, true); // units 2 and 3: 40 ms for 600; 100 left on one worker
    expect(progress.at(-1)?.etaMs).toBeCloseTo((100 * 40) / 600, 9);
    j.finished(4, 1, true);
    expect(progress.at(-1)).toMatchObject({ done: 5, etaMs: 0 });
    expect(j.complete).toBe(true);
  });

  it('delivers nothing and reports nothing after it ended, and ends once', () => {
    const { j, progress, log } = job([1, 1]);
    j.deliver([]);
    j.end('cancelled');
    j.end('done');
    j.deliver([]);
    j.finished(0, 1);
    j.report();
    expect(log).toEqual(['cells:0', 'done:cancelled']);
    expect(progress).toEqual([]);
    expect(j.waiting).toBe(false);
  });
});
