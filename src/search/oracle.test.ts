import { describe, expect, it } from 'vitest';
import { SimBackend, simProblem, type SimModelId } from '../sim/index';
import { oracleCurves } from './oracle';
import { runUnit, type SweepCell } from './sweep';
import { summarize } from './sweep-summary';

const problems = ['sim-L2-0000', 'sim-L3-0001', 'sim-L4-0002', 'sim-L5-0003', 'sim-L3-0004', 'sim-L4-0005', 'sim-L5-0006', 'sim-L4-0007'].map(simProblem);

async function cellsOf(subsample: boolean): Promise<SweepCell[]> {
  const backend = new SimBackend({ policy: 'sim-7B' as SimModelId });
  return runUnit({ model: 'sim-7B', strategies: ['majority', 'best-of-n', 'weighted-majority'], budgets: [1, 4, 16], problems, seed: 0, subsample }, () => backend);
}

describe('oracleCurves (pass@n)', () => {
  it('is never below any vote at the same model and n, is the share of problems with a correct solution, and costs the votes’ FLOPs', async () => {
    const cells = await cellsOf(true);
    const points = summarize(cells);
    const oracle = oracleCurves(points, cells);
    expect(oracle.map((o) => o.budget)).toEqual([1, 4, 16]);
    for (const o of oracle) {
      for (const p of points.filter((q) => q.budget === o.budget)) expect(o.passAtN).toBeGreaterThanOrEqual(p.accuracy);
      const mv = cells.filter((c) => c.strategy === 'majority' && c.budget === o.budget);
      expect(o.passAtN).toBe(mv.filter((c) => c.anyCorrect).length / mv.length);
      expect(o.flops).toBe(points.find((p) => p.strategy === 'majority' && p.budget === o.budget)!.flops);
      expect(o.lo).toBeLessThanOrEqual(o.passAtN);
      expect(o.hi).toBeGreaterThanOrEqual(o.passAtN);
    }
    // With one solution there is nothing to choose between: pass@1 is the vote's accuracy.
    expect(oracle[0].passAtN).toBe(points.find((p) => p.strategy === 'majority' && p.budget === 1)!.accuracy);
    // On hard problems, 16 samples find the answer more often than the vote picks it.
    expect(oracle[2].passAtN).toBeGreaterThan(points.find((p) => p.strategy === 'majority' && p.budget === 16)!.accuracy);
  });

  it('is empty for fresh (not sub-sampled) runs, which do not record it', async () => {
    const cells = await cellsOf(false);
    expect(oracleCurves(summarize(cells), cells)).toEqual([]);
  });
});
