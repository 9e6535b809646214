/**
 * The planner (issue 14): a budget of FLOPs per question on a log slider, and the best measured
 * model × strategy × n within it with its accuracy ± 95 % interval, the runner-up (the best of
 * another model × strategy), and the compute it saves against the cheapest sampling strategy at
 * equal accuracy. The budget is the chart's rule: dragging on the chart or the slider's arrow
 * keys (0.05 decade; PageUp/PageDown 0.5) move both. The fitted law of the best's curve is named
 * with its held-out error; the chart draws the laws of the curves named here.
 */
import { useId } from 'react';
import type { PlanChoice } from '../../search/planner';
import { LAW_FORM } from '../../search/scaling-law';
import type { LawCurveFit } from '../../search/sweep-fits';
import type { SweepPoint } from '../../search/sweep-summary';
import { scaling } from '../../state/scaling-actions';
import { flopsDomain } from '../../viz/pareto-scales';
import { budgetText, choiceText, savingText } from './planner-text';
import { usePlanner } from './usePlanner';

const STEP = 0.05;
const round3 = (v: number) => Number(v.toPrecision(3));

/** The slider's range in log10 FLOPs: the chart's whole decades around the points. */
export function sliderRange(points: readonly SweepPoint[]): [number, number] {
  const [lo, hi] = flopsDomain(points.map((p) => p.flops));
  return [Math.log10(lo), Math.log10(hi)];
}

/** "a = 52.3 % [44–100], c = 0.41; held out n = 32: fit 45.1 % vs 51.5 % measured". */
export function lawText(f: LawCurveFit, limit = false): string {
  const b = limit ? f.limit : f.free;
  if (!b) return '';
  const p = b.fit.params;
  const aPart = b.fit.fixedAsymptote ? `a = ${(p.a * 100).toFixed(1)}% (the Theorem-1 limit)` : `a = ${(p.a * 100).toFixed(1)}%`;
  const h = limit ? f.heldOutLimit : f.heldOut;
  const held = h ? `; fitted without the largest n it predicts ${(h.predicted[0] * 100).toFixed(1)}% there, measured ${(h.actual[0] * 100).toFixed(1)}% (error ${(h.mae * 100).toFixed(1)} pts)` : '';
  return `${aPart}, b = ${p.b.toFixed(3)}, c = ${p.c.toFixed(2)}${held}`;
}

function Choice({ label, c, testId, note }: { label: string; c: PlanChoice | null; testId: string; note?: string }) {
  return (
    <p className="if-plan-line" data-testid={testId}>
      <span className="if-plan-label">{label}</span>
      {c ? <span>{choiceText(c)}{note}</span> : <span className="if-muted">none</span>}
    </p>
  );
}

export function PlannerPanel() {
  const id = useId();
  const { points, fits, budget, plan } = usePlanner();
  const [lo, hi] = sliderRange(points);
  const value = budget === null ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, Math.log10(budget)));
  const set = (log10: number) => scaling.setRule(round3(10 ** Math.min(hi, Math.max(lo, log10))));
  const bestFit = plan?.best ? fits.find((f) => f.model === plan.best!.model && f.strategy === plan.best!.strategy) : undefined;
  const saving = plan ? savingText(plan) : null;
  return (
    <div className="if-planner" role="group" aria-label="Planner: the best model × strategy × n within a budget" data-testid="planner">
      <div className="if-plan-row">
        <label htmlFor={id}>Budget</label>
        <input id={id} type="range" min={lo} max={hi} step={STEP} value={value} disabled={points.length === 0} data-testid="planner-budget"
          aria-valuetext={budget === null ? 'no budget set' : budgetText(budget)}
          onChange={(e) => set(Number(e.currentTarget.value))}
          onKeyDown={(e) => {
            if (e.key === 'PageUp' || e.key === 'PageDown') {
              e.preventDefault();
              set(value + (e.key === 'PageUp' ? 0.5 : -0.5));
            }
          }} />
        <output htmlFor={id} data-testid="planner-budget-text">{budget === null ? 'move the slider, or drag on the chart' : `≤ ${budgetText(budget)}`}</output>
        {budget !== null && <button type="button" className="if-btn" onClick={() => scaling.setRule(null)}>Clear</button>}
      </div>
      {plan && (
        <div aria-live="polite">
          {plan.best ? (
            <>
              <Choice label="Best" c={plan.best} testId="planner-best" />
              <Choice label="Runner-up" c={plan.runnerUp} testId="planner-runner-up" note={plan.overlap ? ' — intervals overlap: the sweep cannot tell them apart' : undefined} />
              <p className="if-plan-line" data-testid="planner-saving">
                <span className="if-plan-label">Saving</span>
                <span>{saving?.ratio && <strong className="if-pc-ratio">{saving.ratio}</strong>}{saving?.text}</span>
              </p>
              {bestFit && (
                <p className="if-plan-line if-plan-law" data-testid="planner-law">
                  <span className="if-plan-label">Law</span>
                  <span>{LAW_FORM}: {lawText(bestFit)}{bestFit.limit ? `; with ${lawText(bestFit, true)}` : ''}</span>
                </p>
              )}
            </>
          ) : <p className="if-plan-line if-muted" data-testid="planner-best">No measured point costs this little.</p>}
        </div>
      )}
    </div>
  );
}
