/**
 * "What compute buys", under the chart: the rule's readout (the best model × strategy within a
 * FLOPs budget; the chart draws the rule and moves it by drag or keys, this adds buttons to place
 * and remove it) and the savings readout at a target accuracy.
 */
import { useMemo } from 'react';
import type { SweepPoint } from '../../search/sweep-summary';
import { scaling } from '../../state/scaling-actions';
import { selectFrontier, selectPoints, selectRule, selectTarget, useScaling } from '../../state/scaling-store';
import { ruleReadout } from './chart/ComputeRule';
import { SavingsReadout } from './chart/SavingsReadout';

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

/** Where a placed rule starts: the geometric middle of the points' FLOPs. */
function middleFlops(points: readonly SweepPoint[]): number | null {
  const xs = points.map((p) => p.flops).filter((x) => Number.isFinite(x) && x > 0);
  if (!xs.length) return null;
  return Number(Math.sqrt(Math.min(...xs) * Math.max(...xs)).toPrecision(3));
}

function RuleReadout({ points }: { points: SweepPoint[] }) {
  const rule = useScaling(selectRule);
  const start = middleFlops(points);
  if (rule === null) {
    return (
      <div className="if-readout" data-testid="rule-readout">
        <button type="button" className="if-btn" aria-disabled={start === null || undefined} onClick={() => start !== null && scaling.setRule(start)}>Place rule</button>
        <span className="if-muted">or drag on the chart: the best model × strategy within a FLOPs budget</span>
      </div>
    );
  }
  const [budget, best] = ruleReadout(points, rule);
  return (
    <div className="if-readout" data-testid="rule-readout">
      <span><strong>{budget}</strong> — {best}</span>
      <button type="button" className="if-btn" onClick={() => scaling.setRule(null)}>Remove rule</button>
    </div>
  );
}

export function Readouts() {
  const points = useScaling(selectPoints);
  const frontier = useScaling(selectFrontier);
  const chosen = useScaling(selectTarget);
  const fallback = useMemo(() => defaultTarget(points), [points]);
  return (
    <div className="if-panel if-readouts">
      <RuleReadout points={points} />
      <div data-testid="savings-readout">
        <SavingsReadout points={points} frontier={frontier} target={chosen ?? fallback} onTarget={(t) => scaling.setTarget(t)} />
      </div>
    </div>
  );
}
