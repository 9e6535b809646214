import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBudget, samplingBaseline } from './planner';
import { predict } from './scaling-law';
import type { SweepStrategy } from './strategies/index';
import type { SweepCell } from './sweep';
import { fitSweep } from './sweep-fits';
import type { SweepPoint } from './sweep-summary';

function pt(model: string, strategy: SweepStrategy, budget: number, accuracy: number, flops: number, tokens = flops / 1e10): SweepPoint {
  return { model, strategy, budget, accuracy, lo: accuracy - 0.05, hi: accuracy + 0.05, flops, tokens, solutions: budget, problems: 100, seeds: 1, incomplete: 0 };
}

/** A small hand-built sweep: REBASE on the 7B beats sampling; the 34B is dearer. */
const SWEEP: SweepPoint[] = [
  pt('sim-7B', 'greedy', 1, 0.30, 4e12),
  pt('sim-7B', 'majority', 4, 0.36, 1.6e13), pt('sim-7B', 'majority', 16, 0.40, 6.4e13), pt('sim-7B', 'majority', 64, 0.41, 2.56e14),
  pt('sim-7B', 'weighted-majority', 4, 0.38, 1.6e13), pt('sim-7B', 'weighted-majority', 16, 0.43, 6.4e13), pt('sim-7B', 'weighted-majority', 64, 0.45, 2.56e14),
  pt('sim-7B', 'rebase', 4, 0.42, 2e13), pt('sim-7B', 'rebase', 16, 0.47, 8e13), pt('sim-7B', 'rebase', 64, 0.49, 3.2e14),
  pt('sim-34B', 'greedy', 1, 0.33, 2e13),
  pt('sim-34B', 'weighted-majority', 4, 0.41, 8e13), pt('sim-34B', 'weighted-majority', 16, 0.46, 3.2e14),
];

describe('planBudget', () => {
  it('picks the most accurate point within the budget, with a runner-up of another curve', () => {
    const plan = planBudget({ points: SWEEP }, 1e14);
    expect(plan.best).toMatchObject({ model: 'sim-7B', strategy: 'rebase', n: 16, accuracy: 0.47, cost: 8e13 });
    // The same curve at a smaller n is not a runner-up: another model × strategy is.
    expect(plan.runnerUp).toMatchObject({ model: 'sim-7B', strategy: 'weighted-majority', n: 16, accuracy: 0.43 });
    expect(plan.overlap).toBe(true);
    expect(plan.candidates).toBe(9);
  });

  it('reports the compute saved against the cheapest sampling curve at equal accuracy', () => {
    const plan = planBudget({ points: SWEEP }, 1e14);
    // 47 %: the 34B's weighted vote never gets there (46 %), the 7B's neither (45 %) → no measured baseline.
    expect(plan.savings?.baseline).toBeNull();
    const lower = planBudget({ points: SWEEP }, 3e13);
    expect(lower.best).toMatchObject({ strategy: 'rebase', n: 4, accuracy: 0.42 });
    // 42 %: the 7B's weighted vote crosses it between n = 4 (38 %) and 16 (43 %), interpolated on log FLOPs.
    const t = (0.42 - 0.38) / (0.43 - 0.38);
    const want = 10 ** (Math.log10(1.6e13) + t * (Math.log10(6.4e13) - Math.log10(1.6e13)));
    expect(lower.savings?.baseline).toMatchObject({ model: 'sim-7B', strategy: 'weighted-majority', extrapolated: false });
    expect(lower.savings!.baseline!.cost).toBeCloseTo(want, -8);
    expect(lower.savings!.ratio).toBeCloseTo(want / 2e13, 6);
    expect(lower.savings!.saved).toBeCloseTo(want - 2e13, -8);
  });

  it('a sampling best is its own baseline: ratio 1', () => {
    const plan = planBudget({ points: SWEEP.filter((p) => p.strategy !== 'rebase') }, 1e14);
    expect(plan.best).toMatchObject({ strategy: 'weighted-majority', model: 'sim-7B', n: 16 });
    expect(plan.savings?.ratio).toBe(1);
  });

  it('reads an unreached accuracy off the sampling curves’ fitted laws, marked extrapolated', () => {
    const law = { a: 0.55, b: 0.2, c: 0.5 };
    const wv = [1, 2, 4, 8, 16].map((n) => pt('sim-7B', 'weighted-majority', n, predict(law, 4e12, 4e12 * n), 4e12 * n));
    const points = [...wv, pt('sim-7B', 'rebase', 8, 0.52, 4e13)];
    const fits = fitSweep({ points });
    // Measured, the weighted vote tops out at 50 % (n = 16); its law reaches 52 % at C0·(b/(a − 0.52))^(1/c).
    const b = samplingBaseline(points, 0.52, 'flops', { fits })!;
    expect(b.extrapolated).toBe(true);
    expect(b.cost / (4e12 * (0.2 / 0.03) ** 2)).toBeCloseTo(1, 3);
    expect(planBudget({ points }, 1e14, 'flops', { fits }).savings?.ratio).toBeCloseTo((4e12 * (0.2 / 0.03) ** 2) / 4e13, 2);
    expect(samplingBaseline(points, 0.56, 'flops', { fits })).toBeNull();
  });

  it('never reads majority voting past its Theorem-1 limit', () => {
    // A majority curve still climbing (53.4 % at n = 16): its free law reaches 55 % at n = 32.
    const law = { a: 0.6, b: 0.2, c: 0.4 };
    const mv = [1, 2, 4, 8, 16].map((n) => pt('sim-7B', 'majority', n, predict(law, 4e12, 4e12 * n), 4e12 * n));
    const points = [...mv, pt('sim-7B', 'rebase', 8, 0.55, 4e13)];
    const free = samplingBaseline(points, 0.55, 'flops', { fits: fitSweep({ points }) });
    expect(free?.extrapolated).toBe(true);
    expect(free!.cost / 1.28e14).toBeCloseTo(1, 3);
    // Its Theorem-1 limit is 54 %: no amount of voting gets to 55 %.
    const fits = fitSweep({ points, limits: [{ model: 'sim-7B', majority: 0.54 }] });
    expect(samplingBaseline(points, 0.55, 'flops', { fits })).toBeNull();
  });

  it('nothing within the budget: no plan', () => {
    expect(planBudget({ points: SWEEP }, 1e12)).toMatchObject({ best: null, runnerUp: null, candidates: 0 });
  });

  it('breaks ties the same way in any input order: cheaper, then the simpler strategy, then the model, then n', () => {
    const tie = [
      pt('sim-7B', 'rebase', 8, 0.5, 4e13), pt('sim-7B', 'beam', 8, 0.5, 4e13),
      pt('sim-34B', 'beam', 2, 0.5, 4e13), pt('sim-7B', 'majority', 32, 0.5, 5e13),
    ];
    const plans = [tie, [...tie].reverse(), [tie[2], tie[0], tie[3], tie[1]]].map((pts) => planBudget({ points: pts }, 1e14));
    for (const p of plans) {
      expect(p.best).toMatchObject({ model: 'sim-34B', strategy: 'beam', n: 2 });
      expect(p.runnerUp).toMatchObject({ model: 'sim-7B', strategy: 'beam' });
    }
    // Equal accuracy and cost on one curve: the smaller n.
    const same = planBudget({ points: [pt('m', 'rebase', 16, 0.4, 1e13), pt('m', 'rebase', 8, 0.4, 1e13)] }, 1e13);
    expect(same.best?.n).toBe(8);
  });

  it('on tokens, ranks by generated tokens instead of FLOPs', () => {
    // The 34B point costs more FLOPs but fewer tokens.
    const points = [pt('sim-7B', 'rebase', 16, 0.45, 8e13, 4000), pt('sim-34B', 'weighted-majority', 4, 0.46, 2e14, 1200)];
    expect(planBudget({ points }, 1e14).best?.model).toBe('sim-7B');
    expect(planBudget({ points }, 2000, 'tokens').best).toMatchObject({ model: 'sim-34B', cost: 1200 });
  });

  it('a bigger budget never gives a worse best accuracy', () => {
    const point = fc.record({
      m: fc.constantFrom('a', 'b'), s: fc.constantFrom<SweepStrategy>('majority', 'beam', 'rebase'), n: fc.integer({ min: 1, max: 64 }),
      acc: fc.double({ min: 0, max: 1, noNaN: true }), flops: fc.double({ min: 1e12, max: 1e15, noNaN: true }),
    });
    fc.assert(fc.property(fc.array(point, { maxLength: 30 }), fc.double({ min: 1e12, max: 1e15, noNaN: true }), fc.double({ min: 1, max: 100, noNaN: true }), (raw, budget, k) => {
      const points = raw.map((r) => pt(r.m, r.s, r.n, r.acc, r.flops));
      const small = planBudget({ points }, budget), big = planBudget({ points }, budget * k);
      if (small.best) expect(big.best!.accuracy).toBeGreaterThanOrEqual(small.best.accuracy);
      expect(big.candidates).toBeGreaterThanOrEqual(small.candidates);
    }));
  });
});

describe('fitSweep', () => {
  /** Cells of one curve whose per-budget accuracy follows a law, 200 problems, nested successes. */
  function cells(model: string, strategy: SweepStrategy, law: { a: number; b: number; c: number }, perN: number): SweepCell[] {
    const out: SweepCell[] = [];
    for (const n of [1, 2, 4, 8, 16, 32]) {
      const p = predict(law, perN, perN * n);
      for (let i = 0; i < 200; i++) {
        out.push({ model, strategy, budget: n, problemId: `p${String(i).padStart(3, '0')}`, seed: 0, answer: null, correct: (i + 0.5) / 200 < p,
          flops: perN * n, policyTokens: n * 300, promptTokens: 0, prmTokens: 0, solutions: n });
      }
    }
    return out;
  }
  const toPoints = (cs: SweepCell[]): SweepPoint[] => {
    const by = new Map<string, SweepCell[]>();
    for (const c of cs) by.set(`${c.model}|${c.strategy}|${c.budget}`, [...(by.get(`${c.model}|${c.strategy}|${c.budget}`) ?? []), c]);
    return [...by.values()].map((g) => pt(g[0].model, g[0].strategy, g[0].budget, g.filter((c) => c.correct).length / g.length, g[0].flops, g[0].policyTokens));
  };

  it('fits each curve of ≥ 3 budgets, with bootstrap bands, held-out error and, for majority voting, the limit fit', () => {
    const cs = [...cells('sim-7B', 'majority', { a: 0.6, b: 0.3, c: 0.6 }, 4e12), ...cells('sim-7B', 'rebase', { a: 0.7, b: 0.35, c: 0.5 }, 5e12)];
    const points = [...toPoints(cs), pt('sim-7B', 'greedy', 1, 0.3, 4e12)];
    const fits = fitSweep({ points, cells: cs, limits: [{ model: 'sim-7B', majority: 0.58 }] }, { iterations: 50 });
    expect(fits.map((f) => f.strategy).sort()).toEqual(['majority', 'rebase']);
    const mv = fits.find((f) => f.strategy === 'majority')!;
    expect(mv.free.fit.params.a).toBeCloseTo(0.6, 1);
    expect(mv.free.samples.length).toBeGreaterThan(40);
    expect(mv.limit?.fit.params.a).toBe(0.58);
    expect(mv.limit?.fit.fixedAsymptote).toBe(true);
    expect(mv.heldOut?.cost).toEqual([32 * 4e12]);
    expect(mv.heldOut!.mae).toBeLessThan(0.03);
    expect(mv.range).toEqual([4e12, 128e12]);
    expect(fits.find((f) => f.strategy === 'rebase')!.limit).toBeNull();
  });

  it('without cells fits the points but draws no band', () => {
    const cs = cells('sim-7B', 'rebase', { a: 0.7, b: 0.35, c: 0.5 }, 5e12);
    const [f] = fitSweep({ points: toPoints(cs) });
    expect(f.free.samples).toEqual([]);
    expect(f.free.fit.params.a).toBeCloseTo(0.7, 1);
  });
});
