import { describe, expect, it } from 'vitest';
import type { Playback } from '../search/playback';
import { bucketColors, palette, REWARD_BUCKETS, rewardColor } from './colors';
import { lodFor, type Frame } from './frame';
import { layoutTree } from './layout';
import { syntheticPlayback } from './testing/synthetic';
import { cull, DrawBuffers, drawNodes, FADED } from './tree-draw';

/** A 2D context that records what is drawn: one entry per fill with its style and shapes. */
function recordingContext() {
  const fills: { style: string; alpha: number; arcs: number; rects: number }[] = [];
  let arcs = 0, rects = 0, strokes = 0;
  const ctx = {
    fillStyle: '', strokeStyle: '', globalAlpha: 1, lineWidth: 1,
    beginPath() { arcs = 0; rects = 0; },
    moveTo() {},
    arc() { arcs++; },
    rect() { rects++; },
    fill() { fills.push({ style: String(ctx.fillStyle), alpha: ctx.globalAlpha, arcs, rects }); },
    stroke() { strokes++; },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, fills, strokes: () => strokes };
}

function frameFor(pb: Playback, k: number, view: { x0: number; x1: number; y0: number; y1: number }, ctx: CanvasRenderingContext2D): Frame {
  const l = layoutTree(pb, 'tb');
  return {
    ctx, dpr: 1, width: 1000, height: 800, k, tx: 0, ty: 0, ...view, pb, px: l.x, py: l.y, count: l.count,
    orientation: 'tb', spacing: l.spacing, strategy: 'rebase', selection: null, hover: null, theme: 'light',
    pal: palette('light'), colors: bucketColors('light'), question: '', live: true, reducedMotion: false, pulse: -1, lod: lodFor(k), rs: 1, text: { count: 0, minPx: Infinity },
  };
}

describe('node drawing', () => {
  const pb = syntheticPlayback({ nodes: 2000, seed: 4 });
  const all = { x0: -1e9, x1: 1e9, y0: -1e9, y1: 1e9 };

  it('fills every node once, in one path per (reward colour × faded) style', () => {
    const rec = recordingContext();
    const f = frameFor(pb, 1, all, rec.ctx);
    const buf = new DrawBuffers();
    expect(cull(f, buf)).toBe(2000);
    drawNodes(f, buf);
    expect(rec.fills.reduce((s, x) => s + x.arcs, 0)).toBe(2000);
    // At most one fill per style, and styles really are the reward buckets.
    const styles = new Set(pb.nodes.map((n) => `${rewardColor(n.reward)}|${n.pruned === null ? 1 : FADED}`));
    expect(rec.fills).toHaveLength(styles.size);
    expect(rec.fills.length).toBeLessThanOrEqual(2 * (REWARD_BUCKETS + 1));
    for (const fill of rec.fills) expect(styles.has(`${fill.style}|${fill.alpha}`)).toBe(true);
    // Each node is in the path of its own colour.
    const byStyle = new Map<string, number>();
    for (const n of pb.nodes) {
      const key = `${rewardColor(n.reward)}|${n.pruned === null ? 1 : FADED}`;
      byStyle.set(key, (byStyle.get(key) ?? 0) + 1);
    }
    for (const fill of rec.fills) expect(fill.arcs).toBe(byStyle.get(`${fill.style}|${fill.alpha}`));
  });

  it('draws only the nodes in view', () => {
    const l = layoutTree(pb, 'tb');
    const view = { x0: 0, x1: 400, y0: 0, y1: 400 };
    const rec = recordingContext();
    const f = frameFor(pb, 1, view, rec.ctx);
    const buf = new DrawBuffers();
    const drawn = cull(f, buf);
    let expected = 0;
    for (let i = 0; i < l.count; i++) if (l.x[i] + 8 >= 0 && l.x[i] - 8 <= 400 && l.y[i] + 8 >= 0 && l.y[i] - 8 <= 400) expected++;
    expect(drawn).toBe(expected);
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(2000);
  });

  it('draws tiny squares without outlines when zoomed far out', () => {
    const rec = recordingContext();
    const f = frameFor(pb, 0.05, all, rec.ctx);
    const buf = new DrawBuffers();
    cull(f, buf);
    drawNodes(f, buf);
    expect(rec.fills.reduce((s, x) => s + x.rects, 0)).toBe(2000);
    expect(rec.fills.reduce((s, x) => s + x.arcs, 0)).toBe(0);
    expect(rec.strokes()).toBe(0);
  });
});
