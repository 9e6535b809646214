/**
 * The oracle ceiling (issue 14; src/search/oracle.ts): pass@n of each model — any of the n
 * sampled solutions correct — as a dotted line above the voting curves, labelled at its last
 * point, with its numbers in a hover title. Clipped to the plot.
 */
import { line } from 'd3';
import { useId } from 'react';
import type { OraclePoint } from '../../../search/oracle';
import { formatFlops } from '../../../search/compute';
import { formatPercent } from '../../../viz/pareto-scales';
import { FONT } from './Axes';
import { textWidth } from './chart-labels';
import type { ChartScales, PlotRect } from './chart-model';
import { HALO } from './Frontier';
import { LIMIT_COLOR } from './chart-style';
import { modelLabel } from '../../../sim/index';

export interface OracleLinesProps {
  oracle: readonly OraclePoint[];
  scales: ChartScales;
  plot: PlotRect;
}

/** "pass@n 7B" */
export const oracleLabel = (model: string): string => `pass@n ${model.replace(/^sim-/, '')}`;

export function OracleLines({ oracle, scales: { x, y }, plot }: OracleLinesProps) {
  const clip = useId().replace(/:/g, '');
  const models = [...new Set(oracle.map((o) => o.model))];
  if (models.length === 0) return null;
  const path = line<OraclePoint>().x((o) => x(o.flops)).y((o) => y(o.passAtN));
  return (
    <g className="if-pc-oracle-g" data-testid="oracle-lines">
      <clipPath id={clip}><rect x={plot.x0} y={plot.y0} width={plot.x1 - plot.x0} height={plot.y1 - plot.y0} /></clipPath>
      {models.map((m) => {
        const pts = oracle.filter((o) => o.model === m).sort((a, b) => a.flops - b.flops);
        const last = pts[pts.length - 1];
        const text = oracleLabel(m);
        const lx = x(last.flops) + 8 + textWidth(text, FONT.label) <= plot.x1 ? x(last.flops) + 8 : x(last.flops) - 8 - textWidth(text, FONT.label);
        const title = `Oracle ceiling, ${modelLabel(m)}: pass@n, any of the n sampled solutions correct — `
          + pts.map((o) => `n = ${o.budget}: ${formatPercent(o.passAtN)} at ${formatFlops(o.flops)}`).join('; ');
        return (
          <g key={m} className="if-pc-oracle" data-oracle={m}>
            <title>{title}</title>
            <path d={path(pts) ?? ''} clipPath={`url(#${clip})`} fill="none" stroke={LIMIT_COLOR} strokeWidth={2.5} strokeDasharray="0.5 5" strokeLinecap="round" className="if-pc-oracle-line" />
            <text x={lx} y={Math.max(plot.y0 + FONT.label, y(last.passAtN) + 5)} fontSize={FONT.label} fill={LIMIT_COLOR} {...HALO} className="if-pc-oracle-label">{text}</text>
          </g>
        );
      })}
    </g>
  );
}
