/**
 * The Pareto frontier as a highlighter step line (thick, behind the curves and points) and the
 * majority-voting limit of each model as a dashed horizontal asymptote (the paper's Theorem 1).
 * Label positions come from `layoutFrontierLabel` / `layoutLimitLabels`, so the n labels can
 * keep clear of them.
 */
import { line } from 'd3';
import { stepLine, type ParetoPoint } from '../../../search/pareto';
import type { SweepPoint } from '../../../search/sweep-summary';
import { formatPercent } from '../../../viz/pareto-scales';
import { FONT } from './Axes';
import { limitMethodText, type LimitLabel } from './chart-labels';
import type { ChartScales, PlotRect } from './chart-model';
import { FRONTIER_COLOR, FRONTIER_OPACITY, FRONTIER_WIDTH, LIMIT_COLOR, MUTED } from './chart-style';
import { modelLabel } from '../../../sim/index';

/** The frontier's label text and size. */
export const FRONTIER_LABEL = { text: 'Pareto frontier', size: FONT.label } as const;

/** White halo behind labels drawn over lines (SVG paint-order: stroke under fill). */
export const HALO = { paintOrder: 'stroke', stroke: '#ffffff', strokeWidth: 4, strokeLinejoin: 'round' } as const;

export interface FrontierProps {
  frontier: readonly SweepPoint[];
  scales: ChartScales;
  /** The domain's right end: the last step runs flat to it. */
  xMax: number;
  label: { x: number; y: number } | null;
}

/**
 * The frontier step line: thin and muted (a 4 px pale olive line under the curves), so it is
 * visible but never louder than the curves it summarises; its label when there is room.
 */
export function FrontierPath({ frontier, scales: { x, y }, xMax, label }: FrontierProps) {
  const pts = frontier.filter((p) => Number.isFinite(p.flops) && p.flops > 0 && Number.isFinite(p.accuracy));
  if (pts.length === 0) return null;
  const steps = stepLine(pts.map((p) => ({ x: p.flops, y: p.accuracy })), xMax);
  const d = line<ParetoPoint>().x((p) => x(p.x)).y((p) => y(p.y))(steps) ?? '';
  return (
    <g className="if-pc-frontier-g">
      <path d={d} fill="none" stroke={FRONTIER_COLOR} strokeWidth={FRONTIER_WIDTH} strokeLinejoin="round" strokeOpacity={FRONTIER_OPACITY} className="if-pc-frontier" />
      {label && (
        <text x={label.x} y={label.y} textAnchor="end" fontSize={FRONTIER_LABEL.size} fill={MUTED} {...HALO} className="if-pc-frontier-label">
          {FRONTIER_LABEL.text}
        </text>
      )}
    </g>
  );
}

export interface LimitLinesProps {
  labels: readonly LimitLabel[];
  plot: PlotRect;
}

/** One dashed asymptote per model across the plot, with its label and a hover note. */
export function LimitLines({ labels, plot }: LimitLinesProps) {
  return (
    <g className="if-pc-limits">
      {labels.map(({ limit: l, ly, label }) => {
        const weighted = l.weighted === null ? '' : `; weighted (Thm 2): ${formatPercent(l.weighted)}, estimated from ${l.samples} samples`;
        const how = l.method === 'exact'
          ? `exact (sim): from each problem's answer distribution, ${l.problems} problems`
            + (l.uncertified ? `; on ${l.uncertified} the pruned paths (< 1e-4 each) could in principle reorder the leading answers` : '')
          : `${limitMethodText(l)} × ${l.problems} problems`;
        const full = `Majority-vote limit (Thm 1): majority voting converges to ${formatPercent(l.majority)} for ${modelLabel(l.model)} as n grows (${how})${weighted}`;
        return (
          <g key={l.model} className="if-pc-limit-g">
            <line x1={plot.x0} x2={plot.x1} y1={ly} y2={ly} stroke={LIMIT_COLOR} strokeWidth={2} strokeDasharray="8 5" className="if-pc-limit">
              <title>{full}</title>
            </line>
            {label && (
              <g className="if-pc-limit-label-g">
                <title>{full}</title>
                <text x={label.x} y={label.y} textAnchor={label.anchor} fontSize={FONT.label} fill={LIMIT_COLOR} {...HALO} className="if-pc-limit-label">{label.text}</text>
              </g>
            )}
          </g>
        );
      })}
    </g>
  );
}
