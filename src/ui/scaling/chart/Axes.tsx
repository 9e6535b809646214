/**
 * Grid, ticks and axis titles of the Pareto chart, rendered by React from d3 scales. Presentation
 * attributes are written on the elements (not only in CSS) so an exported SVG file looks the same.
 */
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import type { LinearTick, LogTick } from '../../../viz/pareto-scales';
import type { PlotRect } from './chart-model';
import { GRID, INK, MUTED } from './chart-style';

export type { PlotRect };

/** Font sizes in px: projector-readable, never under the team's 16 px minimum at 1280×720. */
export const FONT = { tick: 16, title: 17, label: 16, legend: 16, note: 16 } as const;

export interface AxesProps {
  plot: PlotRect;
  x: ScaleLogarithmic<number, number>;
  y: ScaleLinear<number, number>;
  xTicks: readonly LogTick[];
  yTicks: readonly LinearTick[];
  /** The x title, one or two lines (long convention labels wrap on narrow charts). */
  xTitle: readonly string[];
  yTitle: string;
  /** Centre of the x title (the SVG's middle, so a long title has the whole width). */
  titleX: number;
}

/** Grid lines under everything, tick labels, axis lines and titles. */
export function Axes({ plot, x, y, xTicks, yTicks, xTitle, yTitle, titleX }: AxesProps) {
  const { x0, x1, y0, y1 } = plot;
  return (
    <g className="if-pc-axes">
      {xTicks.map((t) => (
        <line key={`gx${t.value}`} x1={x(t.value)} x2={x(t.value)} y1={y0} y2={y1}
          stroke={GRID} strokeWidth={1} strokeOpacity={t.major ? 1 : 0.45} className={t.major ? 'if-pc-grid' : 'if-pc-grid if-pc-grid-minor'} />
      ))}
      {yTicks.map((t) => (
        <line key={`gy${t.value}`} x1={x0} x2={x1} y1={y(t.value)} y2={y(t.value)} stroke={GRID} strokeWidth={1} className="if-pc-grid" />
      ))}
      <line x1={x0} x2={x0} y1={y0} y2={y1} stroke={INK} strokeWidth={1.5} />
      <line x1={x0} x2={x1} y1={y1} y2={y1} stroke={INK} strokeWidth={1.5} />
      {xTicks.map((t) => (
        <line key={`tx${t.value}`} x1={x(t.value)} x2={x(t.value)} y1={y1} y2={y1 + (t.major ? 6 : 3)} stroke={INK} strokeWidth={1} />
      ))}
      {xTicks.filter((t) => t.label !== null).map((t) => (
        <text key={`lx${t.value}`} x={x(t.value)} y={y1 + 8 + FONT.tick} textAnchor="middle" fontSize={FONT.tick} fill={MUTED} className="if-pc-tick">
          {t.label}
        </text>
      ))}
      {yTicks.map((t) => (
        <text key={`ly${t.value}`} x={x0 - 8} y={y(t.value)} dy="0.35em" textAnchor="end" fontSize={FONT.tick} fill={MUTED} className="if-pc-tick">
          {t.label}
        </text>
      ))}
      <text x={titleX} y={y1 + 14 + FONT.tick + FONT.title} textAnchor="middle" fontSize={FONT.title} fontWeight={600} fill={INK} className="if-pc-title">
        {xTitle.map((line, i) => (
          <tspan key={i} x={titleX} dy={i === 0 ? 0 : FONT.title + 3}>{line}</tspan>
        ))}
      </text>
      <text transform={`translate(${FONT.title + 2} ${(y0 + y1) / 2}) rotate(-90)`} textAnchor="middle" fontSize={FONT.title} fontWeight={600} fill={INK} className="if-pc-title">
        {yTitle}
      </text>
    </g>
  );
}
