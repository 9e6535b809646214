/**
 * The model × strategy curves: 95 % bands (translucent, under everything), lines (colour =
 * strategy, dash = model), wide invisible hit lines for curve hover, and the points — markers
 * shaped by model, focusable with a roving tab stop (one Tab into the chart, arrows between
 * points, Enter or Space to open one).
 */
import { area, line, symbolCircle } from 'd3';
import type { KeyboardEvent } from 'react';
import type { SweepPoint } from '../../../search/sweep-summary';
import { pointId, type ChartScales, type Curve } from './chart-model';
import { STRATEGY_STYLE, symbolPath, type ModelStyle } from './chart-style';
import { describePoint } from './ChartTooltip';

export interface CurveLayerProps {
  curves: readonly Curve[];
  scales: ChartScales;
  styles: ReadonlyMap<string, ModelStyle>;
  /** Curves drawn faded (another curve is highlighted). */
  dimmed: ReadonlySet<string>;
}

const DIM = 0.16;

/** 95 % intervals: a band along a curve, an error bar for a single point. */
export function CurveBands({ curves, scales: { x, y }, dimmed }: CurveLayerProps) {
  const band = area<SweepPoint>().x((p) => x(p.flops)).y0((p) => y(p.lo)).y1((p) => y(p.hi));
  return (
    <g className="if-pc-bands">
      {curves.map((c) => {
        const color = STRATEGY_STYLE[c.strategy]?.color ?? '#555';
        const op = dimmed.has(c.key) ? 0.03 : 0.14;
        if (c.points.length > 1) return <path key={c.key} d={band(c.points) ?? ''} fill={color} fillOpacity={op} stroke="none" className="if-pc-band" />;
        const p = c.points[0];
        const px = x(p.flops);
        return (
          <path key={c.key} d={`M${px - 5},${y(p.lo)}H${px + 5}M${px},${y(p.lo)}V${y(p.hi)}M${px - 5},${y(p.hi)}H${px + 5}`}
            stroke={color} strokeWidth={2} strokeOpacity={dimmed.has(c.key) ? DIM : 0.6} fill="none" className="if-pc-band" />
        );
      })}
    </g>
  );
}

export interface CurveLinesProps extends CurveLayerProps {
  onCurveHover(c: Curve | null): void;
}

/** One line per curve (in budget order), plus a 16 px transparent hit line for hovering it. */
export function CurveLines({ curves, scales: { x, y }, styles, dimmed, onCurveHover }: CurveLinesProps) {
  const path = line<SweepPoint>().x((p) => x(p.flops)).y((p) => y(p.accuracy));
  return (
    <g className="if-pc-lines">
      {curves.map((c) => (
        <path key={c.key} d={path(c.points) ?? ''} fill="none" stroke={STRATEGY_STYLE[c.strategy]?.color ?? '#555'} strokeWidth={2.5}
          strokeDasharray={styles.get(c.model)?.dash ?? undefined} strokeLinejoin="round" strokeLinecap="round"
          strokeOpacity={dimmed.has(c.key) ? DIM : 1} className="if-pc-line" data-curve={c.key} />
      ))}
      {curves.map((c) => (
        <path key={`hit${c.key}`} d={path(c.points) ?? ''} fill="none" stroke="transparent" strokeWidth={16} className="if-pc-hit"
          data-export="skip" data-hit={c.key} onPointerEnter={() => onCurveHover(c)} onPointerLeave={() => onCurveHover(null)} />
      ))}
    </g>
  );
}

export interface CurvePointsProps extends CurveLayerProps {
  /** Ids of provisional points (too few problems behind them yet): drawn hollow. */
  provisional: ReadonlySet<string>;
  /** The point holding the roving tab stop. */
  tabId: string | null;
  /** The point with keyboard focus (drawn with a ring). */
  focusId: string | null;
  onEnter(p: SweepPoint): void;
  onLeave(): void;
  onFocus(p: SweepPoint): void;
  onBlur(): void;
  onClick(p: SweepPoint): void;
  onKey(e: KeyboardEvent<SVGElement>, p: SweepPoint): void;
}

/**
 * The budget points: model-shaped markers with a white edge (hollow, in the curve's colour, while
 * provisional), focusable, with accessible names.
 */
export function CurvePoints(props: CurvePointsProps) {
  const { curves, scales: { x, y }, styles, dimmed, tabId, focusId, provisional } = props;
  return (
    <g className="if-pc-points">
      {curves.map((c) => {
        const color = STRATEGY_STYLE[c.strategy]?.color ?? '#555';
        const d = symbolPath(styles.get(c.model)?.shape ?? symbolCircle, 90);
        return c.points.map((p) => {
          const id = pointId(p);
          const px = x(p.flops), py = y(p.accuracy);
          const hollow = provisional.has(id);
          const faded = dimmed.has(c.key);
          return (
            <g key={id} transform={`translate(${px} ${py})`} className="if-pc-point-g">
              {focusId === id && <circle r={13} fill="none" stroke="#0072B2" strokeWidth={3} className="if-pc-focus" data-export="skip" />}
              <path d={d} fill={hollow ? '#ffffff' : color} stroke={hollow ? color : '#ffffff'} strokeWidth={hollow ? 2.5 : 1.5}
                fillOpacity={faded && !hollow ? 0.2 : 1} strokeOpacity={faded ? 0.25 : 1}
                className="if-pc-point" data-id={id} data-provisional={hollow ? '1' : undefined} tabIndex={tabId === id ? 0 : -1} role="button" aria-label={describePoint(p)}
                onPointerEnter={() => props.onEnter(p)} onPointerLeave={props.onLeave} onFocus={() => props.onFocus(p)} onBlur={props.onBlur}
                onClick={() => props.onClick(p)} onKeyDown={(e) => props.onKey(e, p)} />
            </g>
          );
        });
      })}
    </g>
  );
}
