/**
 * Text on the tree canvas: answers and per-node numbers when zoomed in, the question at the root,
 * and the hover tooltip. Labels are world-sized (14–16 px on screen at zoom 1) with a halo so they
 * read over edges; truncated strings are cached per node, number strings come from tables, so a
 * frame of labels allocates next to nothing.
 */
import type { Playback, PlaybackNode } from '../search/playback';
import { badgeOffset, BADGE_R, FONT, FONT_FAMILY, inView, nodeRadius, type Frame, type Strategy } from './frame';
import type { DrawBuffers } from './tree-draw';

/** World size of FONT.answer. */
const ANSWER_SIZE = 15;
const SAMPLE = 'the quick brown fox jumps over 0123456789 =+';

/** "0.00" … "1.00": reward labels without a toFixed per node per frame. */
const REWARD_TEXT = Array.from({ length: 101 }, (_, i) => (i / 100).toFixed(2));
const visitText: string[] = [];
function visits(n: number): string {
  return (visitText[n] ??= `N ${n}`);
}
export function rewardText(r: number): string {
  return REWARD_TEXT[Math.max(0, Math.min(100, Math.round(r * 100)))];
}

/** Cut to `max` characters with an ellipsis; newlines become spaces. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return max <= 1 ? '…' : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The longest truncation of `text` no wider than `maxWidth` in the current font ('' if none). */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0, hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(truncate(text, mid)).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo >= 2 ? truncate(text, lo) : '';
}

/** Truncated label strings by node id, for a given character budget. */
export class LabelCache {
  private readonly widths = new Map<string, number>();
  private step: (string | undefined)[] = [];
  private stepMax = -1;
  private answer: (string | undefined)[] = [];
  private answerMax = -1;
  private owner: unknown = null;

  /** Forget everything (a different playback: ids mean other nodes). */
  reset(owner: unknown): void {
    if (owner === this.owner) return;
    this.owner = owner;
    this.step = [];
    this.answer = [];
  }

  /** Average character width of a font, measured once. */
  charWidth(ctx: CanvasRenderingContext2D, font: string): number {
    let w = this.widths.get(font);
    if (w === undefined) {
      ctx.font = font;
      w = ctx.measureText(SAMPLE).width / SAMPLE.length || 7;
      this.widths.set(font, w);
    }
    return w;
  }

  stepLabel(n: PlaybackNode, max: number): string {
    if (max !== this.stepMax) {
      this.step = [];
      this.stepMax = max;
    }
    return (this.step[n.id] ??= truncate(n.text, max));
  }

  answerLabel(n: PlaybackNode, max: number): string {
    if (max !== this.answerMax) {
      this.answer = [];
      this.answerMax = max;
    }
    return (this.answer[n.id] ??= truncate(n.answer ?? '', max));
  }
}

function halo(f: Frame, widthWorld: number): void {
  f.ctx.strokeStyle = f.pal.halo;
  f.ctx.lineWidth = widthWorld;
  f.ctx.lineJoin = 'round';
}

/** Answers (from zoom 0.45), then reward / visit numbers and, in 'lr', step text (from 0.9). */
export function drawNodeLabels(f: Frame, buf: DrawBuffers, cache: LabelCache): void {
  if (!f.lod.answers) return;
  const { ctx, pb } = f;
  const mcts = f.strategy === 'mcts';
  const tb = f.orientation === 'tb';
  // Answers stay at least 10 px on screen when zoomed out to where they first appear.
  const size = Math.max(ANSWER_SIZE, 10 / f.k);
  const answerChars = Math.max(2, Math.floor((tb ? f.spacing.sibling * 0.95 : f.spacing.level * 0.6) / (cache.charWidth(ctx, FONT.answer) * size / ANSWER_SIZE)));
  ctx.font = size === ANSWER_SIZE ? FONT.answer : `bold ${size.toFixed(1)}px ${FONT_FAMILY}`;
  ctx.textAlign = tb ? 'center' : 'left';
  ctx.textBaseline = tb ? 'top' : 'middle';
  halo(f, 3.5);
  ctx.fillStyle = f.pal.fg;
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    if (!n.terminal || n.answer === undefined) continue;
    const off = badgeOffset(nodeRadius(n, mcts)) + BADGE_R + 3;
    const x = tb ? f.px[i] : f.px[i] + off;
    const y = tb ? f.py[i] + off : f.py[i];
    const s = cache.answerLabel(n, answerChars);
    ctx.globalAlpha = n.pruned === null ? 1 : 0.5;
    ctx.strokeText(s, x, y);
    ctx.fillText(s, x, y);
  }
  ctx.globalAlpha = 1;
  if (!f.lod.detail) return;

  // Numbers: above the node ('tb') or in a column right of it ('lr', followed by the step text).
  const stepFontW = cache.charWidth(ctx, FONT.step);
  const column = 4.6 * cache.charWidth(ctx, FONT.detail);
  ctx.font = FONT.detail;
  ctx.textBaseline = tb ? 'bottom' : 'middle';
  ctx.textAlign = tb ? 'center' : 'left';
  halo(f, 3);
  ctx.fillStyle = f.pal.muted;
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    const text = mcts ? visits(n.N) : n.reward === null ? null : rewardText(n.reward);
    if (text === null || (!tb && n.terminal)) continue;
    const r = nodeRadius(n, mcts);
    const x = tb ? f.px[i] : f.px[i] + r + 6;
    const y = tb ? f.py[i] - r - 3 : f.py[i];
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  }
  if (tb) return;
  ctx.font = FONT.step;
  ctx.fillStyle = f.pal.fg;
  halo(f, 3.5);
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    if (n.terminal) continue;
    const r = nodeRadius(n, mcts);
    const avail = f.spacing.level - r - 6 - column - 2 * 8;
    const s = cache.stepLabel(n, Math.max(3, Math.floor(avail / stepFontW)));
    const x = f.px[i] + r + 6 + column;
    ctx.globalAlpha = n.pruned === null ? 1 : 0.5;
    ctx.strokeText(s, x, f.py[i]);
    ctx.fillText(s, x, f.py[i]);
  }
  ctx.globalAlpha = 1;
}

/** Screen size of the question label (CSS px), constant at every zoom. */
export const QUESTION_PX = 16;
export const QUESTION_FONT = `600 ${QUESTION_PX}px ${FONT_FAMILY}`;
const Q_HALF = 12;

/**
 * The question: a rounded square with "Q" at the origin (a shape no step has) and a short title
 * beside it ('lr': to its left; 'tb': above), drawn in screen space so it reads at any zoom.
 */
export function drawQuestion(f: Frame, title: string): void {
  const { ctx } = f;
  const s = Math.max(Q_HALF, 3 / f.k);
  ctx.beginPath();
  ctx.roundRect(-s, -s, 2 * s, 2 * s, s * 0.3);
  ctx.fillStyle = f.pal.fg;
  ctx.fill();
  if (f.hover === -1) {
    ctx.strokeStyle = f.pal.fg;
    ctx.lineWidth = 2 / f.k;
    ctx.strokeRect(-s - 4 / f.k, -s - 4 / f.k, 2 * s + 8 / f.k, 2 * s + 8 / f.k);
  }
  if (f.k * s >= 7) {
    ctx.font = `bold ${Math.round(s * 1.15)}px ${FONT_FAMILY}`;
    ctx.fillStyle = f.pal.bg;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('Q', 0, s * 0.06);
  }
  if (!title) return;
  // Screen space from here on.
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  const sx = f.tx, sy = f.ty, edge = s * f.k + 8;
  ctx.font = QUESTION_FONT;
  ctx.textAlign = f.orientation === 'tb' ? 'center' : 'right';
  ctx.textBaseline = f.orientation === 'tb' ? 'bottom' : 'middle';
  const x = f.orientation === 'tb' ? sx : sx - edge;
  const y = f.orientation === 'tb' ? sy - edge : sy;
  const room = f.orientation === 'tb' ? f.width - 16 : x - 8;
  const text = fitText(ctx, title, room);
  ctx.strokeStyle = f.pal.halo;
  ctx.lineWidth = 4;
  ctx.lineJoin = 'round';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = f.pal.fg;
  ctx.fillText(text, x, y);
  ctx.setTransform(f.dpr * f.k, 0, 0, f.dpr * f.k, f.dpr * f.tx, f.dpr * f.ty);
}

/** Lines of the hover tooltip of a node (or of the question, id -1). */
export function tooltipLines(pb: Playback, id: number, question: string): string[] {
  if (id === -1) return ['Question', truncate(question, 80)];
  const n = pb.nodes[id];
  if (!n) return [];
  const facts = [`#${n.id}`, `depth ${n.depth}`, n.reward === null ? 'not scored' : `reward ${rewardText(n.reward)}`];
  if (n.N > 0) facts.push(`N ${n.N}`, `Q ${n.Q.toFixed(2)}`);
  if (n.uct !== undefined && Number.isFinite(n.uct)) facts.push(`UCT ${n.uct.toFixed(2)} when last selected`);
  if (n.width !== undefined) facts.push(`width ${n.width}`);
  if (n.weight !== undefined) facts.push(`weight ${n.weight.toFixed(3)}`);
  if (n.kept !== undefined) facts.push(n.kept ? 'kept' : 'dropped');
  if (n.pruned) facts.push(`pruned (${n.pruned})`);
  const lines = [truncate(n.text, 80), facts.join(' · ')];
  if (n.terminal) lines.push(`answer ${truncate(n.answer ?? '—', 40)}${n.correct === true ? ' ✓ correct' : n.correct === false ? ' ✗ wrong' : ''}`);
  return lines;
}

/** The tooltip box near a screen point, kept inside the canvas (screen space). */
export function drawTooltip(f: Frame, lines: readonly string[], sx: number, sy: number): void {
  if (!lines.length) return;
  const { ctx } = f;
  ctx.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  ctx.font = FONT.tooltip;
  const lineH = 19, pad = 9;
  let w = 0;
  for (const l of lines) w = Math.max(w, ctx.measureText(l).width);
  w += 2 * pad;
  const h = lines.length * lineH + 2 * pad - 4;
  let x = sx + 16, y = sy + 16;
  if (x + w > f.width - 4) x = Math.max(4, sx - 16 - w);
  if (y + h > f.height - 4) y = Math.max(4, sy - 16 - h);
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fillStyle = f.pal.bg;
  ctx.globalAlpha = 0.96;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = f.pal.muted;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => {
    ctx.fillStyle = i === 0 ? f.pal.fg : f.pal.muted;
    ctx.fillText(l, x + pad, y + pad + i * lineH);
  });
  ctx.setTransform(f.dpr * f.k, 0, 0, f.dpr * f.k, f.dpr * f.tx, f.dpr * f.ty);
}

/** Whether a node's tooltip anchor is on screen (for hover from outside the canvas). */
export function anchorVisible(f: Frame, id: number): boolean {
  return id === -1 || (id >= 0 && id < f.count && inView(f, f.px[id], f.py[id], 0));
}

const STRATEGY_NAMES: Record<Strategy, string> = { greedy: 'Greedy', sample: 'Sampling', beam: 'Beam', mcts: 'MCTS', rebase: 'REBASE' };

/** The canvas's accessible name: what the tree shows, and how to move around it. */
export function treeAriaLabel(pb: Playback, strategy: Strategy): string {
  let done = 0, correct = 0, graded = false;
  for (const n of pb.nodes) {
    if (!n?.terminal) continue;
    done++;
    if (n.correct !== undefined) graded = true;
    if (n.correct) correct++;
  }
  return `${STRATEGY_NAMES[strategy]} search tree: ${pb.nodes.length} steps, ${done} finished solution${done === 1 ? '' : 's'}${graded ? `, ${correct} correct` : ''}. `
    + 'Arrow keys pan, plus and minus zoom, Escape clears the selection.';
}
