/**
 * The live Pareto chart (design.md §9, §11): accuracy against FLOPs per question on a log axis,
 * one curve per model × strategy with its 95 % band, the frontier, the majority-voting limits, the
 * paper's points when asked (under the paper's convention only; otherwise a note says why they
 * are hidden), live run markers and the "what compute buys" rule. Prop-driven (no
 * store): the Scaling view and the Stage feed it. SVG rendered by React from d3 scales; points
 * stream in by re-rendering (new markers pop in unless reduced motion is on).
 */
import { useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import { conventionLabel, type FlopsConvention } from '../../../search/compute';
import { paperPointsFor, type PaperDataset, type PaperPoint } from '../../../search/paper-data';
import type { SweepPoint } from '../../../search/sweep-summary';
import type { MvLimit } from '../../../workers/sweep-protocol';
import { accuracyDomain, accuracyScale, accuracyTicks, flopsDomain, flopsScale, flopsTicks, type PowerStyle } from '../../../viz/pareto-scales';
import { Axes, FONT, type PlotRect } from './Axes';
import { ChartLegend, legendLayout, type LegendSpec } from './ChartLegend';
import { ChartTooltip, type TooltipTarget } from './ChartTooltip';
import { labelCandidates, layoutFrontierLabel, layoutLimitLabels, markerBox, placeLabels, textWidth, type Box } from './chart-labels';
import { loudCurves, MIN_SHOWN, pointState, provisionalNote, strategyLoud, type Emphasis } from './chart-focus';
import { buildCurves, neighbourPoint, overlayHiddenReason, pointId, type Curve } from './chart-model';
import { INK, MUTED, modelStyles, sortModels, strategyOrder } from './chart-style';
import { ComputeRule, readoutBox, RuleCapture, ruleReadout, useRuleDrag } from './ComputeRule';
import { CurveBands, CurveLines, CurvePoints } from './Curves';
import { FitCurves, FitKey, fitKeyBox } from './FitCurves';
import { OracleLines } from './OracleLines';
import type { OraclePoint } from '../../../search/oracle';
import type { LawCurveFit } from '../../../search/sweep-fits';
import { FRONTIER_LABEL, FrontierPath, HALO, LimitLines } from './Frontier';
import { LiveRunMarkers, markerLabelStrip, OverlayPoints, RunMarkers, type MarkerFeed, type RunMarker } from './Overlay';
import type { SweepStrategy } from '../../../search/strategies/index';
import { useChartSize, type ChartFit } from './useChartSize';
import { useReducedMotion } from './useReducedMotion';
import './chart.css';

export interface CurveRef {
  model: string;
  strategy: string;
}

export type { Emphasis };

export interface ParetoChartProps {
  points: SweepPoint[];
  /** The Pareto frontier of `points`, already computed (`paretoFrontier`). */
  frontier: SweepPoint[];
  /** Majority-voting asymptotes, one per model (Theorem 1). */
  limits: MvLimit[];
  /** The paper's points, drawn hollow and marked "paper, real models"; null = not shown. */
  overlay: PaperPoint[] | null;
  /** Which of the paper's datasets the overlay shows (default MATH500). */
  overlayDataset?: PaperDataset;
  /** Named on the x axis. */
  convention: FlopsConvention;
  /** Say "simulated" on the y axis and in the legend. */
  simulated: boolean;
  /** Say in the legend that sampling strategies sub-sample one pool per problem. */
  subsampled: boolean;
  /**
   * Emphasise the curves of a model and/or strategy, or of several such in priority order: at
   * most MAX_LOUD (4) of them at full strength, the others faded (`loudCurves`).
   */
  highlight?: Emphasis | readonly Emphasis[] | null;
  /** Problems the sweep puts behind each point, for the provisional rule (`pointState`). */
  problemsPerPoint?: number;
  /** Run markers drawn with the chart. */
  marker?: RunMarker[];
  /** Live run markers that move on their own (the Stage): only their layer re-renders. */
  markerFeed?: MarkerFeed;
  /** FLOPs of the "what compute buys" rule; null = none. */
  rule?: number | null;
  /** Makes the rule movable (drag, keys); null = removed. */
  onRule?(flops: number | null): void;
  onHoverPoint?(p: SweepPoint | null): void;
  onClickPoint?(p: SweepPoint): void;
  onHoverCurve?(key: CurveRef | null): void;
  /** Fixed size in px; otherwise measured (see `fit`). */
  width?: number;
  height?: number;
  fit?: ChartFit;
  /** Fix the x domain (e.g. while a sweep streams in, so the axis does not jump). */
  xDomain?: readonly [number, number];
  /** Show accuracy 0–100 % instead of fitting the data. */
  fullAccuracy?: boolean;
  /** Power-of-ten labels "1e13" (default) or "10¹³". */
  tickStyle?: PowerStyle;
  /** The SVG element, for `downloadSvg` / `downloadPng`. */
  svgRef?: Ref<SVGSVGElement>;
  /** Shown in the plot while there are no points. */
  emptyText?: string;
  /** Fitted scaling laws (`fitSweep`), drawn for the curves in `fitKeys` (`FitCurves`). */
  fits?: readonly LawCurveFit[];
  fitKeys?: ReadonlySet<string>;
  /** pass@n of each model (`oracleCurves`): a dotted ceiling above the voting curves (`OracleLines`). */
  oracle?: readonly OraclePoint[];
}

const MARGIN = { top: 14, right: 20, left: 76 } as const;
const NO_MARKERS: RunMarker[] = [];
/** Above this many points only frontier points and curve ends get an n label. */
const CROWDED = 60;
/** Bold titles run about 10 % wider than the estimate for regular text. */
const BOLD = 1.1;

/** While every point is still below the rule: how far the first points are ("First points at 20 problems: 5 in"). */
function waitingText(points: readonly SweepPoint[], total: number | undefined): string {
  const most = Math.max(...points.map((p) => p.problems));
  return `First points at ${Math.min(MIN_SHOWN, total ?? Infinity)} problems: ${most} in`;
}

/** The chart with its legend (inside the SVG) and an HTML tooltip card. */
export function ParetoChart(props: ParetoChartProps) {
  const { points, limits, overlay, convention, simulated, subsampled, highlight, rule = null, onRule, svgRef } = props;
  const dataset = props.overlayDataset ?? 'math500';
  const markers = props.marker ?? NO_MARKERS;
  const { ref, width: W, height: H } = useChartSize(props.width, props.height, props.fit);
  const reduced = useReducedMotion();
  const [hover, setHover] = useState<TooltipTarget | null>(null);
  const [hoverCurve, setHoverCurve] = useState<Curve | null>(null);
  const [tabId, setTabId] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [toggles, setToggles] = useState<ReadonlyMap<SweepStrategy, boolean>>(new Map());
  const total = props.problemsPerPoint;

  // Early points that do not lie: none below MIN_SHOWN problems, hollow below SOLID_AT.
  const shown = useMemo(() => points.filter((p) => pointState(p, total) !== 'hidden'), [points, total]);
  const provisional = useMemo(() => new Set(shown.filter((p) => pointState(p, total) === 'provisional').map(pointId)), [shown, total]);
  const shownFrontier = useMemo(() => {
    const ids = new Set(shown.map(pointId));
    return props.frontier.filter((p) => ids.has(pointId(p)));
  }, [shown, props.frontier]);
  const frontier = shownFrontier;
  const curves = useMemo(() => buildCurves(shown), [shown]);
  // The paper's points are policy-only FLOPs: under another convention they are hidden, with the reason shown.
  const overlayNote = overlay ? overlayHiddenReason(convention) : null;
  const overlayPts = useMemo(() => (overlay && overlayNote === null ? paperPointsFor(dataset, overlay) : []), [overlay, overlayNote, dataset]);
  const styles = useMemo(() => modelStyles(curves.map((c) => c.model)), [curves]);

  const xDom = useMemo<readonly [number, number]>(() => props.xDomain ?? flopsDomain([
    ...shown.map((p) => p.flops), ...overlayPts.map((p) => p.flops[dataset] ?? NaN), ...markers.map((m) => m.flops),
  ]), [props.xDomain, shown, overlayPts, markers, dataset]);
  const yDom = useMemo(() => accuracyDomain([
    ...shown.flatMap((p) => [p.lo, p.hi, p.accuracy]), ...limits.map((l) => l.majority),
    ...overlayPts.map((p) => p.accuracy[dataset] ?? NaN), ...markers.map((m) => m.accuracy ?? NaN),
    ...(props.oracle ?? []).map((o) => o.passAtN),
  ], { full: props.fullAccuracy }), [shown, limits, overlayPts, markers, dataset, props.fullAccuracy, props.oracle]);

  const legendSpec: LegendSpec = {
    strategies: [...new Set([...curves.map((c) => c.strategy), ...overlayPts.map((p) => p.kind)])].sort((a, b) => strategyOrder(a) - strategyOrder(b)),
    models: sortModels(curves.map((c) => c.model)).map((m) => [m, styles.get(m)!]),
    frontier: frontier.length > 0, limits: limits.length > 0,
    overlay: [...new Set(overlayPts.map((p) => p.source))], markers: markers.length > 0 || props.markerFeed !== undefined, simulated, subsampled,
    provisional: points.length > 0 ? provisionalNote(total) : null,
  };
  const full = legendLayout(legendSpec, W);
  const titleFull = `FLOPs per question (log scale) — ${conventionLabel(convention)}`;
  const xTitle = textWidth(titleFull, FONT.title) * BOLD > W - 24 ? ['FLOPs per question (log scale)', conventionLabel(convention)] : [titleFull];
  const bottom = 22 + FONT.tick + xTitle.length * (FONT.title + 3) + 8;
  // A short box (the Stage at 720p, presenter scenes) keeps the plot at least 55 % of the height: the legend goes compact.
  const legend = H - bottom - full.height - MARGIN.top < Math.max(150, 0.55 * H) ? legendLayout({ ...legendSpec, compact: true }, W) : full;
  const plot: PlotRect = { x0: MARGIN.left, x1: W - MARGIN.right, y0: MARGIN.top, y1: Math.max(MARGIN.top + 130, H - bottom - legend.height) };
  const svgH = plot.y1 + bottom + legend.height;
  const x = flopsScale(xDom, [plot.x0, plot.x1]);
  const y = accuracyScale(yDom, [plot.y1, plot.y0]);
  const scales = { x, y };
  const drag = useRuleDrag({ scales, plot, domain: xDom, onRule });
  const decadePx = (plot.x1 - plot.x0) / Math.max(1, Math.log10(xDom[1] / xDom[0]));
  const xTicks = flopsTicks(xDom, { style: props.tickStyle, maxLabels: Math.floor((plot.x1 - plot.x0) / 64), minor: decadePx >= 48 });
  const yTicks = accuracyTicks(yDom, Math.max(2, Math.round((plot.y1 - plot.y0) / 55)));

  const fixed = highlight ? (Array.isArray(highlight) ? highlight as readonly Emphasis[] : [highlight as Emphasis]) : [];
  const loud = loudCurves(curves, { emphasis: fixed, toggles, hover: hoverCurve?.key ?? null });
  const dimmed = new Set(curves.filter((c) => !loud.has(c.key)).map((c) => c.key));
  const toggle = (s: SweepStrategy) => setToggles((t) => new Map(t).set(s, !strategyLoud(curves, loud, s)));
  const pointById = new Map(shown.map((p) => [pointId(p), p]));
  const focusPoint = focusId ? pointById.get(focusId) ?? null : null;
  const target: TooltipTarget | null = hover ?? (focusPoint ? { kind: 'point', point: focusPoint } : null);
  const emphasised = target?.kind === 'point' ? pointId(target.point) : null;
  // Text never overlaps: limit labels, then the frontier's, then n labels each take a free spot
  // clear of every marker and of the run markers' label strip, or are left out (tooltips keep them).
  const markerBoxes: Box[] = shown.map((p) => markerBox(x(p.flops), y(p.accuracy), 7));
  const strip = markerLabelStrip(plot, markers.length || (props.markerFeed ? 2 : 0));
  const busy = [...markerBoxes, ...(strip ? [strip] : [])];
  // The fitted laws' key and the rule's readout box are fixed: the labels placed below keep clear of them.
  const fitKey = props.fits && props.fitKeys ? fitKeyBox(props.fits, props.fitKeys, plot) : null;
  if (fitKey) busy.push(fitKey);
  const ruleBox = rule === null ? null : readoutBox(ruleReadout(points, rule), Math.min(plot.x1, Math.max(plot.x0, x(rule))), plot);
  if (ruleBox && props.fits) busy.push(ruleBox);
  const limitLabels = layoutLimitLabels(limits, y, plot, FONT.label, busy, new Set(curves.filter((c) => loud.has(c.key)).map((c) => c.model)));
  busy.push(...limitLabels.flatMap((l) => (l.label ? [l.label.box] : [])));
  const frontierLabel = layoutFrontierLabel(frontier, scales, plot, FRONTIER_LABEL.text, FRONTIER_LABEL.size, busy);
  const ruleX = rule === null ? null : Math.min(plot.x1, Math.max(plot.x0, x(rule)));
  const obstacles = [
    ...busy.slice(markerBoxes.length), ...(frontierLabel ? [frontierLabel.box] : []),
    ...(ruleX === null || rule === null ? [] : [readoutBox(ruleReadout(points, rule), ruleX, plot)]),
  ];
  const candidates = labelCandidates(curves.filter((c) => loud.has(c.key)), frontier, scales, shown.length > CROWDED);
  const first = candidates.filter((c) => c.id === emphasised);
  const labels = placeLabels([...first, ...candidates.filter((c) => c.id !== emphasised)], { x: plot.x0, y: plot.y0, w: plot.x1 - plot.x0, h: plot.y1 - plot.y0 }, FONT.label, 7, obstacles, markerBoxes);
  const firstId = curves[0]?.points[0] ? pointId(curves[0].points[0]) : null;
  const rovingId = tabId && pointById.has(tabId) ? tabId : firstId;

  const focusPointEl = (from: SVGElement, id: string) => {
    for (const el of from.ownerSVGElement?.querySelectorAll<SVGElement>('[data-id]') ?? []) if (el.getAttribute('data-id') === id) el.focus();
  };
  const onKey = (e: KeyboardEvent<SVGElement>, p: SweepPoint) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onClickPoint?.(p);
      return;
    }
    const next = neighbourPoint(curves, p, e.key);
    if (!next) return;
    e.preventDefault();
    setTabId(pointId(next));
    focusPointEl(e.currentTarget, pointId(next));
  };
  const hoverPoint = (p: SweepPoint | null) => {
    setHover(p ? { kind: 'point', point: p } : null);
    props.onHoverPoint?.(p);
  };
  const tipAt = target ? target.kind === 'point'
    ? { x: x(target.point.flops), y: y(target.point.accuracy) }
    : { x: x(target.point.flops[target.dataset] ?? NaN), y: y(target.point.accuracy[target.dataset] ?? NaN) } : null;
  const summary = `Pareto chart: accuracy against FLOPs per question (log scale), ${curves.length} curves of ${shown.length} points${simulated ? ', simulated' : ''}; ${conventionLabel(convention)}`;

  return (
    <div ref={ref} className={`if-pc${reduced ? '' : ' if-pc-motion'}${props.fit === 'box' ? ' if-pc-box' : ''}`}>
      <svg ref={svgRef} xmlns="http://www.w3.org/2000/svg" width={W} height={svgH} viewBox={`0 0 ${W} ${svgH}`} role="group" aria-label={summary}
        className="if-pc-svg" fontFamily="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif">
        <title>{summary}</title>
        <rect width={W} height={svgH} fill="#ffffff" className="if-pc-bg" />
        <Axes plot={plot} x={x} y={y} xTicks={xTicks} yTicks={yTicks} xTitle={xTitle} yTitle={simulated && textWidth('Accuracy (simulated)', FONT.title) * BOLD < plot.y1 - plot.y0 ? 'Accuracy (simulated)' : 'Accuracy'} titleX={W / 2} />
        <g className="if-pc-plot" {...drag}>
          <RuleCapture plot={plot} onRule={onRule} />
          <CurveBands curves={curves} scales={scales} styles={styles} dimmed={dimmed} />
          {props.fits && props.fitKeys && <FitCurves fits={props.fits} keys={props.fitKeys} scales={scales} plot={plot} domain={xDom} />}
          <FrontierPath frontier={frontier} scales={scales} xMax={xDom[1]} label={frontierLabel} />
          <LimitLines labels={limitLabels} plot={plot} />
          {props.oracle && <OracleLines oracle={props.oracle} scales={scales} plot={plot} />}
          <CurveLines curves={curves} scales={scales} styles={styles} dimmed={dimmed} onCurveHover={(c) => {
            setHoverCurve(c);
            props.onHoverCurve?.(c ? { model: c.model, strategy: c.strategy } : null);
          }} />
          {overlayPts.length > 0 && <OverlayPoints points={overlayPts} dataset={dataset} scales={scales} onHover={(p) => setHover(p ? { kind: 'paper', point: p, dataset } : null)} />}
          <CurvePoints curves={curves} scales={scales} styles={styles} dimmed={dimmed} provisional={provisional} tabId={rovingId} focusId={focusId}
            onEnter={hoverPoint} onLeave={() => hoverPoint(null)} onClick={(p) => props.onClickPoint?.(p)} onKey={onKey}
            onFocus={(p) => { setFocusId(pointId(p)); setTabId(pointId(p)); props.onHoverPoint?.(p); }}
            onBlur={() => { setFocusId(null); props.onHoverPoint?.(null); }} />
          <g className="if-pc-nlabels" aria-hidden="true">
            {labels.map((l) => (
              <text key={l.id} x={l.x} y={l.y} fontSize={FONT.label} fill={INK} fontWeight={l.id === emphasised ? 700 : 400} {...HALO} className="if-pc-nlabel">{l.text}</text>
            ))}
          </g>
          <RunMarkers markers={markers} scales={scales} plot={plot} />
          {props.markerFeed && <LiveRunMarkers feed={props.markerFeed} scales={scales} plot={plot} />}
          <ComputeRule rule={rule} onRule={onRule} points={points} scales={scales} plot={plot} domain={xDom} />
          {props.fits && props.fitKeys && <FitKey fits={props.fits} keys={props.fitKeys} plot={plot} />}
        </g>
        {overlayNote && (
          <text x={plot.x1 - 6} y={plot.y0 + FONT.note + 4} textAnchor="end" fontSize={FONT.note} fill={MUTED} {...HALO} className="if-pc-overlay-note" data-testid="overlay-note">
            {overlayNote}
          </text>
        )}
        {curves.length === 0 && (
          <text x={(plot.x0 + plot.x1) / 2} y={(plot.y0 + plot.y1) / 2} textAnchor="middle" fontSize={FONT.title} fill={MUTED} className="if-pc-empty">
            {points.length > 0 ? waitingText(points, total) : props.emptyText ?? 'No points yet'}
          </text>
        )}
        <ChartLegend layout={legend} x={12} y={plot.y1 + bottom} isLoud={(s) => (curves.some((c) => c.strategy === s) ? strategyLoud(curves, loud, s) : null)} onToggle={toggle} />
      </svg>
      {target && tipAt && Number.isFinite(tipAt.x) && (
        <ChartTooltip target={target} x={tipAt.x} y={tipAt.y} width={W} height={svgH} conventionText={conventionLabel(convention)} simulated={simulated} />
      )}
      <p className="if-pc-sr" aria-live="polite">{rule !== null ? ruleReadout(points, rule).join(': ') : ''}</p>
    </div>
  );
}
