/**
 * Fitted scaling laws on the Pareto chart (issue 14; src/search/scaling-law.ts): for each fitted
 * curve asked for, the law from half a decade below its measured budgets to a decade above — a thin line in the strategy's colour, solid over the
 * measured budgets and dashed beyond them (extrapolation) — with its 95 % bootstrap band, and for
 * majority voting the law whose asymptote is the Theorem-1 limit, dotted. `FitKey`, drawn above
 * every layer in the plot's lower right, names the form. Clipped to the plot.
 */
import { area, line } from 'd3';
import { useId } from 'react';
import { LAW_FORM } from '../../../search/scaling-law';
import { sampleFit, type FitSample, type LawCurveFit } from '../../../search/sweep-fits';
import { FONT } from './Axes';
import { textWidth, type Box } from './chart-labels';
import { curveKey, type ChartScales, type PlotRect } from './chart-model';
import { INK, STRATEGY_STYLE } from './chart-style';

export interface FitCurvesProps {
  fits: readonly LawCurveFit[];
  /** Curve keys (`curveKey`) whose laws are drawn. */
  keys: ReadonlySet<string>;
  scales: ChartScales;
  plot: PlotRect;
  domain: readonly [number, number];
}

const EXTRAPOLATED_DASH = '7 5';
const LIMIT_DASH = '2 4';
const REACH_BELOW = Math.sqrt(10);
const REACH_ABOVE = 10;

/** The key's lines, wrapped to the plot's width. */
export function fitKeyLines(width: number, withLimit: boolean): string[] {
  const parts = [`fitted law ${LAW_FORM}`, 'band: 95 % bootstrap over problems', 'dashed: beyond the measured budgets'];
  if (withLimit) parts.push('dotted: majority with a = Theorem-1 limit');
  const lines: string[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last}; ${p}`, FONT.legend) <= width) lines[lines.length - 1] = `${last}; ${p}`;
    else lines.push(p);
  }
  return lines;
}

/** One law: the band, the measured stretch (solid, or dotted for the Theorem-1 fit), the extrapolated ends dashed. */
function Law({ samples, color, dotted, band, scales: { x, y }, testId }: { samples: FitSample[]; color: string; dotted: boolean; band: boolean; scales: ChartScales; testId: string }) {
  const path = line<FitSample>().x((s) => x(s.cost)).y((s) => y(s.acc));
  const inside = samples.filter((s) => !s.extrapolated);
  // Each dashed end shares its end point with the measured stretch, so the line is continuous.
  const ends = inside.length === 0 ? [samples] : [
    [...samples.filter((s) => s.cost < inside[0].cost), inside[0]],
    [inside[inside.length - 1], ...samples.filter((s) => s.cost > inside[inside.length - 1].cost)],
  ];
  const hasBand = band && samples.every((s) => s.lo !== null && s.hi !== null);
  const bandPath = area<FitSample>().x((s) => x(s.cost)).y0((s) => y(s.lo!)).y1((s) => y(s.hi!));
  return (
    <g className="if-pc-fit" data-fit={testId}>
      {hasBand && <path d={bandPath(samples) ?? ''} fill={color} fillOpacity={0.08} stroke="none" className="if-pc-fit-band" />}
      {inside.length > 1 && <path d={path(inside) ?? ''} fill="none" stroke={color} strokeWidth={2} strokeDasharray={dotted ? LIMIT_DASH : undefined} className="if-pc-fit-line" />}
      {ends.map((piece, i) => piece.length > 1 && (
        <path key={i} d={path(piece) ?? ''} fill="none" stroke={color} strokeWidth={2} strokeDasharray={EXTRAPOLATED_DASH} className="if-pc-fit-extrapolated" />
      ))}
    </g>
  );
}

/** The key's lines and box (lower right of the plot, above the rule's handle); null when no law is drawn. */
function keyLayout(fits: readonly LawCurveFit[], keys: ReadonlySet<string>, plot: PlotRect): { lines: string[]; box: Box } | null {
  const shown = fits.filter((f) => keys.has(curveKey(f.model, f.strategy)));
  if (shown.length === 0) return null;
  const lines = fitKeyLines(Math.max(200, (plot.x1 - plot.x0) * 0.6), shown.some((f) => f.limit));
  const w = Math.max(...lines.map((l) => textWidth(l, FONT.legend))) + 16;
  const h = lines.length * (FONT.legend + 4) + 10;
  return { lines, box: { x: plot.x1 - w - 6, y: plot.y1 - h - 38, w, h } };
}

/** Where the key goes, for the chart's label placement to keep clear of; null when no law is drawn. */
export const fitKeyBox = (fits: readonly LawCurveFit[], keys: ReadonlySet<string>, plot: PlotRect): Box | null => keyLayout(fits, keys, plot)?.box ?? null;

export function FitCurves({ fits, keys, scales, plot, domain }: FitCurvesProps) {
  const clip = useId().replace(/:/g, '');
  const shown = fits.filter((f) => keys.has(curveKey(f.model, f.strategy)));
  if (shown.length === 0) return null;
  return (
    <g className="if-pc-fits" data-testid="fit-curves" data-fits={shown.length}>
      <clipPath id={clip}><rect x={plot.x0} y={plot.y0} width={plot.x1 - plot.x0} height={plot.y1 - plot.y0} /></clipPath>
      <g clipPath={`url(#${clip})`}>
        {shown.map((f) => {
          const color = STRATEGY_STYLE[f.strategy]?.color ?? '#555';
          const key = curveKey(f.model, f.strategy);
          // Drawn from half a decade below the measured budgets to a decade above: as far as the planner reads a law.
          const from = Math.max(domain[0], f.range[0] / REACH_BELOW), to = Math.min(domain[1], f.range[1] * REACH_ABOVE);
          return (
            <g key={key}>
              <Law samples={sampleFit(f.free, f.range, from, to)} color={color} dotted={false} band scales={scales} testId={key} />
              {f.limit && <Law samples={sampleFit(f.limit, f.range, from, to)} color={color} dotted band={false} scales={scales} testId={`${key}|limit`} />}
            </g>
          );
        })}
      </g>
    </g>
  );
}

/** The key naming the form, drawn above every layer (the labels keep clear of it: `fitKeyBox`). */
export function FitKey({ fits, keys, plot }: Pick<FitCurvesProps, 'fits' | 'keys' | 'plot'>) {
  const layout = keyLayout(fits, keys, plot);
  if (!layout) return null;
  const { lines, box: { x: bx, y: by, w, h } } = layout;
  return (
    <g className="if-pc-fit-key" data-testid="fit-key">
      <rect x={bx} y={by} width={w} height={h} rx={4} fill="#ffffff" fillOpacity={0.92} stroke="#d0d7de" />
      <text x={bx + 8} y={by + 4 + FONT.legend} fontSize={FONT.legend} fill={INK}>
        {lines.map((l, i) => <tspan key={i} x={bx + 8} dy={i === 0 ? 0 : FONT.legend + 4}>{l}</tspan>)}
      </text>
    </g>
  );
}
