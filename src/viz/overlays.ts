/**
 * Strategy overlays on the tree canvas — what each search is doing right now:
 * - REBASE: for the latest `allocate`, a bar per candidate for the width it was given (with the
 *   number) over a thin bar for its softmax weight, on one shared scale, so the audience sees the
 *   budget flow to high-reward nodes; zero-width candidates are already faded (pruned).
 * - MCTS: the latest selection path as a thick polyline and the latest back-up pulsing along its
 *   path (a steady line under reduced motion); node radius ∝ √N is in frame.ts.
 * - Beam: kept beams are ringed, dropped ones faded (tree-draw.ts); sampling needs no overlay.
 */
import { countText, inView, LABEL_PX, radiusOf, worldFont, type Frame } from './frame';
import { chainPath, px } from './tree-draw';

/** How long the back-up pulse lasts. */
export const PULSE_MS = 700;

/** Under the nodes: MCTS selection path and back-up pulse. */
export function drawPathOverlays(f: Frame): void {
  const { ctx, pb } = f;
  if (f.strategy !== 'mcts') return;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const sel = pb.lastSelect;
  if (sel && sel.reason === 'mcts-path' && sel.ids.length) {
    ctx.strokeStyle = f.pal.selectPath;
    ctx.globalAlpha = 0.9;
    ctx.lineWidth = px(f, Math.min(7, Math.max(2.5, 5 * f.k)));
    ctx.stroke(chainPath(f, sel.ids));
  }
  const backup = pb.lastBackup;
  if (backup && f.pulse >= 0 && backup.path.length) {
    const t = f.pulse;
    // Steady (reduced motion) = t 1 drawn as a medium line; otherwise a widening, fading pulse.
    const steady = f.reducedMotion;
    ctx.strokeStyle = f.pal.backup;
    ctx.globalAlpha = steady ? 0.7 : 0.85 * (1 - t);
    ctx.lineWidth = px(f, steady ? 3 : 3 + 10 * t);
    if (steady) ctx.setLineDash([px(f, 8), px(f, 6)]);
    ctx.stroke(chainPath(f, backup.path));
    ctx.setLineDash([]);
  }
  ctx.globalAlpha = 1;
}

/** Over the nodes: REBASE width and weight bars of the latest allocation. */
export function drawRebaseBars(f: Frame): void {
  const { ctx, pb } = f;
  const alloc = pb.lastAllocate;
  if (!alloc || !alloc.items.length || f.lod.tiny) return;
  const budget = Math.max(1, alloc.budget);
  let scale = 0;
  for (const it of alloc.items) scale = Math.max(scale, it.weight, it.width / budget);
  if (!(scale > 0)) return;
  const tb = f.orientation === 'tb';
  const full = tb ? f.spacing.sibling * 0.9 : f.spacing.level * 0.45;
  const widthBars = new Path2D();
  const weightBars = new Path2D();
  // Bars keep a few px on screen far out, but stay within a fifth of the gap to the next row.
  const thick = Math.min(Math.max(6, 4 / f.k), f.spacing.sibling * 0.2), thin = thick * 0.42;
  let levelMin = Infinity, levelY = NaN, levelX = NaN;
  for (const it of alloc.items) {
    const n = pb.nodes[it.id];
    if (!n || it.id >= f.count) continue;
    const x = f.px[it.id], y = f.py[it.id];
    if (!inView(f, x, y, full + 40)) continue;
    const r = radiusOf(f, n);
    const left = tb ? x - full / 2 : x - r;
    const top = y + r + px(f, 3);
    const wl = (full * it.width) / budget / scale;
    if (wl > 0) widthBars.rect(left, top, wl, thick);
    weightBars.rect(left, top + thick + 2, Math.max(px(f, 1), (full * it.weight) / scale), thin);
    const across = tb ? x : y;
    if (across < levelMin) {
      levelMin = across;
      levelX = x;
      levelY = y;
    }
  }
  ctx.fillStyle = f.pal.widthBar;
  ctx.fill(widthBars);
  ctx.fillStyle = f.pal.weightBar;
  ctx.fill(weightBars);
  if (!f.lod.answers) return;

  ctx.strokeStyle = f.pal.halo;
  ctx.lineWidth = px(f, 3);
  ctx.lineJoin = 'round';
  // "budget B" at the start of the level.
  if (levelMin < Infinity) {
    const text = `budget ${alloc.budget}`;
    ctx.font = worldFont(f, LABEL_PX.budget);
    ctx.fillStyle = f.pal.muted;
    ctx.textBaseline = tb ? 'middle' : 'top';
    // 'tb': left of the level; 'lr': along the top of the pane (the fit keeps a margin for it), over the level.
    const bx = tb ? levelX - Math.max(f.spacing.sibling * 0.6, px(f, 14)) : levelX - px(f, 10);
    const by = tb ? levelY : Math.min(levelY - Math.max(f.spacing.sibling * 0.5, px(f, 12)) - px(f, 18), -f.ty / f.k + px(f, 4));
    ctx.textAlign = tb ? 'right' : 'left';
    ctx.strokeText(text, bx, by);
    ctx.fillText(text, bx, by);
    countText(f, LABEL_PX.budget, 1);
  }
  // The width each candidate got, under its bars ('tb') or after them ('lr'), where there is room.
  if (!f.lod.detail) return;
  ctx.font = worldFont(f, LABEL_PX.width, true);
  ctx.textAlign = tb ? 'center' : 'left';
  ctx.textBaseline = tb ? 'top' : 'middle';
  let drawn = 0;
  for (const it of alloc.items) {
    const n = pb.nodes[it.id];
    if (!n || it.id >= f.count) continue;
    const x = f.px[it.id], y = f.py[it.id];
    if (!inView(f, x, y, full + 40)) continue;
    const r = radiusOf(f, n);
    const top = y + r + px(f, 3);
    const label = WIDTH_TEXT[it.width] ?? String(it.width);
    const lx = tb ? x : x - r + (full * it.width) / budget / scale + px(f, 5);
    const ly = tb ? top + thick + thin + px(f, 4) : top + thick / 2;
    ctx.fillStyle = it.width > 0 ? f.pal.widthBar : f.pal.muted;
    ctx.strokeText(label, lx, ly);
    ctx.fillText(label, lx, ly);
    drawn++;
  }
  countText(f, LABEL_PX.width, drawn);
}

const WIDTH_TEXT = Array.from({ length: 129 }, (_, i) => String(i));
