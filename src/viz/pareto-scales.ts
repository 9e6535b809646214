/**
 * Scales of the Pareto chart (accuracy against FLOPs per question): a log x axis over whole
 * decades with power-of-ten ticks ("1e13" or "10¹³", as the paper's tables write them) and faint
 * 2…9 minor ticks, and a linear accuracy axis in per cent. Pure: React renders the SVG from these
 * numbers (visx style) and the tests check them without a DOM.
 */
import { format, precisionFixed, scaleLinear, scaleLog, tickStep, type ScaleLinear, type ScaleLogarithmic } from 'd3';

/** The x domain of an empty chart: greedy with a small model to wide search with a large one. */
export const DEFAULT_FLOPS_DOMAIN: readonly [number, number] = Object.freeze([1e11, 1e16]) as readonly [number, number];

/** How power-of-ten tick labels are written. */
export type PowerStyle = 'e' | 'sup';

/** Padding of the x domain around the data, in decades (~20 %: a point never sits on the edge). */
const X_PAD = 0.08;
/** Padding of the y domain around the data, as accuracy (3 points of per cent). */
const Y_PAD = 0.03;
/** Rounding slack when taking log10 of a power of ten. */
const EPS = 1e-9;

const finite = (values: Iterable<number>, positive: boolean): number[] => {
  const out: number[] = [];
  for (const v of values) if (Number.isFinite(v) && (!positive || v > 0)) out.push(v);
  return out;
};

/** The 1-2-5 steps a domain end snaps to within a decade. */
const STEPS = [1, 2, 5, 10];

/** The largest 1·2·5 × 10^k at or below x (`up`: the smallest at or above). */
function snap125(x: number, up: boolean): number {
  const e = Math.floor(Math.log10(x) + EPS);
  const m = x / 10 ** e;
  if (up) return STEPS.find((s) => s >= m - EPS)! * 10 ** e;
  return [...STEPS].reverse().find((s) => s <= m + EPS)! * 10 ** e;
}

/**
 * The x domain: the data padded by 0.08 decade on each side (no point lands on the edge), its
 * ends snapped outward to 1, 2 or 5 × a power of ten, so the plot is not a decade wider than its
 * data ([3.9e12, 9e14] → [2e12, 2e15], where whole decades would waste a quarter of the width on
 * 1e15…1e16). When that would leave fewer than two labelled powers of ten inside, whole decades
 * instead ([3e13] → [1e13, 1e14]). No values: 1e11…1e16.
 */
export function flopsDomain(values: Iterable<number>): [number, number] {
  const v = finite(values, true);
  if (v.length === 0) return [DEFAULT_FLOPS_DOMAIN[0], DEFAULT_FLOPS_DOMAIN[1]];
  let min = Infinity, max = -Infinity;
  for (const x of v) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const lo = snap125(min / 10 ** X_PAD, false), hi = snap125(max * 10 ** X_PAD, true);
  const decades = Math.floor(Math.log10(hi) + EPS) - Math.ceil(Math.log10(lo) - EPS) + 1;
  if (decades >= 2) return [lo, hi];
  return [10 ** Math.floor(Math.log10(min) - X_PAD), 10 ** Math.ceil(Math.log10(max) + X_PAD)];
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** 10^exp written "1e13" (`e`, like `formatFlops`) or "10¹³" (`sup`). */
export function formatPowerOfTen(exp: number, style: PowerStyle = 'e'): string {
  if (style === 'e') return `1e${exp}`;
  const digits = String(Math.abs(exp)).replace(/\d/g, (d) => SUPERSCRIPT[Number(d)]);
  return `10${exp < 0 ? '⁻' : ''}${digits}`;
}

export interface LogTick {
  value: number;
  /** Null for an unlabelled tick (minor, or a decade skipped for room). */
  label: string | null;
  /** A power of ten (drawn darker than the 2…9 minor ticks). */
  major: boolean;
}

export interface LogTickOptions {
  style?: PowerStyle;
  /** At most this many labels; with more decades every k-th power is labelled. */
  maxLabels?: number;
  /** Include the 2…9 × 10^k minor ticks. */
  minor?: boolean;
}

/**
 * Ticks of a log FLOPs axis: every power of ten in the domain (labelled, thinned to `maxLabels`
 * by labelling every k-th decade from the first), plus the 2…9 multiples as minor ticks.
 */
export function flopsTicks(domain: readonly [number, number], opts: LogTickOptions = {}): LogTick[] {
  const [lo, hi] = domain[0] <= domain[1] ? domain : [domain[1], domain[0]];
  if (!(lo > 0) || !Number.isFinite(hi)) return [];
  const first = Math.ceil(Math.log10(lo) - EPS);
  const last = Math.floor(Math.log10(hi) + EPS);
  const every = Math.max(1, Math.ceil((last - first + 1) / Math.max(1, opts.maxLabels ?? 12)));
  const ticks: LogTick[] = [];
  for (let e = first - 1; e <= last; e++) {
    const p = 10 ** e;
    if (e >= first) ticks.push({ value: p, label: (e - first) % every === 0 ? formatPowerOfTen(e, opts.style) : null, major: true });
    if (opts.minor === false) continue;
    for (let m = 2; m <= 9; m++) {
      const v = m * p;
      if (v > lo * (1 + EPS) && v < hi * (1 - EPS)) ticks.push({ value: v, label: null, major: false });
    }
  }
  return ticks.sort((a, b) => a.value - b.value);
}

/** Interpolate pixels to 0.1 px: shorter SVG (and exported files) with no visible difference. */
const tenth = (a: number, b: number) => (t: number) => Math.round((a + (b - a) * t) * 10) / 10;

/** The log x scale from a FLOPs domain to pixels (rounded to 0.1 px). */
export function flopsScale(domain: readonly [number, number], range: readonly [number, number]): ScaleLogarithmic<number, number> {
  return scaleLog().domain([domain[0], domain[1]]).range([range[0], range[1]]).interpolate(tenth);
}

/**
 * The y domain: the finite accuracies (points, interval ends, limits, overlay) padded by 3 points
 * and widened to whole tens of per cent inside [0, 1]; `full` (or no values) gives 0–100 %.
 */
export function accuracyDomain(values: Iterable<number>, opts: { full?: boolean } = {}): [number, number] {
  const v = finite(values, false);
  if (opts.full || v.length === 0) return [0, 1];
  let min = Infinity, max = -Infinity;
  for (const y of v) {
    if (y < min) min = y;
    if (y > max) max = y;
  }
  const lo = Math.max(0, Math.floor((min - Y_PAD) * 10 + EPS) / 10);
  const hi = Math.min(1, Math.ceil((max + Y_PAD) * 10 - EPS) / 10);
  return [lo, Math.max(hi, Math.min(1, lo + 0.1))];
}

export interface LinearTick {
  value: number;
  label: string;
}

/** About `count` round accuracy ticks labelled in per cent ("40%", "42.5%" only when needed). */
export function accuracyTicks(domain: readonly [number, number], count = 5): LinearTick[] {
  const step = tickStep(domain[0], domain[1], Math.max(1, count));
  const fmt = format(`.${Math.max(0, precisionFixed(step) - 2)}%`);
  return scaleLinear().domain([domain[0], domain[1]]).ticks(Math.max(1, count)).map((value) => ({ value, label: fmt(value) }));
}

/** The linear y scale from an accuracy domain to pixels (pass the range bottom-first; 0.1 px). */
export function accuracyScale(domain: readonly [number, number], range: readonly [number, number]): ScaleLinear<number, number> {
  return scaleLinear().domain([domain[0], domain[1]]).range([range[0], range[1]]).interpolate(tenth);
}

/** An accuracy fraction in per cent with `digits` decimals: 0.468 → "46.8%". */
export function formatPercent(accuracy: number, digits = 1): string {
  return Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(digits)}%` : '—';
}
