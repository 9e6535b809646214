/**
 * The work list of a recording: per problem, the runs of the strategy grid in a fixed order, as
 * `sweep` runs them (src/search/sweep.ts `runUnit`), so that `sweep --bundle` on the result
 * replays every cell. Split into shards by problem.
 */
import { budgetsFor } from '../../search/sweep';
import { SWEEP_STRATEGIES, type SweepStrategy } from '../../search/strategies/index';
import type { Problem } from '../../search/types';
import { UsageError } from '../args';

/** The voting strategies, which a sweep sub-samples from one shared pool of solutions. */
export const VOTING: readonly SweepStrategy[] = ['majority', 'best-of-n', 'weighted-majority'];

/** One recorded run (the shared voting pool counts as one): a one-problem sweep unit. */
export interface WorkItem {
  key: string;
  problem: Problem;
  /** Position of the problem in the whole problem list (shards split on it). */
  problemIndex: number;
  strategies: SweepStrategy[];
  budgets: number[];
  subsample: boolean;
  /** For progress lines: "rebase@16", "voting pool of 32". */
  label: string;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * The runs of a grid, problem by problem. Within a problem: greedy first (its temperature-0
 * solution becomes the pool's first; later runs would otherwise hand it a sampled one), then the
 * voting pool (whole solutions, before any step-wise tree grows under the question), then beam,
 * MCTS and REBASE, each budget from the smallest up.
 */
export function workList(problems: readonly Problem[], strategies: readonly SweepStrategy[], budgets: readonly number[], subsample: boolean): WorkItem[] {
  const sizes = [...new Set(budgets)].sort((a, b) => a - b);
  const chosen = SWEEP_STRATEGIES.filter((s) => strategies.includes(s));
  const voting = chosen.filter((s) => VOTING.includes(s));
  const items: WorkItem[] = [];
  problems.forEach((problem, problemIndex) => {
    const item = (key: string, label: string, ss: SweepStrategy[], bs: number[]): WorkItem => ({
      key: `${problem.id}|${key}`, problem, problemIndex, strategies: ss, budgets: bs, subsample, label,
    });
    if (chosen.includes('greedy')) items.push(item('greedy|1', 'greedy', ['greedy'], [1]));
    if (voting.length && subsample) {
      items.push(item(`sampling|${sizes.at(-1)}`, `voting pool of ${sizes.at(-1)}`, voting, sizes));
    } else {
      for (const s of voting) for (const b of sizes) items.push(item(`${s}|${b}`, `${s}@${b}`, [s], [b]));
    }
    for (const s of chosen) {
      if (s === 'greedy' || VOTING.includes(s)) continue;
      for (const b of budgetsFor(s, sizes)) items.push(item(`${s}|${b}`, `${s}@${b}`, [s], [b]));
    }
  });
  return items;
}

/** `--shard i/n` → { index: i, count: n }. */
export function parseShard(value: string | undefined): Shard | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/4 (got "${value}")`);
  return { index, count };
}

/**
 * Whether an item belongs to a shard: shard i of n takes every n-th problem (problems i, i+n, …
 * in list order), with all of its runs — a problem's runs grow one pool, so they stay together.
 */
export function inShard(item: Pick<WorkItem, 'problemIndex'>, shard: Shard | null): boolean {
  return shard === null || item.problemIndex % shard.count === shard.index - 1;
}
