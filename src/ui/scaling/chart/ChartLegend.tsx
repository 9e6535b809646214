/**
 * The legend, inside the SVG (so an exported file carries it): strategies (colour), models (dash
 * and marker), the frontier band, the MV limit, the 95 % interval, the paper overlay and live run
 * markers, flowed into rows under the plot; then notes that say what the numbers are.
 */
import { symbolSquare, symbolTriangle, type SymbolType } from 'd3';
import type { KeyboardEvent } from 'react';
import type { SweepStrategy } from '../../../search/strategies/index';
import { FONT } from './Axes';
import { flowLayout, textWidth, wrapText, type FlowItem } from './chart-labels';
import { FRONTIER_COLOR, FRONTIER_OPACITY, FRONTIER_WIDTH, INK, LIMIT_COLOR, MARKER_COLOR, MUTED, STRATEGY_STYLE, strategyLabel, symbolPath, type ModelStyle } from './chart-style';
import { hypotheticalNote, modelLabel } from '../../../sim/index';

type Swatch =
  | { kind: 'line'; color: string; dash?: string | null; shape?: SymbolType }
  | { kind: 'band' | 'frontier' | 'limit' | 'marker' }
  | { kind: 'hollow'; square: boolean };

interface Item {
  id: string;
  label: string;
  swatch: Swatch;
}

export interface LegendSpec {
  strategies: readonly SweepStrategy[];
  /** Models in size order with their styles. */
  models: readonly [string, ModelStyle][];
  frontier: boolean;
  limits: boolean;
  overlay: readonly ('Table 4' | 'Table 1')[];
  markers: boolean;
  simulated: boolean;
  subsampled: boolean;
  /** The rule for drawing early points (`provisionalNote`). */
  provisional?: string | null;
  /**
   * A short box (the Stage, a presenter scene): leave out the entries the chart labels itself or
   * that explain themselves (95 % interval, MV limit, live run) and shorten the notes.
   */
  compact?: boolean;
}

export interface LegendLayout {
  items: (Item & FlowItem)[];
  notes: string[];
  height: number;
}

const SWATCH = 28;
const ROW = 25;
const NOTE_ROW = FONT.note + 4;

/**
 * The notes under the legend, short enough for one line each at 640 px and joined on one line
 * when that fits.
 */
function legendNotes(spec: LegendSpec, avail: number): string[] {
  const text = spec.compact ? [
    [spec.simulated ? 'Simulated, not real LLMs.' : '', spec.subsampled ? 'Sampling: one pool per problem.' : ''].filter(Boolean).join(' '),
    hypotheticalNote(spec.models.map(([m]) => m), true),
    spec.provisional ? spec.provisional.replace('Points appear at', 'Shown at') : '',
  ].filter(Boolean) : [
    spec.simulated ? 'Simulated world, not real LLMs.' : '',
    spec.subsampled ? 'Sampling curves sub-sample one pool per problem.' : '',
    hypotheticalNote(spec.models.map(([m]) => m)),
    spec.provisional ?? '',
  ].filter(Boolean);
  const joined = text.join(' ');
  if (text.length > 1 && textWidth(joined, FONT.note) <= avail) return [joined];
  return text.flatMap((t) => wrapText(t, avail, FONT.note));
}

/** What the legend shows and where, for a chart `width` px wide (its height is reserved first). */
export function legendLayout(spec: LegendSpec, width: number): LegendLayout {
  const items: Item[] = [
    ...spec.strategies.map((s): Item => ({ id: `s:${s}`, label: strategyLabel(s), swatch: { kind: 'line', color: STRATEGY_STYLE[s]?.color ?? '#555' } })),
    ...spec.models.map(([m, st]): Item => ({ id: `m:${m}`, label: modelLabel(m), swatch: { kind: 'line', color: MUTED, dash: st.dash, shape: st.shape } })),
    ...(spec.frontier ? [{ id: 'frontier', label: 'Pareto frontier', swatch: { kind: 'frontier' } } as Item] : []),
    ...(spec.limits && !spec.compact ? [{ id: 'limit', label: 'majority-vote limit (Thm 1)', swatch: { kind: 'limit' } } as Item] : []),
    ...(spec.strategies.length && !spec.compact ? [{ id: 'band', label: '95% interval', swatch: { kind: 'band' } } as Item] : []),
    ...spec.overlay.map((src): Item => ({ id: `paper:${src}`, label: `paper, real models (${src})`, swatch: { kind: 'hollow', square: src === 'Table 1' } })),
    ...(spec.markers && !spec.compact ? [{ id: 'marker', label: 'live run', swatch: { kind: 'marker' } } as Item] : []),
  ];
  const avail = Math.max(200, width - 24);
  const flow = flowLayout(items.map((it) => SWATCH + 6 + textWidth(it.label, FONT.legend)), avail, 16);
  const notes = legendNotes(spec, avail);
  const height = flow.rows * ROW + notes.length * NOTE_ROW + (items.length || notes.length ? 8 : 0);
  return { items: items.map((it, i) => ({ ...it, ...flow.items[i] })), notes, height };
}

function SwatchGlyph({ swatch }: { swatch: Swatch }) {
  const mid = SWATCH / 2;
  switch (swatch.kind) {
    case 'line':
      return (
        <>
          <line x1={0} x2={SWATCH} stroke={swatch.color} strokeWidth={2.5} strokeDasharray={swatch.dash ?? undefined} />
          {swatch.shape && <path d={symbolPath(swatch.shape, 70)} transform={`translate(${mid} 0)`} fill={swatch.color} stroke="#ffffff" strokeWidth={1} />}
        </>
      );
    case 'band':
      return <rect x={0} y={-7} width={SWATCH} height={14} fill={MUTED} fillOpacity={0.22} />;
    case 'frontier':
      return (
        <>
          <line x1={0} x2={SWATCH} stroke={FRONTIER_COLOR} strokeWidth={FRONTIER_WIDTH} strokeOpacity={FRONTIER_OPACITY} />
        </>
      );
    case 'limit':
      return <line x1={0} x2={SWATCH} stroke={LIMIT_COLOR} strokeWidth={2} strokeDasharray="8 5" />;
    case 'marker':
      return <path d={symbolPath(symbolTriangle, 110)} transform={`translate(${mid} 0)`} fill={MARKER_COLOR} />;
    case 'hollow':
      return swatch.square
        ? <path d={symbolPath(symbolSquare, 100)} transform={`translate(${mid} 0)`} fill="#ffffff" stroke={MUTED} strokeWidth={2.5} />
        : <circle cx={mid} r={6} fill="#ffffff" stroke={MUTED} strokeWidth={2.5} />;
  }
}

export interface ChartLegendProps {
  layout: LegendLayout;
  x: number;
  y: number;
  /** Whether a strategy is drawn at full strength (its entry is a pressed toggle button). */
  isLoud?(s: SweepStrategy): boolean | null;
  onToggle?(s: SweepStrategy): void;
}

/**
 * The legend block, its top-left at (x, y). Strategy entries are toggle buttons (click, Enter or
 * Space): pressed = the strategy's curves at full strength; a faded entry = faded curves.
 */
export function ChartLegend({ layout, x, y, isLoud, onToggle }: ChartLegendProps) {
  const rows = layout.items.reduce((n, it) => Math.max(n, it.row + 1), 0);
  return (
    <g className="if-pc-legend" transform={`translate(${x} ${y})`} aria-label="Legend">
      {layout.items.map((it) => {
        const s = it.id.startsWith('s:') ? it.id.slice(2) as SweepStrategy : null;
        const on = s !== null && onToggle && isLoud ? isLoud(s) : null;
        const toggle = s !== null && on !== null ? { s, on } : null;
        const act = toggle ? {
          role: 'button', tabIndex: 0, 'aria-pressed': toggle.on, 'data-loud': toggle.on ? '1' : '0',
          'aria-label': `${it.label}: ${toggle.on ? 'shown at full strength' : 'faded'}; press to ${toggle.on ? 'fade' : 'show'}`,
          onClick: () => onToggle!(toggle.s),
          onKeyDown: (e: KeyboardEvent<SVGGElement>) => {
            if (e.key !== 'Enter' && e.key !== ' ') return;
            e.preventDefault();
            onToggle!(toggle.s);
          },
        } : {};
        return (
          <g key={it.id} transform={`translate(${it.x} ${it.row * ROW + ROW / 2})`} className={`if-pc-legend-item${toggle ? ' if-pc-legend-toggle' : ''}`}
            opacity={toggle && !toggle.on ? 0.45 : 1} {...act}>
            {toggle && <rect x={-4} y={-ROW / 2} width={SWATCH + 14 + textWidth(it.label, FONT.legend)} height={ROW} rx={4} fill="transparent" className="if-pc-legend-hit" />}
            <SwatchGlyph swatch={it.swatch} />
            <text x={SWATCH + 6} dy="0.35em" fontSize={FONT.legend} fill={INK} textDecoration={toggle && !toggle.on ? 'line-through' : undefined}>{it.label}</text>
          </g>
        );
      })}
      {layout.notes.map((n, i) => (
        <text key={i} x={0} y={rows * ROW + 4 + (i + 1) * NOTE_ROW - 4} fontSize={FONT.note} fill={MUTED} className="if-pc-note">{n}</text>
      ))}
    </g>
  );
}
