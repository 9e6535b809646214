/**
 * The one-line caption over the tree: what the viewer is looking at, in words a talk audience
 * follows. Derived from the strategy spec and the problem, nothing else.
 */
import type { StrategySpec } from '../../search/strategies/index';
import type { Problem } from '../../search/types';

/** Where the problem comes from, e.g. "a simulated level-3 problem". */
export function problemPhrase(problem: Problem | undefined): string {
  if (!problem) return 'a problem';
  if (problem.dataset === 'sim') return `a simulated level-${problem.level ?? '?'} problem`;
  return `${problem.dataset ? `a ${problem.dataset.toUpperCase()} ` : 'a recorded '}problem`;
}

/** One sentence: the strategy's mechanism as it shows on the canvas. */
export function caption(spec: StrategySpec, problem: Problem | undefined): string {
  const on = problemPhrase(problem);
  switch (spec.name) {
    case 'greedy':
      return `Greedy decoding on ${on}: one chain, the single most likely step each time.`;
    case 'sample': {
      const { n, aggregate, voteRule } = spec.params;
      const how = aggregate === 'majority' ? 'the most frequent answer wins' : aggregate === 'best-of-n' ? 'the PRM picks the best-scored solution' : 'answers are weighted by PRM reward';
      const ties = aggregate === 'best-of-n' ? '' : voteRule === 'first-vote' ? ' (ties: first vote)' : ' (ties: official, first to reach)';
      return `Sampling ${n} whole solutions on ${on}; ${how}${ties}.`;
    }
    case 'beam': {
      const { n, m } = spec.params;
      return `Step-level beam search on ${on}: ${n} steps per depth, the best ${Math.max(1, Math.floor(n / m))} by PRM reward are kept and each grows ${m} children.`;
    }
    case 'mcts':
      return `MCTS on ${on}: each iteration walks down by UCT (reward + exploration), expands a node and backs its reward up — ${spec.params.budget} steps in all; node size = visits.`;
    case 'rebase': {
      const { width, tb, preset } = spec.params;
      const name = preset ? ` (${preset} preset)` : '';
      return `REBASE${name} on ${on}: at each depth the ${width} remaining samples are split across the frontier by softmax(reward / ${tb}) — high-reward steps get more children, low ones are pruned.`;
    }
  }
}
