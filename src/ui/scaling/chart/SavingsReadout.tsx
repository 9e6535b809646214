/**
 * "What compute buys", read at a target accuracy: how many times fewer FLOPs per question the
 * Pareto frontier needs than the best single-model sampling curve (majority, best-of-N or weighted
 * majority of one model) to reach it — the paper's headline comparison. A slider picks the target.
 */
import { useId, useMemo } from 'react';
import { formatFlops } from '../../../search/compute';
import { computeSavings, type Savings } from '../../../search/pareto-savings';
import type { SweepPoint } from '../../../search/sweep-summary';
import { formatPercent } from '../../../viz/pareto-scales';
import { strategyLabel } from './chart-style';
import './chart.css';
import { modelLabel } from '../../../sim/index';

export interface SavingsReadoutProps {
  points: SweepPoint[];
  frontier: SweepPoint[];
  /** Target accuracy, a fraction. */
  target: number;
  onTarget(target: number): void;
}

/** "3.2×", "12×": one decimal below 10. */
export const formatRatio = (r: number): string => `${r < 10 ? r.toFixed(1) : r.toFixed(0)}×`;

const who = (c: { strategy: SweepPoint['strategy']; model: string }) => `${strategyLabel(c.strategy)} · ${modelLabel(c.model)}`;

/** The sentence under the slider, as plain parts (the ratio is drawn large). */
export function savingsText(s: Savings | null, target: number): { ratio: string | null; text: string } {
  const t = formatPercent(target);
  if (!s) return { ratio: null, text: `No curve reaches ${t} yet.` };
  const front = `${who(s.frontier)} reaches ${t} at ${formatFlops(s.frontier.flops)} FLOPs per question`;
  if (!s.baseline || s.ratio === null) {
    return { ratio: null, text: `${front}; no single-model sampling curve (majority, best-of-N, weighted majority) reaches it.` };
  }
  if (s.ratio < 1.005) return { ratio: null, text: `The best sampling curve (${who(s.baseline)}) is the frontier at ${t}: no saving there.` };
  return {
    ratio: `${formatRatio(s.ratio)} fewer FLOPs`,
    text: `: the frontier (${front}); the best sampling curve (${who(s.baseline)}) needs ${formatFlops(s.baseline.flops)}.`,
  };
}

/** Slider range: the accuracies the points span, to the whole per cent; 0–100 % without points. */
function range(points: readonly SweepPoint[]): [number, number] {
  const acc = points.map((p) => p.accuracy).filter(Number.isFinite);
  if (acc.length === 0) return [0, 1];
  return [Math.floor(Math.min(...acc) * 100) / 100, Math.ceil(Math.max(...acc) * 100) / 100];
}

/** Target slider and the savings sentence (announced politely as it changes). */
export function SavingsReadout({ points, frontier, target, onTarget }: SavingsReadoutProps) {
  const id = useId();
  const savings = useMemo(() => computeSavings(points, frontier, target), [points, frontier, target]);
  const [lo, hi] = range(points);
  const { ratio, text } = savingsText(savings, target);
  return (
    <div className="if-pc-savings" role="group" aria-label="What compute buys at a target accuracy">
      <label htmlFor={id}>Target accuracy</label>
      <input id={id} type="range" min={lo} max={hi} step={0.005} value={Math.min(hi, Math.max(lo, target))}
        aria-valuetext={formatPercent(target)} onChange={(e) => onTarget(Number(e.currentTarget.value))} />
      <output htmlFor={id}>{formatPercent(target)}</output>
      <p aria-live="polite">
        {ratio && <strong className="if-pc-ratio">{ratio}</strong>}
        {text}
      </p>
    </div>
  );
}
