import { describe, expect, it } from 'vitest';
import { flowLayout, layoutLimitLabels, placeLabels, textWidth, wrapText, type Box } from './chart-labels';
import { buildCurves, neighbourPoint } from './chart-model';
import { modelSize, modelStyles, STRATEGY_STYLE } from './chart-style';
import { SAMPLE_LIMITS, samplePoints } from './testing/sample-points';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('curves and styles', () => {
  it('groups points into curves in legend order: strategy, then model size', () => {
    const curves = buildCurves(samplePoints().reverse());
    expect(curves.map((c) => `${c.strategy}/${c.model}`)).toEqual([
      'majority/sim-1.4B', 'majority/sim-7B', 'weighted-majority/sim-1.4B', 'weighted-majority/sim-7B', 'rebase/sim-1.4B', 'rebase/sim-7B',
    ]);
    expect(curves[0].points.map((p) => p.budget)).toEqual([4, 16, 64]);
  });

  it('orders models by size from the registry or the name, and styles them apart', () => {
    expect(modelSize('sim-410M')).toBe(4.1e8);
    expect(modelSize('llemma_7b')).toBe(6.74e9);
    expect(modelSize('qwen2.5:7b')).toBe(7e9);
    expect(modelSize('mystery')).toBe(Infinity);
    const styles = modelStyles(['sim-34B', 'sim-410M', 'sim-7B']);
    expect([...styles.keys()]).toEqual(['sim-410M', 'sim-7B', 'sim-34B']);
    expect(new Set([...styles.values()].map((s) => s.dash)).size).toBe(3);
    expect(new Set([...styles.values()].map((s) => s.shapeName)).size).toBe(3);
    expect(new Set(Object.values(STRATEGY_STYLE).map((s) => s.color)).size).toBe(7);
  });

  it('moves between points with the arrow keys', () => {
    const curves = buildCurves(samplePoints());
    const start = curves[0].points[0];
    expect(neighbourPoint(curves, start, 'ArrowRight')?.budget).toBe(16);
    expect(neighbourPoint(curves, start, 'ArrowLeft')).toBeNull();
    expect(neighbourPoint(curves, start, 'End')?.budget).toBe(64);
    expect(neighbourPoint(curves, start, 'ArrowUp')).toBeNull();
    // Down from n = 64 (4.69e13): the next curve (majority · sim-7B), its point nearest in log-FLOPs (n = 16, 5.61e13).
    expect(neighbourPoint(curves, curves[0].points[2], 'ArrowDown')).toMatchObject({ model: 'sim-7B', budget: 16 });
  });
});

describe('text layout', () => {
  it('places labels without overlapping each other, markers or obstacles, inside the bounds', () => {
    const candidates = Array.from({ length: 30 }, (_, i) => ({ id: String(i), x: 20 + (i % 6) * 30, y: 20 + Math.floor(i / 6) * 14, text: `n=${i}` }));
    const bounds = { x: 0, y: 0, w: 220, h: 110 };
    const obstacle = { x: 0, y: 0, w: 60, h: 20 };
    const placed = placeLabels(candidates, bounds, 13, 6, [obstacle]);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(30);
    const boxes = placed.map((l) => ({ x: l.x, y: l.y - 12, w: textWidth(l.text, 13), h: 13 }));
    for (let i = 0; i < boxes.length; i++) {
      expect(overlaps(boxes[i], obstacle)).toBe(false);
      expect(boxes[i].x).toBeGreaterThanOrEqual(0);
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
      for (const c of candidates) expect(overlaps(boxes[i], { x: c.x - 5, y: c.y - 5, w: 10, h: 10 })).toBe(false);
    }
  });

  it('labels every point when there is room', () => {
    const candidates = [{ id: 'a', x: 50, y: 50, text: 'n=4' }, { id: 'b', x: 150, y: 80, text: 'n=16' }];
    expect(placeLabels(candidates, { x: 0, y: 0, w: 300, h: 200 }).map((l) => l.id)).toEqual(['a', 'b']);
  });

  it('says a column\'s n once: points at the same FLOPs with the same n get one label', () => {
    const bounds = { x: 0, y: 0, w: 400, h: 300 };
    const candidates = [
      { id: 'wv', x: 100, y: 100, text: 'n=4' }, { id: 'mv', x: 101, y: 160, text: 'n=4' },
      { id: 'bon', x: 130, y: 220, text: 'n=4' }, { id: 'wv8', x: 100.5, y: 40, text: 'n=8' },
    ];
    expect(placeLabels(candidates, bounds).map((l) => l.id)).toEqual(['wv', 'bon', 'wv8']);
  });

  it('flows legend items into rows and wraps notes', () => {
    expect(flowLayout([100, 100, 100], 250, 10)).toEqual({ items: [{ x: 0, row: 0 }, { x: 110, row: 0 }, { x: 0, row: 1 }], rows: 2 });
    expect(flowLayout([], 250, 10).rows).toBe(0);
    const lines = wrapText('sampling strategies sub-sample n solutions from one pool per problem', 200, 13);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('sampling strategies sub-sample n solutions from one pool per problem');
    expect(lines.every((l) => textWidth(l, 13) <= 200)).toBe(true);
  });

  it('keeps MV-limit labels apart when limits are close, in short text', () => {
    const y = (v: number) => 400 - v * 400;
    const close = [{ ...SAMPLE_LIMITS[0], majority: 0.5 }, { ...SAMPLE_LIMITS[1], majority: 0.51 }];
    const [hi, lo] = layoutLimitLabels(close, y, { x0: 0, x1: 600, y0: 0, y1: 400 }, 16);
    expect(hi.limit.model).toBe('sim-7B');
    expect(hi.label!.text).toBe('MV limit 7B 51.0%');
    expect(hi.label!.y).toBeLessThan(hi.ly); // above its line
    expect(lo.label!.y).toBeGreaterThan(lo.ly); // pushed below its line
    expect(overlaps(hi.label!.box, lo.label!.box)).toBe(false);
  });

  it('moves an MV-limit label off the markers it would cover, and drops it when nothing is free', () => {
    const y = (v: number) => 400 - v * 400;
    const plot = { x0: 0, x1: 600, y0: 0, y1: 400 };
    const limit = [{ ...SAMPLE_LIMITS[0], majority: 0.5 }];
    const leftMarkers: Box[] = [{ x: 0, y: 170, w: 200, h: 60 }];
    const [moved] = layoutLimitLabels(limit, y, plot, 16, leftMarkers);
    expect(moved.label!.box.x).toBeGreaterThanOrEqual(200); // moved right along its line
    expect(overlaps(moved.label!.box, leftMarkers[0])).toBe(false);
    const [dropped] = layoutLimitLabels(limit, y, plot, 16, [{ x: 0, y: 170, w: 600, h: 60 }]);
    expect(dropped.label).toBeNull();
    expect(dropped.ly).toBe(200); // the line stays
  });
});
