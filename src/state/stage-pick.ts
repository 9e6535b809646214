/**
 * Which problem a click on a chart point loads into the Stage's two panes (docs/stage.md): one of
 * the point's problems, preferring one on which the two panes' strategies disagreed in the sweep
 * (one right, one wrong) at the point's model and budget — the problems where the search matters.
 * Repeated clicks walk through them (`turn`); the problem on screen is skipped when there is
 * another. Pure: the caller hands in the sweep's cells.
 */
import type { SweepCell } from '../search/sweep';
import { modelLabel } from '../sim/index';
import type { PointKey } from './scaling-store';

export interface PickInput {
  point: PointKey;
  /** The cells behind the clicked point. */
  pointCells: readonly SweepCell[];
  /** Each pane's cells at the point's model and budget (empty when its strategy is not swept). */
  paneCells: readonly (readonly SweepCell[])[];
  /** Pane labels for the reason line ("REBASE", "MCTS"). */
  paneLabels: readonly string[];
  /** The point's strategy as the reason line names it (default: its id). */
  pointLabel?: string;
  /** The sweep's problem order. */
  order: readonly string[];
  /** The seed the panes run with: its cells decide (else the lowest seed's). */
  seed: number;
  /** The problem on screen. */
  current: string;
  /** How many times this point was clicked before. */
  turn: number;
}

export interface Pick {
  problemId: string;
  reason: string;
}

/** Outcome per problem for one seed (the requested one when present, else the lowest). */
function outcomes(cells: readonly SweepCell[], seed: number): Map<string, boolean> {
  const seeds = new Set(cells.map((c) => c.seed));
  const use = seeds.has(seed) ? seed : Math.min(...seeds);
  return new Map(cells.filter((c) => c.seed === use).map((c) => [c.problemId, c.correct]));
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

/** The problem to load, or null when the point has no cells yet. */
export function pickProblem(input: PickInput): Pick | null {
  const own = outcomes(input.pointCells, input.seed);
  if (own.size === 0) return null;
  const rank = new Map(input.order.map((id, i) => [id, i]));
  const problems = [...own.keys()].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || (a < b ? -1 : 1));
  const panes = input.paneCells.map((cells) => outcomes(cells, input.seed));
  const split = panes.length === 2
    ? problems.filter((id) => panes[0].has(id) && panes[1].has(id) && panes[0].get(id) !== panes[1].get(id))
    : [];
  let pool = split.length ? split : problems;
  if (pool.length > 1) pool = pool.filter((id) => id !== input.current);
  const problemId = pool[((input.turn % pool.length) + pool.length) % pool.length];
  const { model, strategy, budget } = input.point;
  const behind = `${problems.indexOf(problemId) + 1} of ${problems.length} problems behind ${modelLabel(model)} · ${input.pointLabel ?? strategy} · n=${budget}`;
  const why = split.length
    ? `; in the sweep ${input.paneLabels[0]} ${mark(panes[0].get(problemId)!)} and ${input.paneLabels[1]} ${mark(panes[1].get(problemId)!)} on it (${split.length} such problems)`
    : '';
  return { problemId, reason: behind + why };
}
