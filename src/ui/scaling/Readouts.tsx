/**
 * "What compute buys", under the chart: the planner (the best model × strategy × n within a FLOPs
 * budget, which is the chart's rule: a drag on the chart or the planner's slider moves it) and the
 * savings readout at a target accuracy.
 */
import { useMemo } from 'react';
import type { SweepPoint } from '../../search/sweep-summary';
import { scaling } from '../../state/scaling-actions';
import { selectFrontier, selectPoints, selectTarget, useScaling } from '../../state/scaling-store';
import { SavingsReadout } from './chart/SavingsReadout';
import { PlannerPanel } from './PlannerPanel';

const SAMPLING = new Set(['majority', 'best-of-n', 'weighted-majority']);

/**
 * The savings target when the user has not chosen one: the best accuracy a sampling curve reaches
 * (where the frontier's saving is what the paper's Table 1 reads), else the middle of the range.
 */
export function defaultTarget(points: readonly SweepPoint[]): number {
  const sampling = points.filter((p) => SAMPLING.has(p.strategy) && Number.isFinite(p.accuracy)).map((p) => p.accuracy);
  const all = points.map((p) => p.accuracy).filter(Number.isFinite);
  const raw = sampling.length ? Math.max(...sampling) : all.length ? (Math.min(...all) + Math.max(...all)) / 2 : 0.5;
  return Math.min(1, Math.max(0.005, Math.round(raw * 200) / 200));
}

export function Readouts() {
  const points = useScaling(selectPoints);
  const frontier = useScaling(selectFrontier);
  const chosen = useScaling(selectTarget);
  const fallback = useMemo(() => defaultTarget(points), [points]);
  return (
    <div className="if-panel if-readouts">
      <PlannerPanel />
      <div data-testid="savings-readout">
        <SavingsReadout points={points} frontier={frontier} target={chosen ?? fallback} onTarget={(t) => scaling.setTarget(t)} />
      </div>
    </div>
  );
}
