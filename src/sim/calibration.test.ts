import { describe, expect, it } from 'vitest';
import { greedyStats, samplingStats } from './measure';
import { SIM_MODELS, simModel } from './models';

describe('sim calibration (targets: paper-notes.md Table 4; everything else is an outcome)', () => {
  for (const id of ['sim-7B', 'sim-34B'] as const) {
    const target = simModel(id).target!;
    it(`${id}: greedy accuracy within ±3 points and tokens per solution within ±10 % of the paper`, () => {
      const g = greedyStats(id);
      expect(Math.abs(g.accuracy - target.greedyAccuracy)).toBeLessThanOrEqual(0.03);
      expect(Math.abs(g.tokensPerSolution / target.tokensPerSolution - 1)).toBeLessThanOrEqual(0.1);
    });
  }

  it('greedy accuracy rises with model size along the whole ladder', () => {
    const acc = SIM_MODELS.map((m) => greedyStats(m.id).accuracy);
    for (let i = 1; i < acc.length; i++) expect(acc[i]).toBeGreaterThan(acc[i - 1]);
  });

  it('sim-7B: majority@32 beats greedy yet saturates well below 100 %, below what the 32 samples cover', () => {
    const greedy = greedyStats('sim-7B').accuracy;
    const s = samplingStats('sim-7B', 32, { seed: 1 });
    expect(s.majority).toBeGreaterThan(greedy + 0.03);
    expect(s.majority).toBeLessThan(0.7);
    // The right answer was among the samples far more often than it won the vote.
    expect(s.coverage).toBeGreaterThan(s.majority + 0.15);
  });
});
