/**
 * The Stage's chart: the Scaling view's prop-driven ParetoChart fed from the Scaling store (the
 * sweep behind it) plus one marker per tree pane, linked both ways — the panes' curves are
 * emphasised, hovering a curve lights up the pane running that strategy, and clicking a point
 * loads one of its problems into both panes (stage.openPoint).
 *
 * The chart is an SVG rendered by React, so it is redrawn at most ~4 times a second (points and
 * markers are throttled; markers glide between updates by a CSS transition) — the trees' canvases
 * keep the animation frames to themselves.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { conventionFromId, conventionLabel, flopsFor } from '../../search/compute';
import { sweepSlotOf, SWEEP_STRATEGY_LABELS } from '../../search/strategies/index';
import type { SweepPoint } from '../../search/sweep-summary';
import { comparePlaybacks, comparePolicyParams } from '../../state/compare-actions';
import { useCompare } from '../../state/compare-store';
import { summarize } from '../../state/compare-timeline';
import { PRESETS, type PresetId } from '../../state/scaling-presets';
import { flopsParamsOf } from '../../state/scaling-setup';
import { CONVENTION_IDS, useScaling, type ConventionId, type ScalingState } from '../../state/scaling-store';
import { stage } from '../../state/stage-actions';
import { selectStageConv, selectStageSweep, useStage } from '../../state/stage-store';
import { formatInt } from '../explorer/panels/format';
import { ParetoChart, type Emphasis } from '../scaling/chart/ParetoChart';
import type { RunMarker } from '../scaling/chart/Overlay';
import { STRATEGY_STYLE } from '../scaling/chart/chart-style';
import { SweepProgress } from '../scaling/SweepStatus';

/** How often the chart takes new points and marker positions (ms). */
export const CHART_REFRESH_MS = 250;

interface ChartData {
  points: SweepPoint[];
  frontier: SweepPoint[];
  limits: ScalingState['limits'];
}

const dataOf = (s: ScalingState): ChartData => ({ points: s.points, frontier: s.frontier, limits: s.limits });

/** The Scaling store's points, taken at most every CHART_REFRESH_MS (trailing). */
function useThrottledChartData(): ChartData {
  const [data, setData] = useState(() => dataOf(useScaling.getState()));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const take = () => {
      timer = null;
      setData(dataOf(useScaling.getState()));
    };
    const unsubscribe = useScaling.subscribe((s, prev) => {
      if (s.points === prev.points && s.limits === prev.limits && s.frontier === prev.frontier) return;
      if (timer === null) timer = setTimeout(take, CHART_REFRESH_MS);
    });
    take();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return data;
}

/** Each pane's run as a chart marker, recomputed at most every CHART_REFRESH_MS. */
function useMarkers(points: readonly SweepPoint[], conv: ConventionId): RunMarker[] {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = useCompare.subscribe((s, prev) => {
      if (s.revision === prev.revision && s.panes === prev.panes) return;
      if (timer === null) timer = setTimeout(() => { timer = null; setTick((t) => t + 1); }, CHART_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  const setup = useScaling((s) => s.setup);
  return useMemo(() => {
    void tick;
    const { panes, setup: paneSetup } = useCompare.getState();
    const policy = comparePolicyParams();
    if (policy === null) return [];
    const prm = flopsParamsOf(setup).prmParams;
    const convention = conventionFromId(conv);
    return comparePlaybacks().map((pb, i): RunMarker | null => {
      const pane = panes[i];
      if (!pane) return null;
      const slot = sweepSlotOf(pane.spec);
      const budget = slot.strategy === 'greedy' ? 1 : slot.budget;
      const point = points.find((p) => p.model === paneSetup.model && p.strategy === slot.strategy && p.budget === budget);
      const done = pb.done !== null;
      const sum = done ? summarize(pb, policy) : null;
      return {
        flops: flopsFor(pb.compute, policy, prm, convention), accuracy: point?.accuracy ?? null,
        label: SWEEP_STRATEGY_LABELS[slot.strategy], done, correct: sum ? sum.correct : null, color: STRATEGY_STYLE[slot.strategy].color,
      };
    }).filter((m): m is RunMarker => m !== null);
  }, [tick, points, conv, setup]);
}

/** "each point: 200 problems × 1 seed" (a range while the sweep is still filling points in). */
function pointsBehind(points: readonly SweepPoint[], seeds: number): string {
  if (!points.length) return 'no points yet';
  const ns = points.map((p) => p.problems);
  const lo = Math.min(...ns), hi = Math.max(...ns);
  const range = lo === hi ? formatInt(lo) : `${formatInt(lo)}–${formatInt(hi)}`;
  return `${formatInt(points.length)} points, each ${range} problem${hi === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}

const CONV_TEXT: Record<ConventionId, string> = { paper: 'paper', prefill: '+ prefill', prm: '+ PRM', 'prefill+prm': '+ prefill + PRM' };

export function StageChart({ maxButton }: { maxButton: ReactNode }) {
  const { points, frontier, limits } = useThrottledChartData();
  const conv = useStage(selectStageConv);
  const sweep = useStage(selectStageSweep);
  const setup = useScaling((s) => s.setup);
  const model = useCompare((s) => s.setup.model);
  const specs = useCompare((s) => s.panes);
  const markers = useMarkers(points, conv);
  const convention = useMemo(() => conventionFromId(conv), [conv]);
  const highlight = useMemo<Emphasis[]>(() => specs.map((p) => ({ model, strategy: sweepSlotOf(p.spec).strategy })), [specs, model]);
  return (
    <section className="if-stage-chart" aria-label="Pareto chart: accuracy against FLOPs" data-testid="stage-chart" data-points={points.length}>
      <header className="if-stage-part-head">
        <h2 className="if-stage-part-title" title="Click a point to load one of its problems into both trees">Accuracy vs FLOPs</h2>
        <label className="if-stage-field">
          Sweep{' '}
          <select className="if-select" value={sweep} aria-label="Sweep behind the chart" onChange={(e) => stage.setSweep(e.target.value as PresetId)}>
            {PRESETS.map((p) => <option key={p.id} value={p.id} title={p.description}>{p.label}</option>)}
          </select>
        </label>
        <label className="if-stage-field" title={conventionLabel(convention)}>
          FLOPs{' '}
          <select className="if-select" value={conv} aria-label="FLOPs convention" onChange={(e) => stage.setConvention(e.target.value as ConventionId)}>
            {CONVENTION_IDS.map((c) => <option key={c} value={c}>{CONV_TEXT[c]}</option>)}
          </select>
        </label>
        {maxButton}
      </header>
      <div className="if-stage-chart-box">
        <ParetoChart
          points={points} frontier={frontier} limits={limits} overlay={null} convention={convention}
          simulated subsampled={setup.subsample} highlight={highlight} marker={markers}
          onHoverCurve={(c) => stage.hoverCurve(c ? c.strategy : null)} onClickPoint={(p) => stage.openPoint(p)}
          fit="box" emptyText="Starting the sweep…"
        />
      </div>
      <footer className="if-stage-chart-foot">
        <SweepProgress />
        <p className="if-stage-behind" data-testid="stage-behind" title="Click a point to load one of its problems into both trees">{pointsBehind(points, setup.seeds.length)}</p>
      </footer>
    </section>
  );
}
