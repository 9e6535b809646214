/**
 * Things drawn over the curves: the paper's reference points (hollow markers, "paper, real
 * models") and live run markers (the Stage's runs moving along the FLOPs axis as they spend).
 */
import { symbolSquare, symbolTriangle } from 'd3';
import type { PaperDataset, PaperPoint } from '../../../search/paper-data';
import type { PlotRect } from './Axes';
import { FONT } from './Axes';
import type { ChartScales } from './chart-model';
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
  accuracy: number | null;
  label: string;
  done: boolean;
}

export interface RunMarkersProps {
  markers: readonly RunMarker[];
  scales: ChartScales;
  plot: PlotRect;
}

const TRIANGLE = symbolPath(symbolTriangle, 150);

/**
 * Each marker: a triangle on the x axis at its FLOPs (hollow while running, filled when done)
 * with a guide up to its accuracy once known (a ring there), and its label above.
 */
export function RunMarkers({ markers, scales: { x, y }, plot }: RunMarkersProps) {
  return (
    <g className="if-pc-markers">
      {markers.map((m, i) => {
        if (!Number.isFinite(m.flops) || m.flops <= 0) return null;
        const px = Math.min(plot.x1, Math.max(plot.x0, x(m.flops)));
        const known = m.accuracy !== null && Number.isFinite(m.accuracy);
        const py = known ? y(m.accuracy as number) : plot.y1 - 10;
        return (
          <g key={`${i}:${m.label}`} className="if-pc-marker" style={{ transform: `translate(${px}px, 0)` }}
            role="img" aria-label={`${m.label}: ${m.done ? 'done' : 'running'}, ${m.flops.toExponential(2)} FLOPs${known ? `, accuracy ${Math.round((m.accuracy as number) * 1000) / 10}%` : ''}`}>
            <line x1={0} x2={0} y1={py} y2={plot.y1} stroke={MARKER_COLOR} strokeWidth={1.5} strokeDasharray="3 3" />
            {known && <circle cx={0} cy={py} r={8} fill={m.done ? MARKER_COLOR : '#ffffff'} stroke={MARKER_COLOR} strokeWidth={2.5} />}
            <path d={TRIANGLE} transform={`translate(0 ${plot.y1 - 8})`} fill={m.done ? MARKER_COLOR : '#ffffff'} stroke={MARKER_COLOR} strokeWidth={2} />
            <text x={0} y={py - 13} textAnchor="middle" fontSize={FONT.label + 1} fontWeight={700} fill={MARKER_COLOR} {...HALO}>{m.label}</text>
          </g>
        );
      })}
    </g>
  );
}
