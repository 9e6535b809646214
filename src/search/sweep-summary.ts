/**
 * Merge sweep cells into chart points (design.md §9): accuracy = mean over problems and seeds with
 * a 95% interval (Wilson with one seed, a bootstrap over problems with several); FLOPs = mean per
 * question under the chosen convention. Cells may arrive in any order and in any chunking: the
 * points depend only on the set of cells.
 */
import { flopsFor, PAPER_CONVENTION, type FlopsConvention } from './compute';
import { createRng, hashSeed } from './rng';
import { bootstrapMean, wilson } from './stats';
import type { SweepCell } from './sweep';
import type { SweepStrategy } from './strategies/index';

export interface SweepPoint {
  model: string;
  strategy: SweepStrategy;
  budget: number;
  accuracy: number;
  lo: number;
  hi: number;
  /** Mean FLOPs per question under the convention asked for. */
  flops: number;
  /** Mean generated tokens per question. */
  tokens: number;
  /** Mean finished solutions per question. */
  solutions: number;
  problems: number;
  seeds: number;
  /** Cells that ended incomplete (replay shortfall, errors). */
  incomplete: number;
}

export interface SummaryOptions {
  convention?: FlopsConvention;
  /** Parameter counts by model id (policy) and of the PRM, for the non-default conventions. */
  policyParams?: (model: string) => number;
  prmParams?: number | null;
  /** Bootstrap iterations when several seeds are present. */
  iterations?: number;
}

const key = (c: Pick<SweepCell, 'model' | 'strategy' | 'budget'>) => `${c.model}\u0000${c.strategy}\u0000${c.budget}`;

/** Group cells into points, sorted by model, strategy and budget. */
export function summarize(cells: readonly SweepCell[], opts: SummaryOptions = {}): SweepPoint[] {
  const conv = opts.convention ?? PAPER_CONVENTION;
  const groups = new Map<string, SweepCell[]>();
  for (const c of cells) {
    const k = key(c);
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  const points: SweepPoint[] = [];
  for (const [k, group] of groups) {
    const { model, strategy, budget } = group[0];
    const byProblem = new Map<string, number[]>();
    const seeds = new Set<number>();
    let flops = 0, tokens = 0, solutions = 0, incomplete = 0, correct = 0;
    const useDefault = !conv.prefill && !conv.prm;
    const params = useDefault ? 0 : (opts.policyParams?.(model) ?? NaN);
    for (const c of group) {
      const list = byProblem.get(c.problemId);
      if (list) list.push(c.correct ? 1 : 0);
      else byProblem.set(c.problemId, [c.correct ? 1 : 0]);
      seeds.add(c.seed);
      flops += useDefault ? c.flops : flopsFor(c, params, opts.prmParams ?? null, conv);
      tokens += c.policyTokens;
      solutions += c.solutions;
      if (c.incomplete) incomplete++;
      if (c.correct) correct++;
    }
    const n = group.length;
    let accuracy = correct / n, lo: number, hi: number;
    if (seeds.size <= 1) {
      ({ lo, hi } = wilson(correct, n));
    } else {
      const rng = createRng(hashSeed(0, k));
      // Problems in id order: the interval must not depend on the order cells arrived in.
      const perProblem = [...byProblem.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([, v]) => v);
      const b = bootstrapMean(perProblem, rng, opts.iterations ?? 1000);
      accuracy = b.mean;
      lo = b.lo;
      hi = b.hi;
    }
    points.push({
      model, strategy, budget, accuracy, lo, hi, flops: flops / n, tokens: tokens / n,
      solutions: solutions / n, problems: byProblem.size, seeds: seeds.size, incomplete,
    });
  }
  return points.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : a.budget - b.budget));
}
