/**
 * Things drawn over the curves: the paper's reference points (hollow markers, "paper, real
 * models") and live run markers (the Stage's runs moving along the FLOPs axis as they spend).
 */
import { symbolSquare, symbolTriangle } from 'd3';
import { useSyncExternalStore } from 'react';
import type { PaperDataset, PaperPoint } from '../../../search/paper-data';
import type { PlotRect } from './Axes';
import { FONT } from './Axes';
import type { ChartScales } from './chart-model';
import { textWidth, type Box } from './chart-labels';
import { MARKER_COLOR, STRATEGY_STYLE, symbolPath } from './chart-style';
import { describePaperPoint } from './ChartTooltip';
import { HALO } from './Frontier';

export interface OverlayProps {
  points: readonly PaperPoint[];
  dataset: PaperDataset;
  scales: ChartScales;
  onHover(p: PaperPoint | null): void;
}

const SQUARE = symbolPath(symbolSquare, 110);

/** Hollow markers coloured like the app's strategy: circles for Table 4, squares for Table 1. */
export function OverlayPoints({ points, dataset, scales: { x, y }, onHover }: OverlayProps) {
  return (
    <g className="if-pc-overlay" role="list" aria-label="Paper reference points (real models)">
      {points.map((p, i) => {
        const f = p.flops[dataset], a = p.accuracy[dataset];
        if (f === null || a === null) return null;
        const stroke = STRATEGY_STYLE[p.kind]?.color ?? MARKER_COLOR;
        const common = {
          fill: '#ffffff', stroke, strokeWidth: 2.5, className: 'if-pc-paper', role: 'listitem',
          'aria-label': describePaperPoint(p, dataset), 'data-source': p.source,
          onPointerEnter: () => onHover(p), onPointerLeave: () => onHover(null),
        };
        return p.source === 'Table 1'
          ? <path key={i} d={SQUARE} transform={`translate(${x(f)} ${y(a)})`} {...common} />
          : <circle key={i} cx={x(f)} cy={y(a)} r={6.5} {...common} />;
      })}
    </g>
  );
}

/** A live run on the chart (the Stage): where its compute is now, and its accuracy when known. */
export interface RunMarker {
  flops: number;
  /** The accuracy of the run's own point (its model × strategy × budget), when the sweep has it. */
  accuracy: number | null;
  label: string;
  done: boolean;
  /** The run's answer, once done: right, wrong, or none (null). */
  correct?: boolean | null;
  /** Default: the chart's marker ink. */
  color?: string;
}

export interface RunMarkersProps {
  markers: readonly RunMarker[];
  scales: ChartScales;
  plot: PlotRect;
}

/**
 * Markers that change on their own clock (the Stage's running trees): the layer subscribes to the
 * feed and re-renders alone, so a moving marker never re-renders the whole chart. `get` must
 * return the same array until something changed (useSyncExternalStore).
 */
export interface MarkerFeed {
  get(): readonly RunMarker[];
  subscribe(onChange: () => void): () => void;
}

/** The markers of a feed, redrawn whenever the feed says they changed. */
export function LiveRunMarkers({ feed, scales, plot }: { feed: MarkerFeed; scales: ChartScales; plot: PlotRect }) {
  const markers = useSyncExternalStore(feed.subscribe, feed.get);
  return <RunMarkers markers={markers} scales={scales} plot={plot} />;
}

const TRIANGLE = symbolPath(symbolTriangle, 190);
/** Rows of the run markers' labels, stacked above the FLOPs axis. */
const MARKER_ROW = FONT.label + 8;

/**
 * The strip at the plot's bottom where `count` run markers put their labels (they move with
 * the runs, so other labels keep out of the whole strip); null with no markers.
 */
export function markerLabelStrip(plot: PlotRect, count: number): Box | null {
  if (count <= 0) return null;
  const top = plot.y1 - 9 - 16 - (count - 1) * MARKER_ROW - FONT.label - 4;
  return { x: plot.x0, y: top, w: plot.x1 - plot.x0, h: plot.y1 - top };
}
const OK = '#1a7f37';
const BAD = '#cf222e';

/**
 * Each marker: a triangle riding the x axis at the run's FLOPs (hollow while it runs, filled when
 * it is done) with its label above it in the strip of `markerLabelStrip`; once the run's own point is on the chart, a dashed guide up to
 * that point's accuracy with a ring there. A finished run's label says ✓ right or ✗ wrong.
 */
export function RunMarkers({ markers, scales: { x, y }, plot }: RunMarkersProps) {
  return (
    <g className="if-pc-markers">
      {markers.map((m, i) => {
        if (!Number.isFinite(m.flops) || m.flops <= 0) return null;
        const color = m.color ?? MARKER_COLOR;
        const px = Math.min(plot.x1, Math.max(plot.x0, x(m.flops)));
        const known = m.accuracy !== null && Number.isFinite(m.accuracy);
        const base = plot.y1 - 9;
        const py = known ? y(m.accuracy as number) : base;
        const verdict = m.done && m.correct != null ? (m.correct ? ' ✓' : ' ✗') : '';
        const labelY = base - 16 - i * MARKER_ROW;
        // Kept inside the plot, clear of the axis's tick labels.
        const half = textWidth(`${m.label}${verdict}`, FONT.label) * 0.55;
        const labelDx = Math.min(plot.x1 - half, Math.max(plot.x0 + half, px)) - px;
        const outcome = m.done ? (m.correct === true ? 'done, right answer' : m.correct === false ? 'done, wrong answer' : 'done, no answer') : 'running';
        return (
          <g key={`${i}:${m.label}`} className="if-pc-marker" style={{ transform: `translate(${px}px, 0)` }} data-done={m.done ? '1' : '0'}
            role="img" aria-label={`${m.label}: ${outcome}, ${m.flops.toExponential(2)} FLOPs${known ? `; its point's accuracy ${Math.round((m.accuracy as number) * 1000) / 10}%` : ''}`}>
            {known && <line x1={0} x2={0} y1={py} y2={base} stroke={color} strokeWidth={2} strokeDasharray="4 3" />}
            {known && <circle cx={0} cy={py} r={9} fill="none" stroke={color} strokeWidth={3} />}
            <path d={TRIANGLE} transform={`translate(0 ${base})`} fill={m.done ? color : '#ffffff'} stroke={color} strokeWidth={2.5} />
            <text x={labelDx} y={labelY} textAnchor="middle" fontSize={FONT.label} fontWeight={700} fill={color} {...HALO}>
              {m.label}
              {verdict && <tspan fill={m.correct ? OK : BAD}>{verdict}</tspan>}
            </text>
          </g>
        );
      })}
    </g>
  );
}
