/**
 * Drill-down from a chart point to its runs: the problems behind a point with their outcome per
 * seed (from the sweep's cells), and the Explorer link that reruns one of them. The link carries
 * the sweep's source, model and PRM, the problem, the point's spec (`specForBudget`) and the
 * seed; the Explorer seeds a run with `runSeed(seed, model, spec, problem)` exactly as a sweep
 * cell is seeded, so it reproduces that cell — except for sub-sampled sampling points, whose n
 * solutions were drawn from one shared pool per problem (the Explorer draws n fresh ones).
 */
import type { SweepCell } from '../search/sweep';
import { specForBudget, type SweepStrategy } from '../search/strategies/index';
import { initialExplorerState, type ExplorerParams } from './explorer-store';
import type { PointKey, ScalingSetup } from './scaling-store';
import { encodeExplorerUrl } from './url-codec';

/** One seed's outcome on one problem. */
export interface SeedOutcome {
  seed: number;
  correct: boolean;
  answer: string | null;
  /** Why the run ended early (replay shortfall, cancel), if it did. */
  incomplete?: string;
}

/** A problem behind a point, with its outcome per seed (ascending seeds). */
export interface PointProblem {
  problemId: string;
  outcomes: SeedOutcome[];
}

const SAMPLING: ReadonlySet<SweepStrategy> = new Set<SweepStrategy>(['majority', 'best-of-n', 'weighted-majority']);

/**
 * The problems of a point's cells, in the order the sweep lists its problems (`order`; others
 * after them by id), each with its outcomes per seed.
 */
export function pointProblems(cells: readonly SweepCell[], order: readonly string[] = []): PointProblem[] {
  const byProblem = new Map<string, SeedOutcome[]>();
  for (const c of cells) {
    const o: SeedOutcome = { seed: c.seed, correct: c.correct, answer: c.answer, ...(c.incomplete ? { incomplete: c.incomplete } : {}) };
    const list = byProblem.get(c.problemId);
    if (list) list.push(o);
    else byProblem.set(c.problemId, [o]);
  }
  const rank = new Map(order.map((id, i) => [id, i]));
  const pos = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...byProblem.entries()]
    .sort(([a], [b]) => pos(a) - pos(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([problemId, outcomes]) => ({ problemId, outcomes: outcomes.sort((x, y) => x.seed - y.seed) }));
}

/** Whether a point's sampling runs came from a shared, sub-sampled pool (the Explorer's rerun may differ). */
export function isSubsampled(setup: Pick<ScalingSetup, 'subsample'>, strategy: SweepStrategy): boolean {
  return setup.subsample && SAMPLING.has(strategy);
}

/** The Explorer parameters that rerun one cell of a point. */
export function explorerParamsFor(setup: ScalingSetup, point: PointKey, problemId: string, seed: number): ExplorerParams {
  return {
    source: setup.source, model: point.model, prm: setup.prm, problemId, seed,
    spec: specForBudget(point.strategy, point.budget, setup.voteRule),
  };
}

/** The Explorer's query string (with "?") that reruns one cell of a point, from the start of the run. */
export function explorerLinkFor(setup: ScalingSetup, point: PointKey, problemId: string, seed: number): string {
  const d = initialExplorerState;
  return encodeExplorerUrl({
    params: explorerParamsFor(setup, point, problemId, seed),
    playhead: 0, granularity: d.granularity, orientation: d.orientation, speed: d.speed, selection: null, camera: null,
  });
}
