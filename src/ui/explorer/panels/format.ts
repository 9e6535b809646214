/** Number and label formatting shared by the panels: one wording for every panel. */
import type { PruneReason } from '../../../search/events';
import type { StrategyName } from '../../../search/strategies/index';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatInt(x: number): string {
  return INT.format(x);
}

/** A reward or score in [0, 1] with two decimals; "—" when unscored. */
export function formatReward(r: number | null | undefined): string {
  return r === null || r === undefined || Number.isNaN(r) ? '—' : r.toFixed(2);
}

/** A value such as a summed weight or Q: three significant figures, ∞ kept. */
export function formatValue(x: number): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3).replace(/\.?0+$/, '');
}

/** Why a node was dropped, in words. */
export const PRUNE_LABEL: Readonly<Record<PruneReason, string>> = {
  'beam-drop': 'dropped by the beam (not in the top n/m)',
  'rebase-zero-width': 'REBASE gave it 0 children (low reward)',
  'max-depth': 'stopped at the depth limit',
  budget: 'the budget ran out',
};

/** What one "step" of the timeline is for a strategy (granularity 'step'). */
export function stepUnit(strategy: StrategyName): string {
  switch (strategy) {
    case 'rebase':
    case 'beam':
      return 'depth';
    case 'mcts':
      return 'iteration';
    case 'sample':
    case 'greedy':
      return 'solution';
  }
}

/** The aggregation methods in words. */
export const AGGREGATE_LABEL: Readonly<Record<'majority' | 'best-of-n' | 'weighted-majority', string>> = {
  majority: 'majority vote (one vote per solution)',
  'best-of-n': 'best-of-N (the single highest-scored solution)',
  'weighted-majority': 'weighted majority vote (votes weighted by PRM score)',
};

/** Text cut to `max` characters at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
