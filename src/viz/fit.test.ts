import { describe, expect, it } from 'vitest';
import { cameraToTransform, FIT_MAX_K } from './camera';
import { ANSWER_ROOM_PX, fitBox, fitLevel, fitMargins, followCamera, MIN_LEVEL, relevel, settled, treeExtent } from './fit';
import { lodFor, LOD_ROOM, markScale, MIN_MARK_PX, NODE_R } from './frame';
import { layoutTree } from './layout';
import { syntheticPlayback } from './testing/synthetic';

/** Where the bounds land on screen under a camera. */
function onScreen(b: { minX: number; maxX: number; minY: number; maxY: number }, cam: { x: number; y: number; k: number }, w: number, h: number) {
  const t = cameraToTransform(cam, w, h);
  return { left: b.minX * t.k + t.x, right: b.maxX * t.k + t.x, top: b.minY * t.k + t.y, bottom: b.maxY * t.k + t.y };
}

describe('fitBox', () => {
  it('puts the bounds inside the pane minus its margins, touching the limiting pair of sides', () => {
    const m = { top: 10, right: 70, bottom: 10, left: 20 };
    const b = { minX: 0, maxX: 1000, minY: -300, maxY: 300 };
    const cam = fitBox(b, 330, 470, m);
    const s = onScreen(b, cam, 330, 470);
    expect(s.left).toBeCloseTo(20, 6);
    expect(s.right).toBeCloseTo(330 - 70, 6);
    // The other axis is centred in what the margins leave.
    expect((s.top + s.bottom) / 2).toBeCloseTo(10 + (470 - 20) / 2, 6);
    expect(s.top).toBeGreaterThanOrEqual(10);
  });

  it('zooms in no further than its limit on a tiny tree', () => {
    const cam = fitBox({ minX: 0, maxX: 10, minY: 0, maxY: 10 }, 800, 600, fitMargins(800, 600, 'tb'));
    expect(cam.k).toBe(FIT_MAX_K);
  });
});

describe('fitMargins', () => {
  it('keeps room for answers on the growth side only when asked, and scales with the pane', () => {
    const lr = fitMargins(330, 470, 'lr');
    expect(lr.right - lr.left).toBe(ANSWER_ROOM_PX.lr);
    const none = fitMargins(330, 470, 'lr', false);
    expect(none.right).toBe(none.left);
    const tb = fitMargins(1280, 400, 'tb');
    expect(tb.bottom - tb.top).toBe(ANSWER_ROOM_PX.tb);
    expect(fitMargins(1920, 1080, 'tb').left).toBeGreaterThan(fitMargins(330, 470, 'tb').left);
  });
});

describe('fitLevel', () => {
  const pb = syntheticPlayback({ nodes: 60, seed: 3, roots: 6, maxChildren: 3 });

  it('stretches or squeezes the levels so a tree fills a tall and a wide pane alike', () => {
    for (const [w, h] of [[333, 470], [700, 300]] as const) {
      const base = layoutTree(pb, 'lr');
      const m = fitMargins(w, h, 'lr');
      const level = fitLevel(treeExtent(base.bounds, 'lr', base.spacing.level), w, h, m, 'lr', 2 * base.spacing.level);
      expect(level).toBeGreaterThan(MIN_LEVEL);
      expect(level).toBeLessThan(2 * base.spacing.level);
      const fitted = layoutTree(pb, 'lr', { spacing: { level } });
      const s = onScreen(fitted.bounds, fitBox(fitted.bounds, w, h, m), w, h);
      // Both sides filled (up to the clamp), not just the one the default spacing happened to limit.
      const fillW = (s.right - s.left) / (w - m.left - m.right);
      const fillH = (s.bottom - s.top) / (h - m.top - m.bottom);
      expect(Math.min(fillW, fillH)).toBeGreaterThan(0.95);
      expect(Math.max(fillW, fillH)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('keeps levels apart and never stretches past its ceiling; a question alone keeps the ceiling', () => {
    const deep = { cross: 100, levels: 200 };
    expect(fitLevel(deep, 330, 470, fitMargins(330, 470, 'lr'), 'lr', 220)).toBe(MIN_LEVEL);
    const shallow = { cross: 2000, levels: 1 };
    expect(fitLevel(shallow, 1280, 300, fitMargins(1280, 300, 'tb'), 'tb', 220)).toBe(220);
    expect(fitLevel({ cross: 0, levels: 0 }, 330, 470, fitMargins(330, 470, 'lr'), 'lr', 220)).toBe(220);
  });

  it('reads the extent from a layout: the cross side does not depend on the level spacing', () => {
    const a = layoutTree(pb, 'lr');
    const b = layoutTree(pb, 'lr', { spacing: { level: 60 } });
    const ea = treeExtent(a.bounds, 'lr', a.spacing.level), eb = treeExtent(b.bounds, 'lr', 60);
    expect(eb).toEqual(ea);
    expect(ea.levels).toBe(Math.max(...pb.nodes.map((n) => n.depth)));
  });

  it('relayouts only for a change beyond its band', () => {
    expect(relevel(100, 95)).toBe(false);
    expect(relevel(100, 90)).toBe(true);
    expect(relevel(100, 110)).toBe(false);
    expect(relevel(100, 120)).toBe(true);
  });
});

describe('followCamera', () => {
  const from = { x: 0, y: 0, k: 1 }, to = { x: 300, y: -100, k: 0.25 };

  it('glides part of the way each frame, zoom geometrically, and arrives', () => {
    const one = followCamera(from, to, 16, false, 400, 400);
    expect(one.x).toBeGreaterThan(0);
    expect(one.x).toBeLessThan(300 * 0.2);
    expect(one.k).toBeLessThan(1);
    expect(one.k).toBeGreaterThan(0.25);
    let c = from, frames = 0;
    while (!settled(c, to, 400, 400) && frames < 200) {
      c = followCamera(c, to, 16, false, 400, 400);
      frames++;
    }
    // ~0.4–1 s at 60 frames a second: a glide, not a jump and not a crawl.
    expect(frames).toBeGreaterThan(15);
    expect(frames).toBeLessThan(70);
  });

  it('jumps under reduced motion', () => {
    expect(followCamera(from, to, 16, true, 400, 400)).toBe(to);
  });

  it('treats cameras half a pixel apart as settled', () => {
    expect(settled({ x: 0, y: 0, k: 1 }, { x: 0.3, y: 0.2, k: 1 }, 400, 400)).toBe(true);
    expect(settled({ x: 0, y: 0, k: 1 }, { x: 2, y: 0, k: 1 }, 400, 400)).toBe(false);
    expect(settled({ x: 0, y: 0, k: 1 }, { x: 0, y: 0, k: 1.01 }, 400, 400)).toBe(false);
  });
});

describe('sizes for the pane', () => {
  it('keeps node discs at least MIN_MARK_PX on screen far out, room allowing', () => {
    const spacing = { sibling: 36, level: 60 };
    const k = 0.5;
    expect(NODE_R * k * markScale(k, spacing, false)).toBeCloseTo(MIN_MARK_PX, 6);
    expect(markScale(1, spacing, false)).toBe(1);
    // Neighbours 5 px apart on screen: a disc takes a third of that, not 5 px.
    expect(NODE_R * 0.14 * markScale(0.14, spacing, false)).toBeCloseTo(36 * 0.14 / 3, 6);
  });

  it('draws answers only where their 16+ px text has room between rows', () => {
    const row = LOD_ROOM.answers.lr.row;
    expect(lodFor(row / 36 - 0.01, { sibling: 36, level: 60 }, 'lr').answers).toBe(false);
    expect(lodFor(row / 36 + 0.01, { sibling: 36, level: 60 }, 'lr').answers).toBe(true);
    expect(lodFor(1, { sibling: 36, level: 60 }, 'lr').steps).toBe(false);
    expect(lodFor(1, { sibling: 36, level: 220 }, 'lr').steps).toBe(true);
  });
});
