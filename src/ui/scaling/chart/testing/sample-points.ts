/**
 * A small deterministic sweep for tests and for trying the chart by hand: 2 models × 3 strategies
 * × 3 budgets, shaped like the paper (REBASE above weighted majority above majority, the larger
 * model higher at equal n but costlier), with majority-vote limits. Not used by the app.
 */
import { paretoFrontier } from '../../../../search/pareto';
import type { SweepStrategy } from '../../../../search/strategies/index';
import type { SweepPoint } from '../../../../search/sweep-summary';
import type { MvLimit } from '../../../../workers/sweep-protocol';

export const SAMPLE_MODELS = { 'sim-1.4B': 1.41e9, 'sim-7B': 6.74e9 } as const;
export const SAMPLE_STRATEGIES: readonly SweepStrategy[] = ['majority', 'weighted-majority', 'rebase'];
export const SAMPLE_BUDGETS = [4, 16, 64] as const;

const BASE: Record<string, number> = { 'sim-1.4B': 0.18, 'sim-7B': 0.3 };
const BONUS: Partial<Record<SweepStrategy, number>> = { majority: 0, 'weighted-majority': 0.02, rebase: 0.05 };

/** The 18 points, in `summarize`'s order (model, strategy, budget). */
export function samplePoints(): SweepPoint[] {
  const out: SweepPoint[] = [];
  for (const [model, params] of Object.entries(SAMPLE_MODELS)) {
    for (const strategy of SAMPLE_STRATEGIES) {
      for (const budget of SAMPLE_BUDGETS) {
        const tokens = budget * (strategy === 'rebase' ? 330 : 260);
        const accuracy = Math.round((BASE[model] + (BONUS[strategy] ?? 0) + 0.025 * Math.log2(budget)) * 1000) / 1000;
        out.push({
          model, strategy, budget, accuracy, lo: accuracy - 0.04, hi: accuracy + 0.04,
          flops: 2 * params * tokens, tokens, solutions: budget, problems: 200, seeds: 2, incomplete: strategy === 'rebase' ? 1 : 0,
        });
      }
    }
  }
  return out;
}

/** The frontier of `points`, as the Scaling view computes it. */
export function sampleFrontier(points: readonly SweepPoint[]): SweepPoint[] {
  return paretoFrontier(points.map((p) => ({ ...p, x: p.flops, y: p.accuracy })));
}

export const SAMPLE_LIMITS: MvLimit[] = [
  { model: 'sim-1.4B', majority: 0.36, weighted: 0.39, method: 'exact', samples: 256, problems: 200, uncertified: 0 },
  { model: 'sim-7B', majority: 0.47, weighted: 0.5, method: 'sampled', samples: 256, problems: 200 },
];
