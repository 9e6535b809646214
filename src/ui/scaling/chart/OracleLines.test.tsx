// @vitest-environment happy-dom
/** The pass@n ceiling on the Pareto chart: one dotted line per model, labelled, inside the y axis. */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PAPER_CONVENTION } from '../../../search/compute';
import type { OraclePoint } from '../../../search/oracle';
import { mountRoot, unmountRoot } from '../../testing/dom-root';
import { ParetoChart } from './ParetoChart';
import { SAMPLE_LIMITS, sampleFrontier, samplePoints } from './testing/sample-points';

const points = samplePoints();
/** pass@n 25 points above each model's majority vote. */
const oracle: OraclePoint[] = points.filter((p) => p.strategy === 'majority').map((p) => ({
  model: p.model, budget: p.budget, passAtN: Math.min(1, p.accuracy + 0.25), lo: p.accuracy + 0.2, hi: p.accuracy + 0.3, flops: p.flops, cells: 200,
}));

let host: HTMLElement;
let root: Root;
beforeEach(() => { ({ host, root } = mountRoot()); });
afterEach(() => unmountRoot(host, root));

it('draws a dotted, labelled pass@n line per model, and the y axis reaches it', () => {
  const props = { points, frontier: sampleFrontier(points), limits: SAMPLE_LIMITS, overlay: null, convention: PAPER_CONVENTION, simulated: true, subsampled: true, width: 1200, height: 700 };
  act(() => root.render(<ParetoChart {...props} />));
  expect(host.querySelector('[data-testid="oracle-lines"]')).toBeNull();
  const ticksBefore = [...host.querySelectorAll('text')].map((t) => t.textContent).filter((t) => /^\d+%$/.test(t ?? ''));
  act(() => root.render(<ParetoChart {...props} oracle={oracle} />));
  const lines = [...host.querySelectorAll('.if-pc-oracle')];
  expect(lines.map((g) => g.getAttribute('data-oracle')).sort()).toEqual(['sim-1.4B', 'sim-7B']);
  expect(host.querySelector('.if-pc-oracle-line')?.getAttribute('stroke-dasharray')).toBe('0.5 5');
  expect([...host.querySelectorAll('.if-pc-oracle-label')].map((t) => t.textContent).sort()).toEqual(['pass@n 1.4B', 'pass@n 7B']);
  const top = Math.max(...oracle.map((o) => o.passAtN));
  const ticks = [...host.querySelectorAll('text')].map((t) => t.textContent ?? '').filter((t) => /^\d+%$/.test(t)).map((t) => Number(t.slice(0, -1)) / 100);
  const before = Math.max(...ticksBefore.map((t) => Number(t!.slice(0, -1)) / 100));
  // The axis grew to take the ceiling in: without it the top tick was below pass@n's top.
  expect(before).toBeLessThan(top);
  expect(Math.max(...ticks)).toBeGreaterThan(before);
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(top - 0.1);
});
