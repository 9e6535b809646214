/**
 * Monte Carlo tree search as in the paper's appendix (design.md §3); the paper's open points are
 * settled in docs/decisions.md. The budget counts generated nodes. The answer comes from the
 * terminal nodes the search generated, aggregated like REBASE; N and Q only steer the search.
 */
import type { Backend } from '../backend';
import type { BackupEvent, DoneEvent, SelectEvent } from '../events';
import type { SearchRun } from '../run';
import type { Problem, SearchNode } from '../types';
import { finishVote, needsPrm, prune, type VoteParams } from './common';

export interface MctsParams extends VoteParams {
  /** Generated nodes the search may spend (rollout steps included). */
  budget: number;
  /** Exploration constant of UCT (the paper: 1). */
  c: number;
  /** Children of the root; default {@link defaultRootChildren}(budget). */
  kRoot?: number;
  /** Value a new node by rolling out to a terminal step instead of by its own PRM reward. */
  rollout: boolean;
  temperature: number;
  maxDepth: number;
  /** Iteration cap; default {@link defaultIterationCap}(budget). */
  maxIterations?: number;
}

export const MCTS_DEFAULTS: MctsParams = {
  budget: 64,
  c: 1,
  rollout: false,
  aggregate: 'weighted-majority',
  scoreAgg: 'last',
  voteRule: 'official',
  temperature: 1,
  maxDepth: 25,
};

/** Children of every selected node other than the root (the paper: 2). */
export const MCTS_CHILDREN = 2;

/**
 * The UCT value reported for an unvisited child: +∞. JSON has no Infinity; the trace format
 * stores it as null and reads it back as +∞ (src/trace/event-schema.ts).
 */
export const UNVISITED_UCT = Number.POSITIVE_INFINITY;

/**
 * The paper's root width for a budget: 4/8/16 children for 32/64/128 generated nodes, i.e. one
 * eighth of the budget, rounded, at least 2 and at most the budget.
 */
export function defaultRootChildren(budget: number): number {
  return Math.min(budget, Math.max(2, Math.round(budget / 8)));
}

/**
 * Iterations allowed: 8 per budgeted node plus 64. Re-selecting a finished leaf generates nothing,
 * and UCT can return to a high-value terminal leaf for a long time before exploring elsewhere;
 * the cap bounds that (the budget is then left partly unspent).
 */
export function defaultIterationCap(budget: number): number {
  return 8 * budget + 64;
}

/**
 * MCTS. Iteration 0 expands the question into kRoot children. Each later iteration:
 * 1. select — from the root, descend to the first unvisited child (N = 0) if there is one, else to
 *    the child of highest UCT `Q + c·sqrt(ln N(parent) / N(child))` (ties: the earlier child),
 *    until reaching an unvisited node or a visited node without children (`select` 'mcts-path');
 * 2. evaluate — an unvisited node's value is its PRM reward; with `rollout`, the policy extends it
 *    one step at a time to a terminal step (or max depth, or the end of the budget), the steps
 *    become tree nodes, and the last one's reward is the value. A revisited leaf (terminal, at
 *    max depth, or starved of budget) backs up the value it had when first evaluated;
 * 3. expand — an unvisited node that is not terminal and not at max depth gets 2 children (a
 *    rollout's first step counts as one of them), fewer if the budget runs out; new nodes are
 *    PRM-scored at once;
 * 4. back up — N += 1 and Q += (value − Q)/N on every node of the path (`backup`).
 * Stops when the budget is spent, no node can be expanded any more, or the iteration cap is hit.
 */
export async function mcts(_problem: Problem, _backend: Backend, params: MctsParams, run: SearchRun): Promise<DoneEvent> {
  if (!run.hasPrm) return needsPrm(run, 'MCTS');
  const { budget, c, temperature, maxDepth } = params;
  const cap = params.maxIterations ?? defaultIterationCap(budget);
  const N: number[] = [];
  const Q: number[] = [];
  const V: number[] = [];
  let rootN = 0;
  /** Nodes that are neither terminal nor at max depth and have not been evaluated yet. */
  let open = 0;
  const track = (nodes: readonly SearchNode[]): void => {
    for (const node of nodes) {
      N[node.id] = 0;
      Q[node.id] = 0;
      V[node.id] = node.reward ?? 0;
      if (!node.terminal && node.depth < maxDepth) open++;
    }
  };
  const generate = async (parent: SearchNode | null, k: number): Promise<void> => {
    const kids = await run.expand(parent, Math.min(k, budget - run.nodes.length), temperature);
    await run.score(kids);
    track(kids);
  };
  const rolloutFrom = async (node: SearchNode): Promise<SearchNode[]> => {
    const chain: SearchNode[] = [];
    for (let cur = node; !cur.terminal && cur.depth < maxDepth && run.nodes.length < budget;) {
      const [next] = await run.expand(cur, 1, temperature);
      if (!next) break;
      chain.push(next);
      cur = next;
    }
    await run.score(chain);
    for (const step of chain) {
      N[step.id] = 0;
      Q[step.id] = 0;
      V[step.id] = step.reward ?? 0;
    }
    return chain;
  };

  await generate(null, params.kRoot ?? defaultRootChildren(budget));
  const path: SearchNode[] = [];
  const uct: number[] = [];
  for (let iteration = 0; iteration < cap && open > 0 && run.nodes.length < budget; iteration++) {
    path.length = 0;
    uct.length = 0;
    let children: readonly SearchNode[] = run.firstSteps;
    let parentN = rootN;
    while (children.length > 0) {
      let pick: SearchNode = children[0];
      let best = -Infinity;
      const lnParent = Math.log(parentN);
      for (const child of children) {
        const n = N[child.id];
        if (n === 0) {
          pick = child;
          best = UNVISITED_UCT;
          break;
        }
        const u = Q[child.id] + c * Math.sqrt(lnParent / n);
        if (u > best) {
          best = u;
          pick = child;
        }
      }
      path.push(pick);
      uct.push(best);
      if (N[pick.id] === 0) break;
      children = pick.children;
      parentN = N[pick.id];
    }
    const leaf = path[path.length - 1];
    if (run.emitting) {
      const ids = path.map((n) => n.id);
      const values = uct.slice();
      run.emit<SelectEvent>(() => ({ type: 'select', ids, reason: 'mcts-path', uct: values }));
    }
    let backPath: readonly SearchNode[] = path;
    if (N[leaf.id] === 0 && !leaf.terminal && leaf.depth < maxDepth) {
      open--;
      if (params.rollout) {
        const chain = await rolloutFrom(leaf);
        if (chain.length > 0) {
          V[leaf.id] = chain[chain.length - 1].reward ?? 0;
          backPath = path.concat(chain);
        }
      }
      const missing = MCTS_CHILDREN - leaf.children.length;
      if (missing > 0 && run.nodes.length < budget) await generate(leaf, missing);
    }
    const value = V[leaf.id];
    rootN++;
    for (const node of backPath) {
      const n = ++N[node.id];
      Q[node.id] += (value - Q[node.id]) / n;
    }
    if (run.emitting) {
      const ids = backPath.map((n) => n.id);
      const stats = backPath.map((n) => ({ id: n.id, N: N[n.id], Q: Q[n.id] }));
      run.emit<BackupEvent>(() => ({ type: 'backup', path: ids, value, stats }));
    }
  }
  prune(run, run.nodes.filter((n) => !n.terminal && n.depth >= maxDepth && n.children.length === 0), 'max-depth');
  return finishVote(run, run.nodes.filter((n) => n.terminal), params);
}
