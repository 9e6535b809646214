/**
 * Which strategies need PRM rewards, and why — so the UI can disable them, with the reason, when
 * a live backend has no PRM (issue 7 item 2). The engine ends such a run at once anyway
 * (`needsPrm` in src/search/strategies/common.ts); this says so before the run starts.
 */
import type { BackendInfo } from '../search/backend';
import type { StrategySpec } from '../search/strategies/spec';

/** Why `spec` needs PRM rewards, or null when it runs without a PRM. */
export function rewardNeed(spec: StrategySpec): string | null {
  switch (spec.name) {
    case 'greedy':
      return null;
    case 'sample':
      if (spec.params.aggregate === 'majority') return null;
      return spec.params.aggregate === 'best-of-n'
        ? 'best-of-N picks the solution with the highest PRM score'
        : 'weighted majority voting weighs each vote by its PRM score';
    case 'beam':
      return `${spec.params.dvts ? 'DVTS' : 'beam search'} keeps the beams with the highest PRM scores`;
    case 'mcts':
      return 'MCTS uses PRM rewards as node values';
    case 'rebase':
      return 'REBASE splits its width by PRM rewards';
  }
}

/**
 * The reason `spec` cannot run on a backend, or null when it can: "REBASE splits its width by
 * PRM rewards, and this backend has no PRM (add one in the Backends panel)".
 */
export function blockedWithoutPrm(spec: StrategySpec, info: Pick<BackendInfo, 'prm'>): string | null {
  if (info.prm !== null) return null;
  const need = rewardNeed(spec);
  return need === null ? null : `${need[0].toUpperCase()}${need.slice(1)}, and this backend has no PRM (add one in the Backends panel)`;
}
