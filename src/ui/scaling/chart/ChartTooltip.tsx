/**
 * The hover / focus card of the Pareto chart: an HTML card (React, not d3) positioned next to the
 * point inside the chart's box, flipping to the left on the right half so it never leaves the
 * chart. It is not part of an exported SVG. Also the accessible names of points.
 */
import { format } from 'd3';
import { formatFlops } from '../../../search/compute';
import { paperPointLabel, type PaperDataset, type PaperPoint } from '../../../search/paper-data';
import { PARAMS_NOTE } from '../../../search/models';
import type { SweepPoint } from '../../../search/sweep-summary';
import { modelLabel } from '../../../sim/index';
import { formatPercent } from '../../../viz/pareto-scales';
import { strategyLabel } from './chart-style';

export type TooltipTarget =
  | { kind: 'point'; point: SweepPoint }
  | { kind: 'paper'; point: PaperPoint; dataset: PaperDataset };

const count = format(',.0f');
const DATASET: Record<PaperDataset, string> = { math500: 'MATH500', gsm8k: 'GSM8K' };

/** "46.8% (95% interval 42.1–51.3%)". */
export const accuracyText = (p: Pick<SweepPoint, 'accuracy' | 'lo' | 'hi'>): string =>
  `${formatPercent(p.accuracy)} (95% interval ${formatPercent(p.lo).replace('%', '')}–${formatPercent(p.hi)})`;

/** The accessible name of a point: strategy, model, n, accuracy with its interval, FLOPs. */
export function describePoint(p: SweepPoint): string {
  return `${strategyLabel(p.strategy)}, ${modelLabel(p.model)}, n = ${p.budget}: accuracy ${accuracyText(p)}, ${formatFlops(p.flops)} FLOPs per question`;
}

/** The accessible name of a paper point, citing its table. */
export function describePaperPoint(p: PaperPoint, dataset: PaperDataset): string {
  return `${paperPointLabel(p)}: ${formatPercent(p.accuracy[dataset] ?? NaN)} on ${DATASET[dataset]} at ${formatFlops(p.flops[dataset] ?? NaN)} FLOPs per question`;
}

export interface ChartTooltipProps {
  target: TooltipTarget;
  /** Anchor (the point) in px inside the chart box, and the box's size. */
  x: number;
  y: number;
  width: number;
  height: number;
  conventionText: string;
  simulated: boolean;
}

const Row = ({ k, v }: { k: string; v: string }) => (
  <div className="if-pc-tip-row"><dt>{k}</dt><dd>{v}</dd></div>
);

/** The card; `aria-hidden` because the focused point's name already carries the numbers. */
export function ChartTooltip({ target, x, y, width, height, conventionText, simulated }: ChartTooltipProps) {
  const right = x > width * 0.55;
  const style = {
    top: Math.max(4, Math.min(y - 16, height - 230)),
    ...(right ? { right: width - x + 16 } : { left: x + 16 }),
  };
  if (target.kind === 'paper') {
    const p = target.point;
    return (
      <div className="if-pc-tip" style={style} aria-hidden="true">
        <p className="if-pc-tip-head">{p.model} · {p.strategy}</p>
        <dl>
          <Row k="n" v={String(p.n)} />
          <Row k={`Accuracy (${DATASET[target.dataset]})`} v={formatPercent(p.accuracy[target.dataset] ?? NaN)} />
          <Row k="FLOPs / question" v={formatFlops(p.flops[target.dataset] ?? NaN)} />
          <Row k="Parameters" v={`${formatFlops(p.params)} (${PARAMS_NOTE})`} />
        </dl>
        <p className="if-pc-tip-note">Paper, real models: Wu et al. 2024, {p.source} (2·N·generated tokens)</p>
      </div>
    );
  }
  const p = target.point;
  return (
    <div className="if-pc-tip" style={style} aria-hidden="true">
      <p className="if-pc-tip-head">{strategyLabel(p.strategy)} · {modelLabel(p.model)}</p>
      <dl>
        <Row k="n" v={String(p.budget)} />
        <Row k="Accuracy" v={accuracyText(p)} />
        <Row k="FLOPs / question" v={formatFlops(p.flops)} />
        <Row k="Tokens / question" v={count(p.tokens)} />
        <Row k="Problems × seeds" v={`${count(p.problems)} × ${p.seeds}`} />
        <Row k="Incomplete runs" v={count(p.incomplete)} />
      </dl>
      <p className="if-pc-tip-note">{conventionText}{simulated ? ' · simulated' : ''}</p>
    </div>
  );
}
