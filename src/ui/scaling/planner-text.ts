/**
 * The planner's words (pure): a budget with its unit, a choice with its interval, the saving.
 * Shared by the Scaling view's planner panel and its tests.
 */
import { formatFlops } from '../../search/compute';
import type { Plan, PlanChoice } from '../../search/planner';
import { SWEEP_STRATEGY_LABELS } from '../../search/strategies/index';
import { modelLabel } from '../../sim/index';

const PREFIXES: [number, string][] = [[1e21, 'Z'], [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** FLOPs in SI units, 3 significant digits: 6.51e13 → "65.1 TFLOPs". */
export function flopsWithUnit(flops: number): string {
  if (!Number.isFinite(flops) || flops <= 0) return `${formatFlops(flops)} FLOPs`;
  const [scale, prefix] = PREFIXES.find(([s]) => flops >= s) ?? [1, ''];
  return `${Number((flops / scale).toPrecision(3))} ${prefix}FLOPs`;
}

/** "65.1 TFLOPs (6.51e13) per question". */
export const budgetText = (flops: number): string => `${flopsWithUnit(flops)} (${formatFlops(flops)}) per question`;

export const whoText = (c: Pick<PlanChoice, 'model' | 'strategy'>): string => `${SWEEP_STRATEGY_LABELS[c.strategy]} · ${modelLabel(c.model)}`;

const pts = (v: number) => (v * 100).toFixed(1);

/** "REBASE · sim-7B, n = 16: 47.0 % ± 6.9 (95 %: 40.1–53.8) at 65.1 TFLOPs". */
export function choiceText(c: PlanChoice): string {
  const half = (c.hi - c.lo) / 2;
  return `${whoText(c)}, n = ${c.n}: ${pts(c.accuracy)}% ± ${pts(half)} (95%: ${pts(c.lo)}–${pts(c.hi)}) at ${flopsWithUnit(c.cost)}`;
}

/** The saving line: ratio (drawn large) and the sentence; both null-safe. */
export function savingText(plan: Plan): { ratio: string | null; text: string } {
  const best = plan.best;
  const s = plan.savings;
  if (!best) return { ratio: null, text: '' };
  const acc = `${pts(best.accuracy)}%`;
  if (!s?.baseline || s.ratio === null) {
    return { ratio: null, text: `No sampling strategy (majority, best-of-N, weighted majority) reaches ${acc}, measured or by its fitted law within a decade.` };
  }
  if (s.baseline.model === best.model && s.baseline.strategy === best.strategy) return { ratio: null, text: 'The best is itself the cheapest sampling strategy: no saving.' };
  const how = s.baseline.extrapolated ? ' (read off its fitted law, beyond its measured budgets)' : '';
  if (s.ratio < 1.005) return { ratio: null, text: `${whoText(s.baseline)} reaches ${acc} with no more compute (${flopsWithUnit(s.baseline.cost)})${how}: no saving.` };
  return {
    ratio: `${s.ratio < 10 ? s.ratio.toFixed(1) : s.ratio.toFixed(0)}× less compute`,
    text: ` than the cheapest sampling strategy at equal accuracy: ${whoText(s.baseline)} needs ${flopsWithUnit(s.baseline.cost)} to reach ${acc}${how}.`,
  };
}
