// Smoke test: the engine benchmark runs and measures something. It never asserts speed.
import { describe, expect, it } from 'vitest';
import { nodesPerSecond, spreadProblems, sweepSeconds } from './engine-lib';

describe('bench/engine (smoke)', () => {
  it('measures nodes per second for a strategy and times a small sweep', async () => {
    const r = await nodesPerSecond('rebase', 4, spreadProblems(3), 0);
    expect(r.runs).toBe(3);
    expect(r.nodes).toBeGreaterThan(3 * 4);
    expect(r.nodesPerSecond).toBeGreaterThan(0);
    const s = await sweepSeconds(['sim-7B'], [1, 2], 3);
    // greedy once + 6 strategies × 2 budgets, per problem
    expect(s.cells).toBe(3 * (1 + 6 * 2));
  });
});
