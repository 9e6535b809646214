import { describe, expect, it } from 'vitest';
import { createRng } from '../search/rng';
import { PRM_PRESETS, auroc, measureAuroc, prmQuality } from './prm';
import { defaultProblemSet, simProblem } from './problems';
import { SimBackend } from './sim-backend';
import type { SimState } from './state';
import { chainNodes } from './test-nodes';

const problems = defaultProblemSet().filter((_, i) => i % 5 === 0);

describe('sim PRM', () => {
  it('AUROC rises with quality; the paper-fitted default is a modest PRM, the strong preset a good one', () => {
    const values = [0, PRM_PRESETS.weak, PRM_PRESETS.default, PRM_PRESETS.strong, 1].map((q) => measureAuroc(q, { problems }));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    // Quality 0 still sees obvious errors a little (margin 0.5 against noise 0.85).
    expect(values[0]).toBeLessThan(0.65);
    // Table 4's small WV − MV gap means a PRM that separates steps only modestly.
    expect(values[2]).toBeGreaterThan(0.6);
    expect(values[2]).toBeLessThan(0.75);
    expect(values[3]).toBeGreaterThan(0.85);
    expect(values[4]).toBeGreaterThan(0.97);
  });

  it('the same node scored twice, alone or in a batch, in any order, gets the same reward', () => {
    const b = new SimBackend({ prm: 'default' });
    const p = simProblem('sim-L4-0003');
    const nodes = chainNodes(b.complete(p, 1, { temperature: 1, maxStepTokens: 256, rng: createRng(8), maxDepth: 25 }).solutions[0]);
    const all = b.score(p, nodes).rewards;
    const reversed = b.score(p, [...nodes].reverse()).rewards.reverse();
    const single = nodes.map((n) => new SimBackend({ prm: 'default' }).score(p, [n]).rewards[0]);
    expect(reversed).toEqual(all);
    expect(single).toEqual(all);
    for (const r of all) expect(r > 0 && r < 1).toBe(true);
    // PRM tokens are the run's to count (docs/compute.md); the sim only says how long the question is.
    expect(b.score(p, nodes).questionTokens).toBe(b.complete(p, 1, { temperature: 1, maxStepTokens: 256, rng: createRng(8), maxDepth: 25 }).cost.promptTokens);
  });

  it('rewards right paths above wrong ones on average, more so with a better PRM', () => {
    const gap = (setting: 'weak' | 'strong') => {
      const b = new SimBackend({ policy: 'sim-7B', prm: setting });
      const rng = createRng(5);
      const sums = [0, 0];
      const counts = [0, 0];
      for (const p of problems) {
        for (const chain of b.complete(p, 4, { temperature: 1, maxStepTokens: 256, rng, maxDepth: 25 }).solutions) {
          const nodes = chainNodes(chain);
          const rewards = b.score(p, nodes).rewards;
          nodes.forEach((n, i) => {
            const k = (n.ref as SimState).ok ? 1 : 0;
            sums[k] += rewards[i];
            counts[k]++;
          });
        }
      }
      return sums[1] / counts[1] - sums[0] / counts[0];
    };
    const weak = gap('weak');
    expect(weak).toBeGreaterThan(0.05);
    expect(gap('strong')).toBeGreaterThan(weak + 0.1);
  });

  it('rejects unknown presets and qualities outside [0, 1]', () => {
    expect(() => prmQuality(1.5)).toThrow(/\[0, 1\]/);
    expect(() => prmQuality('perfect' as 'weak')).toThrow(/unknown PRM preset/);
    expect(prmQuality('default').quality).toBe(PRM_PRESETS.default);
  });

  it('computes AUROC by ranks, ties counted half', () => {
    expect(auroc([0.1, 0.4, 0.5, 0.8], [false, true, false, true])).toBe(0.75);
    expect(auroc([0.5, 0.5], [true, false])).toBe(0.5);
    expect(auroc([1, 2], [true, true])).toBeNaN();
  });
});
