/**
 * Step-level beam search as in HF search-and-learn (`beam_search.py`), and its diverse variant
 * DVTS (`dvts.py`): n/m independent subtrees, each greedily following its best of m next steps.
 */
import type { Backend } from '../backend';
import type { DoneEvent, SelectEvent } from '../events';
import type { SearchRun } from '../run';
import type { Problem, SearchNode } from '../types';
import { finishVote, needsPrm, prune, rankByScore, type VoteParams } from './common';

export interface BeamParams extends VoteParams {
  /** Beams per depth: the width kept busy at every depth, and the number of solutions wanted. */
  n: number;
  /** Beam width m: children per kept beam. 1 ≤ m ≤ n. */
  m: number;
  temperature: number;
  maxDepth: number;
  /** Diverse verifier tree search: n/m independent subtrees instead of one shared beam. */
  dvts: boolean;
}

export const BEAM_DEFAULTS: BeamParams = {
  n: 16,
  m: 4,
  aggregate: 'weighted-majority',
  scoreAgg: 'last',
  voteRule: 'official',
  temperature: 1,
  maxDepth: 25,
  dvts: false,
};

/** Beams kept per depth: floor(n/m) (search-and-learn's `n // beam_width`), at least 1. */
export function beamsKept(n: number, m: number): number {
  return Math.max(1, Math.floor(n / m));
}

function announceKeep(run: SearchRun, kept: readonly SearchNode[]): void {
  if (!run.emitting || kept.length === 0) return;
  const ids = kept.map((n) => n.id);
  run.emit<SelectEvent>(() => ({ type: 'select', ids, reason: 'beam-keep' }));
}

/**
 * Step-level beam search. Depth 1 expands the question into n first steps. At each depth every
 * new step is PRM-scored; terminal steps are finished solutions (never expanded); of the others
 * the top k = floor(n/m) by path score are kept (`select` 'beam-keep'), the rest dropped (`prune`
 * 'beam-drop'), and the kept beams share n children: with k kept, each gets floor(n/k) and the
 * best-ranked n mod k one more, so every depth samples n steps (search-and-learn refills its n
 * beams by duplicating the survivors the same way). So when k = n/m exactly each kept beam gets m
 * children; when n/m is not whole, or fewer than n/m beams survive, the survivors share n.
 * Stops when n solutions have finished, no beam is active, or the active beams reach max depth
 * (`prune` 'max-depth'); beams still active when n solutions are in are pruned 'budget'.
 * Candidates = every finished solution, voted with `aggregate`/`scoreAgg`. A depth's expansions
 * go out at once and are applied in beam order (`SearchRun.expandAll`), as in REBASE.
 */
export async function beam(_problem: Problem, _backend: Backend, params: BeamParams, run: SearchRun): Promise<DoneEvent> {
  if (!run.hasPrm) return needsPrm(run, params.dvts ? 'DVTS' : 'Beam search');
  if (params.dvts) return dvts(params, run);
  const { n, temperature, scoreAgg, maxDepth } = params;
  const keep = beamsKept(n, params.m);
  const finished: SearchNode[] = [];
  let level = await run.expand(null, n, temperature);
  await run.score(level);
  for (;;) {
    const active: SearchNode[] = [];
    for (const node of level) (node.terminal ? finished : active).push(node);
    if (active.length === 0) break;
    if (finished.length >= n) {
      prune(run, active, 'budget');
      break;
    }
    if (active[0].depth >= maxDepth) {
      prune(run, active, 'max-depth');
      break;
    }
    const ranked = rankByScore(active, scoreAgg);
    const kept = ranked.length > keep ? ranked.slice(0, keep) : ranked;
    announceKeep(run, kept);
    if (ranked.length > keep) prune(run, ranked.slice(keep), 'beam-drop');
    const base = Math.floor(n / kept.length);
    const extra = n % kept.length;
    const counts = kept.map((_, i) => base + (i < extra ? 1 : 0));
    const next: SearchNode[] = [];
    for (const children of await run.expandAll(kept, counts, temperature)) for (const c of children) next.push(c);
    await run.score(next);
    level = next;
  }
  return finishVote(run, finished, params);
}

/**
 * DVTS: k = floor(n/m) subtrees, each started by its own expansion of the question into m first
 * steps. At every depth each live subtree keeps its best of the m new steps by path score (a
 * terminal best ends the subtree; a non-terminal one is expanded into m children at the next
 * depth) and drops the other non-terminal ones. Terminal steps are finished solutions whether
 * or not they were the best. Stops when every subtree has ended or reached max depth.
 * Candidates = every finished solution in all subtrees.
 */
async function dvts(params: BeamParams, run: SearchRun): Promise<DoneEvent> {
  const { m, temperature, scoreAgg, maxDepth } = params;
  const subtrees = beamsKept(params.n, m);
  const finished: SearchNode[] = [];
  // The subtrees' first expansions share one parent (the question), so they go one after
  // another: concurrent calls for one parent would let a recorder that stores answers as they
  // arrive (RecordingBackend) keep the question's children in answer order, and a replay would
  // then deal them to other subtrees. Later depths expand distinct nodes and go out at once.
  let fronts: SearchNode[][] = [];
  for (let i = 0; i < subtrees; i++) fronts.push(await run.expand(null, m, temperature));
  await run.score(fronts.flat());
  while (fronts.length > 0) {
    const kept: SearchNode[] = [];
    const dropped: SearchNode[] = [];
    const atLimit: SearchNode[] = [];
    for (const front of fronts) {
      for (const node of front) if (node.terminal) finished.push(node);
      if (front.length === 0) continue;
      const [best, ...rest] = rankByScore(front, scoreAgg);
      for (const node of rest) if (!node.terminal) dropped.push(node);
      if (best.terminal) continue;
      if (best.depth >= maxDepth) atLimit.push(best);
      else kept.push(best);
    }
    announceKeep(run, kept);
    prune(run, dropped, 'beam-drop');
    prune(run, atLimit, 'max-depth');
    const next = await run.expandAll(kept, kept.map(() => m), temperature);
    await run.score(next.flat());
    fronts = next;
  }
  return finishVote(run, finished, params);
}
