/**
 * The Stage's chart: the Scaling view's prop-driven ParetoChart fed from the Scaling store (the
 * sweep behind it) plus one marker per tree pane, linked both ways — the panes' curves are
 * emphasised, hovering a curve lights up the pane running that strategy, and clicking a point
 * loads one of its problems into both panes (stage.openPoint).
 *
 * The chart is an SVG rendered by React: it takes new points at most every CHART_REFRESH_MS, and
 * the run markers move in their own layer (a feed, ~10 times a second) without re-rendering the
 * rest — the trees' canvases keep the animation frames to themselves.
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
import type { MarkerFeed, RunMarker } from '../scaling/chart/Overlay';
import { STRATEGY_STYLE } from '../scaling/chart/chart-style';
import { SweepProgress } from '../scaling/SweepStatus';

/** How often the chart takes new points and marker positions (ms). */
export const CHART_REFRESH_MS = 400;

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

/** How often the markers follow the trees (ms); only their own layer redraws. */
export const MARKER_REFRESH_MS = 100;

interface MarkerInputs {
  points: readonly SweepPoint[];
  conv: ConventionId;
  setup: ScalingState['setup'];
}

/** Each pane's run as a marker: its FLOPs so far (chart convention), its point's accuracy, its outcome. */
function markersOf({ points, conv, setup }: MarkerInputs): RunMarker[] {
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
    return {
      flops: flopsFor(pb.compute, policy, prm, convention), accuracy: point?.accuracy ?? null,
      label: SWEEP_STRATEGY_LABELS[slot.strategy], done, correct: done ? summarize(pb, policy).correct : null, color: STRATEGY_STYLE[slot.strategy].color,
    };
  }).filter((m): m is RunMarker => m !== null);
}

/**
 * The panes' markers as a feed the chart's marker layer subscribes to: recomputed at most every
 * MARKER_REFRESH_MS while the trees change, and at once when the chart's inputs change.
 */
class PaneMarkerFeed implements MarkerFeed {
  private cache: readonly RunMarker[] = [];
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private inputs: MarkerInputs | null = null;

  readonly get = (): readonly RunMarker[] => this.cache;

  readonly subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange);
    this.unsubscribe ??= useCompare.subscribe((s, prev) => {
      if ((s.revision !== prev.revision || s.panes !== prev.panes) && this.timer === null) {
        this.timer = setTimeout(() => { this.timer = null; this.refresh(); }, MARKER_REFRESH_MS);
      }
    });
    return () => {
      this.listeners.delete(onChange);
      if (this.listeners.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
    };
  };

  setInputs(inputs: MarkerInputs): void {
    this.inputs = inputs;
    this.refresh();
  }

  private refresh(): void {
    if (!this.inputs) return;
    this.cache = markersOf(this.inputs);
    for (const l of this.listeners) l();
  }
}

function useMarkerFeed(points: readonly SweepPoint[], conv: ConventionId, setup: ScalingState['setup']): MarkerFeed {
  const [feed] = useState(() => new PaneMarkerFeed());
  useEffect(() => feed.setInputs({ points, conv, setup }), [feed, points, conv, setup]);
  return feed;
}

/** "each point: 200 problems × 1 seed" (a range while the sweep is still filling points in). */
function pointsBehind(points: readonly SweepPoint[], seeds: number): string {
  if (!points.length) return 'no points yet';
  const ns = points.map((p) => p.problems);
  const lo = Math.min(...ns), hi = Math.max(...ns);
  const range = lo === hi ? formatInt(lo) : `${formatInt(lo)}–${formatInt(hi)}`;
  return `${formatInt(points.length)} points, each ${range} problem${hi === 1 ? '' : 's'} × ${seeds} seed${seeds === 1 ? '' : 's'}`;
}

/** The curves the Stage's story needs beside the panes' two: the sampling baselines. */
export const STORY_STRATEGIES = ['weighted-majority', 'majority'] as const;

const CONV_TEXT: Record<ConventionId, string> = { paper: 'paper', prefill: '+ prefill', prm: '+ PRM', 'prefill+prm': '+ prefill + PRM' };

export function StageChart({ maxButton }: { maxButton: ReactNode }) {
  const { points, frontier, limits } = useThrottledChartData();
  const conv = useStage(selectStageConv);
  const sweep = useStage(selectStageSweep);
  const setup = useScaling((s) => s.setup);
  const model = useCompare((s) => s.setup.model);
  const specs = useCompare((s) => s.panes);
  const markerFeed = useMarkerFeed(points, conv, setup);
  const convention = useMemo(() => conventionFromId(conv), [conv]);
  const problemCount = useScaling((s) => s.problemCount);
  // The story's curves, loudest first (at most four are drawn at full strength): the panes'
  // strategies on the panes' model, then weighted and plain majority voting on it.
  const highlight = useMemo<Emphasis[]>(() => [
    ...specs.map((p) => sweepSlotOf(p.spec).strategy), ...STORY_STRATEGIES,
  ].map((strategy) => ({ model, strategy })), [specs, model]);
  return (
    <section className="if-stage-chart" aria-label="Pareto chart: accuracy against FLOPs" data-testid="stage-chart" data-points={points.length}>
      <header className="if-stage-part-head">
        <h2 className="if-stage-part-title" title="Click a point to load one of its problems into both trees">Accuracy vs FLOPs</h2>
        <select className="if-select if-stage-sweep" value={sweep} aria-label="Sweep behind the chart" title="The sweep behind the chart (a Scaling preset)"
          onChange={(e) => stage.setSweep(e.target.value as PresetId)}>
          {PRESETS.map((p) => <option key={p.id} value={p.id} title={p.description}>{p.label} sweep</option>)}
        </select>
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
          simulated subsampled={setup.subsample} highlight={highlight} problemsPerPoint={problemCount || undefined} markerFeed={markerFeed}
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
