/**
 * Helpers the strategies share: what to score before a vote, ranking by path score, prune events,
 * and the strategy function type. Nothing here decides *what* a strategy searches.
 */
import { pathScore, type Aggregate, type ScoreAgg, type VoteRule } from '../aggregate';
import type { Backend } from '../backend';
import type { DoneEvent, PruneEvent, PruneReason } from '../events';
import type { SearchRun } from '../run';
import type { Problem, SearchNode } from '../types';

/** A strategy: decides what to expand and score on `run`, and returns the run's `done` event. */
export type Strategy<P> = (problem: Problem, backend: Backend, params: P, run: SearchRun) => Promise<DoneEvent>;

/** Final selection shared by the strategies that vote (design.md §3). */
export interface VoteParams {
  aggregate: Aggregate;
  /** How a path's step rewards become its score; `last` as in the official evaluation. */
  scoreAgg: ScoreAgg;
  /** Ties and `[invalid]` answers (aggregate.ts `VoteRule`); absent in old specs = `official`. */
  voteRule: VoteRule;
}

/** Whether a node is a finished solution with an extracted answer. */
export function isAnswered(node: SearchNode): boolean {
  return node.terminal && node.answer !== undefined && node.answer !== '';
}

/**
 * Whether a node is a vote candidate under `rule` (same rule as `SearchRun.candidates`): every
 * finished solution under `official` (unanswered ones are `[invalid]`), answered ones otherwise.
 */
export function isCandidate(node: SearchNode, rule: VoteRule): boolean {
  return rule === 'official' ? node.terminal : isAnswered(node);
}

/**
 * PRM-score what the vote needs and no more, then vote and build `done`: nothing for majority
 * voting; the final step of each candidate leaf for `last`; every unscored step on the candidate
 * paths for `min`/`mean`/`prod` (candidates: see {@link isCandidate}; `[invalid]` ones are scored
 * too, as the official script weighs them). Nodes already scored are not scored again.
 */
export async function finishVote(run: SearchRun, leaves: readonly SearchNode[], p: VoteParams): Promise<DoneEvent> {
  if (p.aggregate !== 'majority' && run.hasPrm) {
    const cands = leaves.filter((n) => isCandidate(n, p.voteRule));
    if (p.scoreAgg === 'last') await run.score(cands.filter((n) => n.reward === null));
    else await run.scorePaths(cands);
  }
  return run.finish(leaves, p.aggregate, p.scoreAgg, p.voteRule);
}

/** End a run at once because it needs a PRM and the backend has none. */
export function needsPrm(run: SearchRun, what: string): DoneEvent {
  return run.done(null, 0, { reason: `${what} needs a process reward model, and this backend has none` });
}

/** Announce that the strategy drops `nodes` (built only when events are kept; none when empty). */
export function prune(run: SearchRun, nodes: readonly SearchNode[], reason: PruneReason): void {
  if (!run.emitting || nodes.length === 0) return;
  const ids = nodes.map((n) => n.id);
  run.emit<PruneEvent>(() => ({ type: 'prune', ids, reason }));
}

/** Mark unfinished leaves that stopped at the depth limit (sampling and greedy chains). */
export function pruneAtMaxDepth(run: SearchRun, leaves: readonly SearchNode[], maxDepth: number): void {
  if (!run.emitting) return;
  prune(run, leaves.filter((n) => !n.terminal && n.depth >= maxDepth), 'max-depth');
}

/**
 * Nodes by path score (`scoreAgg` over their scored steps), highest first; equal scores keep
 * their input (tree) order. Allocates one array of scores, no per-node objects.
 */
export function rankByScore(nodes: readonly SearchNode[], scoreAgg: ScoreAgg): SearchNode[] {
  const scores = new Array<number>(nodes.length);
  const idx = new Array<number>(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    scores[i] = pathScore(nodes[i], scoreAgg);
    idx[i] = i;
  }
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  return idx.map((i) => nodes[i]);
}
