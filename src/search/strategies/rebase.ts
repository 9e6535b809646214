/**
 * REBASE, reward-balanced search (design.md §4, exactly): the remaining width B is split over the
 * live nodes of each depth by softmax(reward / T_b); every finished solution uses up one unit of B.
 */
import type { Backend } from '../backend';
import type { AllocateEvent, DoneEvent } from '../events';
import { allocate, type AllocationMode } from '../rebase-allocate';
import type { SearchRun } from '../run';
import type { Problem, SearchNode } from '../types';
import { finishVote, needsPrm, prune, type VoteParams } from './common';

export type RebasePreset = 'official' | 'paper';

export interface RebaseParams extends VoteParams {
  /** N: the number of solutions wanted, the initial remaining width B. */
  width: number;
  /** Balance temperature T_b of the softmax over rewards. */
  tb: number;
  allocation: AllocationMode;
  /** The preset these settings came from, so the UI can name it. */
  preset?: RebasePreset;
  maxDepth: number;
  temperature: number;
}

/**
 * `official` = T_b 0.2 with the reference allocation (what the official code runs; the default);
 * `paper` = T_b 0.1 with the paper's Eq. 1 allocation.
 */
export const REBASE_PRESETS: Readonly<Record<RebasePreset, { tb: number; allocation: AllocationMode }>> = {
  official: { tb: 0.2, allocation: 'reference' },
  paper: { tb: 0.1, allocation: 'paper' },
};

export const REBASE_DEFAULTS: RebaseParams = {
  width: 32,
  ...REBASE_PRESETS.official,
  preset: 'official',
  maxDepth: 25,
  aggregate: 'weighted-majority',
  scoreAgg: 'last',
  voteRule: 'official',
  temperature: 1,
};

/** The preset whose T_b and allocation these params use, if any. */
export function rebasePresetOf(params: Pick<RebaseParams, 'tb' | 'allocation'>): RebasePreset | undefined {
  for (const name of ['official', 'paper'] as const) {
    const p = REBASE_PRESETS[name];
    if (p.tb === params.tb && p.allocation === params.allocation) return name;
  }
  return undefined;
}

/**
 * REBASE. Expand the question into N first steps and score them; then at each depth d: every
 * terminal node reduces B by one for good (it is a finished solution and never expanded); the
 * non-terminal nodes are the candidates; stop when there are none, B ≤ 0 (`prune` 'budget') or
 * d = maxDepth (`prune` 'max-depth'); otherwise allocate B children over the candidates
 * (`allocate`, items in allocation order), drop the ones given 0 (`prune` 'rebase-zero-width'),
 * expand the others highest reward first — all of a depth's expansions at once, applied in that
 * order (`SearchRun.expandAll`) — score all new nodes, and go on at d + 1.
 * Candidates for the answer = every terminal node; compute = every generated step.
 */
export async function rebase(_problem: Problem, _backend: Backend, params: RebaseParams, run: SearchRun): Promise<DoneEvent> {
  if (!run.hasPrm) return needsPrm(run, 'REBASE');
  const { tb, allocation, maxDepth, temperature } = params;
  let budget = params.width;
  const finished: SearchNode[] = [];
  const rewards: number[] = [];
  let level = await run.expand(null, budget, temperature);
  await run.score(level);
  for (;;) {
    const candidates: SearchNode[] = [];
    for (const node of level) {
      if (node.terminal) {
        finished.push(node);
        budget--;
      } else candidates.push(node);
    }
    if (candidates.length === 0) break;
    if (budget <= 0) {
      prune(run, candidates, 'budget');
      break;
    }
    const depth = candidates[0].depth;
    if (depth >= maxDepth) {
      prune(run, candidates, 'max-depth');
      break;
    }
    rewards.length = candidates.length;
    for (let i = 0; i < candidates.length; i++) rewards[i] = candidates[i].reward ?? 0;
    const alloc = allocate(rewards, budget, tb, allocation);
    if (run.emitting) {
      const items = alloc.order.map((j) => ({ id: candidates[j].id, reward: rewards[j], weight: alloc.weights[j], width: alloc.widths[j] }));
      const b = budget;
      run.emit<AllocateEvent>(() => ({ type: 'allocate', depth, budget: b, items, allocated: alloc.allocated }));
      prune(run, alloc.order.filter((j) => alloc.widths[j] === 0).map((j) => candidates[j]), 'rebase-zero-width');
    }
    // One round per depth: every candidate's expansion goes out at once (in allocation order,
    // which fixes the rng stream and the node ids), then one score call for all new nodes.
    const parents: SearchNode[] = [];
    const widths: number[] = [];
    for (const j of alloc.order) {
      const w = alloc.widths[j];
      if (w === 0) continue;
      parents.push(candidates[j]);
      widths.push(w);
    }
    const groups = await run.expandAll(parents, widths, temperature);
    const next: SearchNode[] = [];
    for (const children of groups) for (const c of children) next.push(c);
    await run.score(next);
    level = next;
  }
  return finishVote(run, finished, params);
}
