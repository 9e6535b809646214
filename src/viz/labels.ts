/**
 * Text on the tree canvas: answers and per-node numbers when there is room, the question mark at
 * the root, and the hover tooltip. Labels have a fixed screen size (LABEL_PX, ≥ 16 CSS px) at every
 * zoom, with a halo so they read over edges; truncated strings are cached per node, number strings come from tables, so a
 * frame of labels allocates next to nothing.
 */
import type { Playback, PlaybackNode } from '../search/playback';
import { badgeOffset, BADGE_R, countText, FONT_FAMILY, inView, LABEL_PX, radiusOf, worldFont, type Frame, type Strategy } from './frame';
import { ANSWER_ROOM_PX } from './fit';
import type { DrawBuffers } from './tree-draw';

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

function halo(f: Frame, widthPx: number): void {
  f.ctx.strokeStyle = f.pal.halo;
  f.ctx.lineWidth = widthPx / f.k;
  f.ctx.lineJoin = 'round';
}

/**
 * Answers, then reward / visit numbers and, in 'lr', step text — each at its fixed screen size
 * (LABEL_PX) and only when the level of detail says there is room for it on screen.
 */
export function drawNodeLabels(f: Frame, buf: DrawBuffers, cache: LabelCache): void {
  if (!f.lod.answers) return;
  const { ctx, pb, k } = f;
  const tb = f.orientation === 'tb';
  const ansPx = LABEL_PX.answer;
  // Characters that fit the answer's slot on screen: the sibling gap ('tb') or ANSWER_ROOM ('lr').
  const slotPx = tb ? f.spacing.sibling * k * 0.95 : Math.max(ANSWER_ROOM_PX.lr, f.spacing.level * k * 0.6) - 6;
  // At least four characters: most answers are short numbers, and "1…" tells the audience nothing.
  const answerChars = Math.max(4, Math.floor(slotPx / (cache.charWidth(ctx, `bold ${ansPx}px ${FONT_FAMILY}`))));
  ctx.font = worldFont(f, ansPx, true);
  ctx.textAlign = tb ? 'center' : 'left';
  ctx.textBaseline = tb ? 'top' : 'middle';
  halo(f, 3.5);
  ctx.fillStyle = f.pal.fg;
  let drawn = 0;
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    if (!n.terminal || n.answer === undefined) continue;
    const off = badgeOffset(radiusOf(f, n), f.rs) + BADGE_R * f.rs + 3 / k;
    const x = tb ? f.px[i] : f.px[i] + off;
    const y = tb ? f.py[i] + off : f.py[i];
    const s = cache.answerLabel(n, answerChars);
    ctx.globalAlpha = n.pruned === null ? 1 : 0.5;
    ctx.strokeText(s, x, y);
    ctx.fillText(s, x, y);
    drawn++;
  }
  countText(f, ansPx, drawn);
  ctx.globalAlpha = 1;
  if (!f.lod.detail) return;

  // Numbers: above the node ('tb') or in a column right of it ('lr', followed by the step text).
  const detailFont = `${LABEL_PX.detail}px ${FONT_FAMILY}`;
  const columnPx = 4.6 * cache.charWidth(ctx, detailFont);
  ctx.font = worldFont(f, LABEL_PX.detail);
  ctx.textBaseline = tb ? 'bottom' : 'middle';
  ctx.textAlign = tb ? 'center' : 'left';
  halo(f, 3);
  ctx.fillStyle = f.pal.muted;
  const mcts = f.strategy === 'mcts';
  drawn = 0;
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    const text = mcts ? visits(n.N) : n.reward === null ? null : rewardText(n.reward);
    if (text === null || (!tb && n.terminal)) continue;
    const r = radiusOf(f, n);
    const x = tb ? f.px[i] : f.px[i] + r + 6 / k;
    const y = tb ? f.py[i] - r - 3 / k : f.py[i];
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
    drawn++;
  }
  countText(f, LABEL_PX.detail, drawn);
  if (!f.lod.steps) return;
  const stepFont = `${LABEL_PX.step}px ${FONT_FAMILY}`;
  const stepFontW = cache.charWidth(ctx, stepFont);
  ctx.font = worldFont(f, LABEL_PX.step);
  ctx.fillStyle = f.pal.fg;
  halo(f, 3.5);
  drawn = 0;
  for (let j = 0; j < buf.n; j++) {
    const i = buf.ids[j];
    const n = pb.nodes[i];
    if (n.terminal) continue;
    const r = radiusOf(f, n);
    const availPx = (f.spacing.level - r) * k - 6 - columnPx - 16;
    const s = cache.stepLabel(n, Math.max(3, Math.floor(availPx / stepFontW)));
    const x = f.px[i] + r + (6 + columnPx) / k;
    ctx.globalAlpha = n.pruned === null ? 1 : 0.5;
    ctx.strokeText(s, x, f.py[i]);
    ctx.fillText(s, x, f.py[i]);
    drawn++;
  }
  countText(f, LABEL_PX.step, drawn);
  ctx.globalAlpha = 1;
}

/** Half-size of the question marker on screen (CSS px), at every zoom. */
export const QUESTION_MARK_PX = 9;

/**
 * The question: a rounded square with "Q" at the origin (a shape no step has), of a fixed screen
 * size. Its text is not drawn on the canvas — the view's header shows it, once — and the hover
 * tooltip repeats it.
 */
export function drawQuestion(f: Frame): void {
  const { ctx } = f;
  const s = QUESTION_MARK_PX / f.k;
  ctx.beginPath();
  ctx.roundRect(-s, -s, 2 * s, 2 * s, s * 0.3);
  ctx.fillStyle = f.pal.fg;
  ctx.fill();
  if (f.hover === -1) {
    ctx.strokeStyle = f.pal.fg;
    ctx.lineWidth = 2 / f.k;
    ctx.strokeRect(-s - 4 / f.k, -s - 4 / f.k, 2 * s + 8 / f.k, 2 * s + 8 / f.k);
  }
  // The glyph is a mark, not text for reading (it is 13 px): not counted as a label.
  ctx.font = worldFont(f, QUESTION_MARK_PX * 1.45, true);
  ctx.fillStyle = f.pal.bg;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('Q', 0, s * 0.06);
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
  ctx.font = `${LABEL_PX.tooltip}px ${FONT_FAMILY}`;
  const lineH = 21, pad = 9;
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
  countText(f, LABEL_PX.tooltip, lines.length);
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
    + 'Arrow keys pan, plus and minus zoom, 0 fits the whole tree and follows it, Escape clears the selection.';
}

/** The canvas's aria-label, rewritten only when the tree or its strategy changed. */
export class AriaLabel {
  private key = '';
  constructor(private readonly canvas: HTMLCanvasElement) {}

  update(pb: Playback, strategy: Strategy, sceneRevision: number): void {
    const key = `${strategy}|${pb.revision}|${sceneRevision}|${pb.nodes.length}`;
    if (key === this.key) return;
    this.key = key;
    this.canvas.setAttribute('aria-label', treeAriaLabel(pb, strategy));
  }
}
