/**
 * "What compute buys": a vertical rule at a FLOPs budget with a readout of the best model ×
 * strategy within it (the frontier's value there). Drag anywhere on the plot but on a point, or
 * focus the handle and use the keys of a slider: ←/→ 0.1 decade, with
 * Shift 0.5, PageUp/PageDown a decade, Home/End the axis ends, Escape or Delete removes it.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent, type SVGProps } from 'react';
import { formatFlops } from '../../../search/compute';
import { bestWithin } from '../../../search/pareto-savings';
import type { SweepPoint } from '../../../search/sweep-summary';
import { formatPercent } from '../../../viz/pareto-scales';
import { FONT, type PlotRect } from './Axes';
import { textWidth, type Box } from './chart-labels';
import type { ChartScales } from './chart-model';
import { INK, MUTED, RULE_COLOR, strategyLabel } from './chart-style';
import { modelLabel } from '../../../sim/index';

/** The readout at a budget: two short lines, for the SVG box and the live region. */
export function ruleReadout(points: readonly SweepPoint[], flops: number): [string, string] {
  const best = bestWithin(points, flops);
  return [
    `≤ ${formatFlops(flops)} FLOPs per question`,
    best ? `best: ${strategyLabel(best.strategy)} · ${modelLabel(best.model)}, n = ${best.budget} → ${formatPercent(best.accuracy)}` : 'no point costs this little',
  ];
}

/**
 * Where the readout box of a rule at `px` goes: right of the rule, else left of it, else (a narrow
 * plot) as far left as the plot allows.
 */
export function readoutBox(lines: readonly string[], px: number, plot: PlotRect): Box {
  const w = Math.max(...lines.map((l) => textWidth(l, FONT.legend))) + 16;
  const x = px + 14 + w <= plot.x1 ? px + 14 : Math.max(plot.x0 + 2, px - 14 - w);
  return { x, y: plot.y0 + 4, w, h: 2 * FONT.legend + 16 };
}

/** Three significant digits: stable in a URL and in the readout. */
const round = (v: number): number => Number(v.toPrecision(3));

interface RuleGeometry {
  scales: ChartScales;
  plot: PlotRect;
  domain: readonly [number, number];
  onRule?(flops: number | null): void;
}

/** The transparent surface over the plot (behind the curves) where a drag can start on empty plot. */
export function RuleCapture({ plot, onRule }: Pick<RuleGeometry, 'plot' | 'onRule'>) {
  if (!onRule) return null;
  return <rect x={plot.x0} y={plot.y0} width={plot.x1 - plot.x0} height={plot.y1 - plot.y0} fill="transparent" className="if-pc-capture" data-export="skip" />;
}

/** Elements whose own click or focus a press keeps: points, paper markers, the rule's handle. */
const OWN_PRESS = '.if-pc-point, .if-pc-paper, .if-pc-rule-handle';

/**
 * Pointer handlers for the group holding the plot's layers: a drag that starts anywhere on the
 * plot (empty space, a band, a curve) moves the rule; one that starts on a point does not.
 */
export function useRuleDrag({ scales: { x }, plot, domain, onRule }: RuleGeometry): SVGProps<SVGGElement> {
  const dragging = useRef(false);
  if (!onRule) return {};
  const at = (e: PointerEvent<SVGGElement>) => {
    const svg = e.currentTarget.ownerSVGElement;
    if (!svg) return;
    const r = svg.getBoundingClientRect();
    const px = ((e.clientX - r.left) * (svg.viewBox?.baseVal?.width || r.width)) / (r.width || 1);
    onRule(round(Math.min(domain[1], Math.max(domain[0], x.invert(Math.min(plot.x1, Math.max(plot.x0, px)))))));
  };
  return {
    onPointerDown: (e) => {
      if (e.button !== 0 || (e.target as Element).closest?.(OWN_PRESS)) return;
      dragging.current = true;
      e.currentTarget.setPointerCapture?.(e.pointerId);
      at(e);
    },
    onPointerMove: (e) => { if (dragging.current) at(e); },
    onPointerUp: (e) => {
      dragging.current = false;
      e.currentTarget.releasePointerCapture?.(e.pointerId);
    },
    onPointerCancel: () => { dragging.current = false; },
  };
}

export interface ComputeRuleProps extends RuleGeometry {
  rule: number | null;
  points: readonly SweepPoint[];
}

const STEP: Record<string, number> = { ArrowRight: 0.1, ArrowUp: 0.1, ArrowLeft: -0.1, ArrowDown: -0.1, PageUp: 1, PageDown: -1 };

/** The rule, its focusable handle (role slider, value in log10 FLOPs) and the readout box. */
export function ComputeRule({ rule, onRule, points, scales: { x }, plot, domain }: ComputeRuleProps) {
  const [focused, setFocused] = useState(false);
  if (!onRule && rule === null) return null;
  const [lo, hi] = [Math.log10(domain[0]), Math.log10(domain[1])];
  const value = rule ?? null;
  const px = value === null ? plot.x0 : Math.min(plot.x1, Math.max(plot.x0, x(value)));
  const lines = value === null ? null : ruleReadout(points, value);
  const onKey = (e: KeyboardEvent<SVGGElement>) => {
    if (!onRule) return;
    const cur = value === null ? (lo + hi) / 2 : Math.log10(value);
    let next: number | null | undefined;
    if (e.key in STEP) next = value === null ? cur : cur + STEP[e.key] * (e.shiftKey && Math.abs(STEP[e.key]) < 1 ? 5 : 1);
    else if (e.key === 'Home') next = lo;
    else if (e.key === 'End') next = hi;
    else if (e.key === 'Escape' || e.key === 'Delete' || e.key === 'Backspace') next = null;
    if (next === undefined) return;
    e.preventDefault();
    onRule(next === null ? null : round(10 ** Math.min(hi, Math.max(lo, next))));
  };
  const box = lines ? readoutBox(lines, px, plot) : null;
  return (
    <g className="if-pc-rule">
      {value !== null && <line x1={px} x2={px} y1={plot.y0} y2={plot.y1} stroke={RULE_COLOR} strokeWidth={2.5} className="if-pc-rule-line" />}
      {lines && box && (
        <g className="if-pc-rule-readout">
          <rect x={box.x} y={box.y} width={box.w} height={box.h} rx={4} fill="#ffffff" fillOpacity={0.94} stroke={RULE_COLOR} strokeWidth={1.5} />
          <text x={box.x + 8} y={box.y + 4 + FONT.legend} fontSize={FONT.legend} fill={INK}>
            <tspan fontWeight={700}>{lines[0]}</tspan>
            <tspan x={box.x + 8} dy={FONT.legend + 4}>{lines[1]}</tspan>
          </text>
        </g>
      )}
      {onRule && (
        <g tabIndex={0} role="slider" aria-label="What compute buys: FLOPs per question (log10)" aria-orientation="horizontal"
          aria-valuemin={lo} aria-valuemax={hi} aria-valuenow={value === null ? undefined : Math.log10(value)}
          aria-valuetext={lines ? lines.join(': ') : 'no rule; press an arrow key to place it'}
          className="if-pc-rule-handle" data-export="skip" onKeyDown={onKey} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)}>
          <rect x={px - 9} y={plot.y1 - 30} width={18} height={26} rx={4} fill={value === null ? '#ffffff' : RULE_COLOR} stroke={RULE_COLOR} strokeWidth={2} />
          <path d={`M${px - 4},${plot.y1 - 17}h8M${px - 4},${plot.y1 - 21}h8M${px - 4},${plot.y1 - 13}h8`} stroke={value === null ? RULE_COLOR : '#ffffff'} strokeWidth={1.5} />
          {focused && <rect x={px - 13} y={plot.y1 - 34} width={26} height={34} rx={6} fill="none" stroke={RULE_COLOR} strokeWidth={3} />}
          {focused && value === null && (
            <text x={px + 16} y={plot.y1 - 12} fontSize={FONT.label} fill={MUTED}>←/→ moves the compute rule</text>
          )}
        </g>
      )}
    </g>
  );
}
