/**
 * Text layout of the Pareto chart, pure: which n labels fit without overlapping markers or other
 * labels, where the frontier and MV-limit labels go, and the flow of the SVG legend into rows.
 * Text widths are estimated from the characters (the SVG is also rendered on the server for the
 * export tests, without a layout engine), generously, so a label that is drawn has room.
 */
import type { SweepPoint } from '../../../search/sweep-summary';
import type { MvLimit } from '../../../workers/sweep-protocol';
import { formatPercent } from '../../../viz/pareto-scales';
import { pointId, type ChartScales, type Curve, type PlotRect } from './chart-model';

/** Estimated rendered width of `text` at `fontSize` px in a sans-serif face. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ' ') em += 0.32;
    else if (/[=+<>≥×~]/.test(ch)) em += 0.84;
    else if (/[A-Z%@MW]/.test(ch)) em += 0.72;
    else if (/[0-9]/.test(ch)) em += 0.62;
    else if (/[.,:;'|ilj()·]/.test(ch)) em += 0.34;
    else em += 0.58;
  }
  // Linux's default sans (DejaVu) runs ~10 % wider than the per-character figures above.
  return em * fontSize * 1.1;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LabelCandidate {
  id: string;
  /** Anchor (the point) in px. */
  x: number;
  y: number;
  text: string;
}

export interface PlacedLabel {
  id: string;
  text: string;
  /** Text position (start anchor, alphabetic baseline). */
  x: number;
  y: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A marker's box: `radius` around a point. */
export const markerBox = (x: number, y: number, radius: number): Box => ({ x: x - radius, y: y - radius, w: 2 * radius, h: 2 * radius });

const inside = (s: Box, b: Box) => s.x >= b.x && s.y >= b.y && s.x + s.w <= b.x + b.w && s.y + s.h <= b.y + b.h;

/** The first spot inside `bounds` that overlaps none of `taken`, or undefined. */
export function freeSpot(spots: readonly Box[], bounds: Box, taken: readonly Box[]): Box | undefined {
  return spots.find((s) => inside(s, bounds) && !taken.some((t) => overlaps(s, t)));
}

/**
 * Greedy label placement: each candidate in the given order (most important first) tries
 * above-right, above-left, below-right, below-left of its point and keeps the first spot inside
 * `bounds` that overlaps no marker (`radius` around every candidate's point, and every box in
 * `markers` — the points that have no candidate), no obstacle (other labels of the chart) and no
 * label already placed; a candidate with no free spot gets no label (its tooltip still has the
 * number). So no two placed labels ever overlap. A column says its n once: a candidate whose text
 * a placed label already shows for a point within 2 × `radius` px horizontally (the sampling
 * strategies share one pool, so their points at one n stand at the same FLOPs) is left out.
 */
export function placeLabels(candidates: readonly LabelCandidate[], bounds: Box, fontSize = 16, radius = 6, obstacles: readonly Box[] = [], markers: readonly Box[] = []): PlacedLabel[] {
  const taken: Box[] = [...markers, ...candidates.map((c) => markerBox(c.x, c.y, radius)), ...obstacles];
  const placed: PlacedLabel[] = [];
  // The line box of a text is ~1.2 em tall: ascent ~0.95 em above the baseline, descent below.
  const h = Math.ceil(fontSize * 1.2);
  const said: { text: string; x: number }[] = [];
  for (const c of candidates) {
    if (said.some((d) => d.text === c.text && Math.abs(d.x - c.x) < 2 * radius)) continue;
    const w = textWidth(c.text, fontSize);
    const spot = freeSpot([
      { x: c.x + radius + 1, y: c.y - radius - h, w, h },
      { x: c.x - radius - 1 - w, y: c.y - radius - h, w, h },
      { x: c.x + radius + 1, y: c.y + radius, w, h },
      { x: c.x - radius - 1 - w, y: c.y + radius, w, h },
    ], bounds, taken);
    if (!spot) continue;
    taken.push(spot);
    said.push({ text: c.text, x: c.x });
    placed.push({ id: c.id, text: c.text, x: spot.x, y: spot.y + Math.round(fontSize * 0.95) });
  }
  return placed;
}

export interface FlowItem {
  x: number;
  row: number;
}

/** Lay items of the given widths left to right, wrapping into rows no wider than `maxWidth`. */
export function flowLayout(widths: readonly number[], maxWidth: number, gap: number): { items: FlowItem[]; rows: number } {
  const items: FlowItem[] = [];
  let x = 0, row = 0;
  for (const w of widths) {
    if (x > 0 && x + w > maxWidth) {
      row++;
      x = 0;
    }
    items.push({ x, row });
    x += w + gap;
  }
  return { items, rows: widths.length === 0 ? 0 : row + 1 };
}

/** Break `text` at spaces into lines no wider than `maxWidth` at `fontSize` (estimated). */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Label candidates ("n=16") in placement priority: frontier points, then each curve's last point
 * (the largest budget), then the rest from the largest budget down. `sparse` keeps only the first
 * two groups (a crowded chart: the others show their n on hover and focus).
 */
export function labelCandidates(curves: readonly Curve[], frontier: readonly SweepPoint[], scales: ChartScales, sparse = false): LabelCandidate[] {
  const onFrontier = new Set(frontier.map(pointId));
  const rank = (p: SweepPoint, last: boolean) => (onFrontier.has(pointId(p)) ? 0 : last ? 1 : 2);
  const all = curves.flatMap((c) => c.points.map((p, i) => ({ p, r: rank(p, i === c.points.length - 1) })));
  all.sort((a, b) => a.r - b.r || b.p.budget - a.p.budget);
  return all.filter((c) => !sparse || c.r < 2).map(({ p }) => ({ id: pointId(p), x: scales.x(p.flops), y: scales.y(p.accuracy), text: `n=${p.budget}` }));
}

/** The box of a text line at baseline `y`, anchored at its start or end. */
export const textBox = (x: number, y: number, text: string, fontSize: number, anchor: 'start' | 'end' = 'start'): Box => {
  const w = textWidth(text, fontSize);
  return { x: anchor === 'end' ? x - w : x, y: y - fontSize, w, h: Math.ceil(fontSize * 1.25) };
};

/** How a limit was found, as its label and tooltip say it: "exact (sim)" or "estimated from N samples". */
export function limitMethodText(limit: MvLimit): string {
  return limit.method === 'exact' ? 'exact (sim)' : `estimated from ${limit.samples} samples`;
}

export interface LimitLabel {
  limit: MvLimit;
  /** The asymptote's y. */
  ly: number;
  /** The short label and where it went; null = no free spot (the line's tooltip has it all). */
  label: { x: number; y: number; anchor: 'start' | 'end'; text: string; box: Box } | null;
}

/** A limit's short label: "MV limit 7B 44.5%" (the full text is the line's tooltip). */
export const limitShortText = (l: MvLimit): string => `MV limit ${l.model.replace(/^sim-/, '')} ${formatPercent(l.majority)}`;

/**
 * MV limit labels, the `first` models' (the emphasised ones) first, then highest limit first: the
 * short text above its line at the plot's left, else below it, else above / below further right
 * in steps of a fifth of the plot, ending flush right; the first spot inside the plot that
 * overlaps no box in `taken` (markers, other labels) and no earlier limit label. A limit whose
 * label fits nowhere keeps its line, unlabelled. Limits outside the y domain are left out.
 */
export function layoutLimitLabels(limits: readonly MvLimit[], y: (v: number) => number, plot: PlotRect, fontSize: number, taken: readonly Box[] = [], first: ReadonlySet<string> = new Set()): LimitLabel[] {
  const rank = (l: MvLimit) => (first.has(l.model) ? 0 : 1);
  const shown = limits.filter((l) => Number.isFinite(l.majority) && y(l.majority) >= plot.y0 && y(l.majority) <= plot.y1)
    .sort((a, b) => rank(a) - rank(b) || b.majority - a.majority);
  const bounds: Box = { x: plot.x0, y: plot.y0, w: plot.x1 - plot.x0, h: plot.y1 - plot.y0 };
  const busy = [...taken];
  return shown.map((limit): LimitLabel => {
    const ly = y(limit.majority);
    const text = limitShortText(limit);
    const above = ly - 5, below = ly + fontSize + 3;
    const step = (plot.x1 - plot.x0) / 5;
    const options = [
      ...[0, 1, 2, 3].flatMap((k) => [[plot.x0 + 6 + k * step, above, 'start'], [plot.x0 + 6 + k * step, below, 'start']] as const),
      [plot.x1 - 6, above, 'end'], [plot.x1 - 6, below, 'end'],
    ] as const;
    for (const [x, ty, anchor] of options) {
      const box = textBox(x, ty, text, fontSize, anchor);
      if (!freeSpot([box], bounds, busy)) continue;
      busy.push(box);
      return { limit, ly, label: { x, y: ty, anchor, text, box } };
    }
    return { limit, ly, label: null };
  });
}

/**
 * Where "Pareto frontier" goes: right of the last frontier point on its flat run when there is
 * room, else above-left of it — a region no point can occupy (it would dominate that point).
 * Left out (null) when that spot overlaps a box in `taken` or leaves the plot: the legend names it.
 */
export function layoutFrontierLabel(frontier: readonly SweepPoint[], { x, y }: ChartScales, plot: PlotRect, text: string, fontSize: number, taken: readonly Box[] = []): { x: number; y: number; box: Box } | null {
  const last = frontier.filter((p) => Number.isFinite(p.flops) && p.flops > 0 && Number.isFinite(p.accuracy)).at(-1);
  if (!last) return null;
  const lx = x(last.flops);
  const ty = Math.max(plot.y0 + fontSize + 2, y(last.accuracy) - 10);
  const tx = plot.x1 - lx - 10 > textWidth(text, fontSize) ? plot.x1 - 4 : lx - 10;
  const box = textBox(tx, ty, text, fontSize, 'end');
  const bounds: Box = { x: plot.x0, y: plot.y0, w: plot.x1 - plot.x0, h: plot.y1 - plot.y0 };
  return freeSpot([box], bounds, taken) ? { x: tx, y: ty, box } : null;
}
