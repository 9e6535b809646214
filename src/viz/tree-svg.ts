/**
 * The search tree at the playhead as a standalone SVG document, for slides. Pure (a string out of
 * a Playback): the same tidy layout as the canvas (`layoutTree`), nodes coloured by PRM reward
 * (colors.ts), terminal steps with a ✓ / ✗ / • badge, pruned branches faded, the question as a
 * title above (or left of) the root. Every piece of model text is escaped and goes into text
 * nodes or <title> elements only — never into attributes or markup.
 */
import type { Playback } from '../search/playback';
import { MARKS, palette, rewardColor, type Theme } from './colors';
import { BADGE_R, badgeOffset, FONT_FAMILY, mctsDistance, nodeRadius, spacingFor, type Strategy } from './frame';
import { layoutTree, type Orientation } from './layout';

export interface TreeSvgOptions {
  orientation: Orientation;
  strategy: Strategy;
  /** The problem's question, drawn as the tree's title. */
  question: string;
  theme?: Theme;
  /** Padding around the drawing, world units (= SVG px). */
  padding?: number;
}

/** Opacity of pruned nodes and their edges (as on the canvas). */
const PRUNED_OPACITY = 0.3;
/** Longest question title, in characters (the full text is in the document's <title>). */
const TITLE_MAX = 90;

/** Escape text for XML text nodes and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)
    // Characters XML 1.0 forbids outright (controls other than tab / newline / CR, lone surrogates).
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const num = (v: number): string => String(Math.round(v * 10) / 10);

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The tree at the playback's playhead as an SVG document (XML declaration included). */
export function treeSvg(pb: Playback, opts: TreeSvgOptions): string {
  const theme = opts.theme ?? 'light';
  const pal = palette(theme);
  const mcts = opts.strategy === 'mcts';
  const tb = opts.orientation === 'tb';
  const layout = layoutTree(pb, opts.orientation, {
    spacing: spacingFor(opts.strategy, opts.orientation),
    minDistance: mcts ? mctsDistance(pb.nodes) : undefined,
  });
  const nodes = pb.nodes.filter((n) => n && layout.x[n.id] === layout.x[n.id]);
  const pad = opts.padding ?? 40;
  const title = oneLine(opts.question, TITLE_MAX);
  const titleRoom = title ? 34 : 0;
  const b = layout.bounds;
  // Room for badges / answers beyond the last level, and for the question's title.
  const minX = b.minX - pad - (!tb && title ? Math.min(7.5 * title.length, 480) : 0);
  const minY = b.minY - pad - (tb ? titleRoom : 0);
  const maxX = b.maxX + pad + (tb ? 0 : 120);
  const maxY = b.maxY + pad + (tb ? 40 : 0);
  const w = Math.max(1, maxX - minX), h = Math.max(1, maxY - minY);

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" viewBox="${num(minX)} ${num(minY)} ${num(w)} ${num(h)}" font-family="${escapeXml(FONT_FAMILY)}">`);
  out.push(`<title>${escapeXml(opts.question ? `Search tree: ${oneLine(opts.question, 400)}` : 'Search tree')}</title>`);
  out.push(`<rect x="${num(minX)}" y="${num(minY)}" width="${num(w)}" height="${num(h)}" fill="${pal.bg}"/>`);

  // Edges: live ones, then pruned ones faded.
  const edge = (id: number): string => {
    const n = pb.nodes[id];
    const x = layout.x[id], y = layout.y[id];
    const ax = n.parent === null ? layout.rootX : layout.x[n.parent];
    const ay = n.parent === null ? layout.rootY : layout.y[n.parent];
    // A smooth curve along the growth direction, like the canvas at normal zoom.
    const c = tb ? `C${num(ax)},${num((ay + y) / 2)} ${num(x)},${num((ay + y) / 2)} ` : `C${num((ax + x) / 2)},${num(ay)} ${num((ax + x) / 2)},${num(y)} `;
    return `M${num(ax)},${num(ay)}${c}${num(x)},${num(y)}`;
  };
  const live = nodes.filter((n) => n.pruned === null).map((n) => edge(n.id));
  const faded = nodes.filter((n) => n.pruned !== null).map((n) => edge(n.id));
  if (live.length) out.push(`<path class="edges" d="${live.join('')}" fill="none" stroke="${pal.edge}" stroke-width="1.5"/>`);
  if (faded.length) out.push(`<path class="edges pruned" d="${faded.join('')}" fill="none" stroke="${pal.edge}" stroke-width="1.5" opacity="${PRUNED_OPACITY}" stroke-dasharray="4 3"/>`);

  // The question: a rounded square at the root with its text as a title.
  out.push(`<g class="question"><rect x="-9" y="-9" width="18" height="18" rx="3" fill="${pal.fg}"/>`
    + `<text x="0" y="0.5" fill="${pal.bg}" font-size="11" font-weight="bold" text-anchor="middle" dominant-baseline="middle">Q</text></g>`);
  if (title) {
    out.push(tb
      ? `<text class="question-label" x="0" y="-20" fill="${pal.fg}" font-size="16" text-anchor="middle">${escapeXml(title)}</text>`
      : `<text class="question-label" x="-20" y="0" fill="${pal.fg}" font-size="16" text-anchor="end" dominant-baseline="middle">${escapeXml(title)}</text>`);
  }

  // Nodes, each with its step text as a tooltip, and terminal badges.
  for (const n of nodes) {
    const x = layout.x[n.id], y = layout.y[n.id];
    const r = nodeRadius(n, mcts);
    const faded = n.pruned !== null ? ` opacity="${PRUNED_OPACITY}"` : '';
    const tip = `${oneLine(n.text, 300)}${n.reward !== null ? ` (reward ${n.reward.toFixed(2)})` : ''}${n.pruned !== null ? ` — pruned: ${n.pruned}` : ''}`;
    out.push(`<g class="node" data-id="${n.id}"${faded}><circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${rewardColor(n.reward, theme)}" stroke="${pal.nodeStroke}" stroke-width="1"><title>${escapeXml(tip)}</title></circle>`);
    if (n.terminal) {
      const mark = n.correct === true ? MARKS.correct : n.correct === false ? MARKS.wrong : MARKS.ungraded;
      const off = badgeOffset(r);
      const bx = tb ? x : x + off, by = tb ? y + off : y;
      out.push(`<g class="badge ${mark.shape}"><circle cx="${num(bx)}" cy="${num(by)}" r="${BADGE_R}" fill="${mark.color}"/>`
        + `<text x="${num(bx)}" y="${num(by + 0.5)}" fill="#ffffff" font-size="10" font-weight="bold" text-anchor="middle" dominant-baseline="middle">${mark.glyph}</text></g>`);
      if (n.answer !== undefined && n.answer !== '') {
        const ax = tb ? x : bx + BADGE_R + 4, ay = tb ? by + BADGE_R + 14 : y;
        out.push(`<text class="answer" x="${num(ax)}" y="${num(ay)}" fill="${pal.fg}" font-size="13" font-weight="bold" text-anchor="${tb ? 'middle' : 'start'}"${tb ? '' : ' dominant-baseline="middle"'}>${escapeXml(oneLine(n.answer, 16))}</text>`);
      }
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
