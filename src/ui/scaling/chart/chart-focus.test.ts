import { describe, expect, it } from 'vitest';
import { SWEEP_STRATEGIES } from '../../../search/strategies/index';
import { placeLabels, textBox, textWidth, type Box } from './chart-labels';
import { loudCurves, MAX_LOUD, MIN_SHOWN, pointState, provisionalNote, SOLID_AT, strategyLoud } from './chart-focus';
import { buildCurves } from './chart-model';
import { samplePoints } from './testing/sample-points';

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The Stage's sweep shape: 2 models × 7 strategies = 14 curves. */
const stageCurves = () => buildCurves(['sim-7B', 'sim-34B'].flatMap((model) => SWEEP_STRATEGIES.flatMap((strategy) =>
  [1, 4, 16].map((budget) => ({ ...samplePoints()[0], model, strategy, budget, flops: 1e12 * budget * (model === 'sim-34B' ? 5 : 1) })))));

describe('which curves are loud', () => {
  it('keeps at most four of the 14 Stage curves loud: the panes’ two, then the story’s, on the panes’ model', () => {
    const curves = stageCurves();
    expect(curves).toHaveLength(14);
    const emphasis = ['rebase', 'mcts', 'weighted-majority', 'majority', 'beam'].map((strategy) => ({ model: 'sim-7B', strategy }));
    const loud = loudCurves(curves, { emphasis });
    expect(loud.size).toBe(MAX_LOUD);
    expect([...loud].sort()).toEqual(['sim-7B|majority', 'sim-7B|mcts', 'sim-7B|rebase', 'sim-7B|weighted-majority']);
  });

  it('caps an emphasis that matches many curves, first come first', () => {
    const loud = loudCurves(stageCurves(), { emphasis: [{ strategy: 'rebase' }, { model: 'sim-34B' }] });
    expect(loud.size).toBe(4);
    expect(loud.has('sim-7B|rebase') && loud.has('sim-34B|rebase')).toBe(true);
  });

  it('leaves every curve loud with no emphasis (the Scaling view)', () => {
    const curves = stageCurves();
    expect(loudCurves(curves, { emphasis: [] }).size).toBe(14);
  });

  it('lets the legend fade a loud strategy and bring back a faded one on the emphasised model', () => {
    const curves = stageCurves();
    const emphasis = [{ model: 'sim-7B', strategy: 'rebase' }, { model: 'sim-7B', strategy: 'mcts' }];
    const toggles = new Map([['mcts', false], ['beam', true]] as const);
    const loud = loudCurves(curves, { emphasis, toggles });
    expect([...loud].sort()).toEqual(['sim-7B|beam', 'sim-7B|rebase']);
    expect(strategyLoud(curves, loud, 'mcts')).toBe(false);
    expect(strategyLoud(curves, loud, 'beam')).toBe(true);
  });

  it('makes a hovered curve loud while hovered', () => {
    const loud = loudCurves(stageCurves(), { emphasis: [{ model: 'sim-7B', strategy: 'rebase' }], hover: 'sim-34B|greedy' });
    expect(loud.has('sim-34B|greedy')).toBe(true);
  });
});

describe('the provisional-point rule', () => {
  it('hides points with too few problems, draws them hollow until SOLID_AT, then solid', () => {
    expect(pointState({ problems: 5 }, 200)).toBe('hidden');
    expect(pointState({ problems: MIN_SHOWN - 1 }, 200)).toBe('hidden');
    expect(pointState({ problems: MIN_SHOWN }, 200)).toBe('provisional');
    expect(pointState({ problems: SOLID_AT - 1 }, 200)).toBe('provisional');
    expect(pointState({ problems: SOLID_AT }, 200)).toBe('solid');
  });

  it('lowers the thresholds to a small sweep’s size, so a finished small sweep is solid', () => {
    expect(pointState({ problems: 12 }, 12)).toBe('solid');
    expect(pointState({ problems: 11 }, 12)).toBe('hidden');
    expect(pointState({ problems: 50 }, 50)).toBe('solid');
    expect(pointState({ problems: 30 }, 50)).toBe('provisional');
    expect(pointState({ problems: 150 })).toBe('solid');
    expect(provisionalNote(200)).toBe(`Points appear at ≥ ${MIN_SHOWN} problems; hollow = provisional (< ${SOLID_AT}).`);
  });
});

describe('label placement on a crowded chart', () => {
  it('never overlaps two labels, a marker or an obstacle, and drops what it cannot place', () => {
    // 14 curves × 6 budgets bunched into a 360 × 220 plot, as on a 1280×720 Stage.
    const pts = Array.from({ length: 84 }, (_, i) => ({ id: `p${i}`, x: 20 + (i % 6) * 50 + (i % 7) * 3, y: 20 + Math.floor(i / 6) * 14, text: `n=${2 ** (i % 6)}` }));
    const bounds = { x: 0, y: 0, w: 360, h: 220 };
    const obstacle = textBox(6, 40, 'MV limit 7B 44.5%', 16);
    const extraMarkers: Box[] = [{ x: 240, y: 100, w: 14, h: 14 }];
    const placed = placeLabels(pts, bounds, 16, 7, [obstacle], extraMarkers);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(pts.length);
    const boxes = placed.map((l) => ({ x: l.x, y: l.y - 15, w: textWidth(l.text, 16), h: 19 }));
    for (let i = 0; i < boxes.length; i++) {
      expect(overlaps(boxes[i], obstacle)).toBe(false);
      expect(overlaps(boxes[i], extraMarkers[0])).toBe(false);
      expect(boxes[i].x + boxes[i].w).toBeLessThanOrEqual(360);
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j])).toBe(false);
      for (const c of pts) expect(overlaps(boxes[i], { x: c.x - 6, y: c.y - 6, w: 12, h: 12 })).toBe(false);
    }
  });
});
