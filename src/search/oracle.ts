/**
 * The oracle ceiling (issue 14): pass@n — the share of problems on which any of the n sampled
 * solutions has the gold answer — per model and budget, from the sub-sampled sampling cells
 * (`SweepCell.anyCorrect`). No vote can beat it: it is what a perfect verifier would pick. Its
 * cost is that of the n solutions, the majority-vote point's FLOPs (no PRM reads). Pure.
 */
import { SAMPLING_STRATEGIES } from './pareto-savings';
import { wilson } from './stats';
import type { SweepCell } from './sweep';
import type { SweepPoint } from './sweep-summary';

export interface OraclePoint {
  model: string;
  budget: number;
  /** Share of cells (problems × seeds) with a correct solution among the n. */
  passAtN: number;
  lo: number;
  hi: number;
  /** FLOPs per question of the n solutions (the sampling point's). */
  flops: number;
  cells: number;
}

/**
 * pass@n per model × budget, sorted by model then budget. Read from one sampling strategy's cells
 * (majority when swept, else best-of-N, else weighted majority: they share their pools); the
 * cost is that strategy's point. Empty when the sweep did not sub-sample (fresh runs do not
 * record it).
 */
export function oracleCurves(points: readonly SweepPoint[], cells: readonly SweepCell[]): OraclePoint[] {
  const counts = new Map<string, { hit: number; n: number; strategy: string }>();
  const rank = (s: string) => SAMPLING_STRATEGIES.indexOf(s as (typeof SAMPLING_STRATEGIES)[number]);
  for (const c of cells) {
    if (c.anyCorrect === undefined || rank(c.strategy) < 0) continue;
    const k = `${c.model}\u0000${c.budget}`;
    const e = counts.get(k);
    if (!e || rank(c.strategy) < rank(e.strategy)) counts.set(k, { hit: c.anyCorrect ? 1 : 0, n: 1, strategy: c.strategy });
    else if (e.strategy === c.strategy) {
      e.hit += c.anyCorrect ? 1 : 0;
      e.n++;
    }
  }
  const out: OraclePoint[] = [];
  for (const [k, { hit, n, strategy }] of counts) {
    const [model, b] = k.split('\u0000');
    const budget = Number(b);
    const point = points.find((p) => p.model === model && p.budget === budget && p.strategy === strategy);
    if (!point) continue;
    const { lo, hi } = wilson(hit, n);
    out.push({ model, budget, passAtN: hit / n, lo, hi, flops: point.flops, cells: n });
  }
  return out.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.budget - b.budget));
}
