// @vitest-environment happy-dom
/**
 * The Pareto chart as a viewer meets it: one curve per model × strategy with bands, the frontier,
 * an MV limit per model, n labels, the paper overlay only when asked, a tooltip with the numbers,
 * keyboard access to every point, and the "what compute buys" rule.
 */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conventionFromId, PAPER_CONVENTION } from '../../../search/compute';
import { PAPER_POINTS } from '../../../search/paper-data';
import { ParetoChart, type ParetoChartProps } from './ParetoChart';
import { SAMPLE_LIMITS, sampleFrontier, samplePoints } from './testing/sample-points';
import { mountRoot, unmountRoot } from '../../testing/dom-root';


const points = samplePoints();
const frontier = sampleFrontier(points);
const base: ParetoChartProps = {
  points, frontier, limits: SAMPLE_LIMITS, overlay: null, convention: PAPER_CONVENTION,
  simulated: true, subsampled: true, width: 1200, height: 700,
};

let host: HTMLElement;
let root: Root;
beforeEach(() => {
  ({ host, root } = mountRoot());
});
afterEach(() => {
  unmountRoot(host, root);
});

const render = (props: Partial<ParetoChartProps> = {}) => act(() => root.render(<ParetoChart {...base} {...props} />));
const all = (sel: string) => [...host.querySelectorAll(sel)];
const texts = (sel: string) => all(sel).map((el) => el.textContent ?? '');
const press = (el: Element, key: string) => act(() => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
});

describe('ParetoChart', () => {
  it('draws one curve and band per model × strategy, the frontier, and a limit per model', () => {
    render();
    const curves = all('path.if-pc-line').map((p) => p.getAttribute('data-curve'));
    expect(curves).toHaveLength(6);
    expect(new Set(curves).size).toBe(6);
    expect(all('path.if-pc-band')).toHaveLength(6);
    const dashes = all('path.if-pc-line').map((p) => p.getAttribute('stroke-dasharray'));
    expect(new Set(dashes).size).toBe(2); // one pattern per model size
    const front = host.querySelector('path.if-pc-frontier')!;
    expect(front.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(Number(front.getAttribute('stroke-width'))).toBeGreaterThanOrEqual(4);
    expect(texts('.if-pc-frontier-label')).toEqual(['Pareto frontier']);
    expect(all('line.if-pc-limit')).toHaveLength(2);
    expect(texts('.if-pc-limit-label')).toEqual(['MV limit 7B 47.0%', 'MV limit 1.4B 36.0%']);
    // The hover note says how each limit was found.
    const notes = all('line.if-pc-limit').map((l) => l.textContent ?? '');
    expect(notes[0]).toContain('converges to 47.0% for sim-7B as n grows (estimated from 256 samples × 200 problems)');
    expect(notes[1]).toContain("converges to 36.0% for sim-1.4B (hypothetical) as n grows (exact (sim): from each problem's answer distribution, 200 problems)");
  });

  it('labels points with n where there is room, and names the axes and convention', () => {
    render();
    const labels = texts('.if-pc-nlabel');
    expect(labels.length).toBeGreaterThanOrEqual(9);
    expect(labels.every((t) => /^n=(4|16|64)$/.test(t))).toBe(true);
    const titles = texts('.if-pc-title');
    expect(titles).toContain('FLOPs per question (log scale) — FLOPs = 2·N·generated tokens (paper)');
    expect(titles).toContain('Accuracy (simulated)');
    expect(texts('.if-pc-tick')).toEqual(expect.arrayContaining(['1e13', '1e14', '20%', '50%']));
    // The axis ends near the data (1-2-5 steps), not a whole empty decade beyond it.
    expect(texts('.if-pc-tick')).not.toContain('1e15');
    const legend = host.querySelector('.if-pc-legend')!.textContent!;
    for (const words of ['Majority vote', 'Weighted majority', 'REBASE', 'sim-1.4B', 'sim-7B', 'Pareto frontier', 'majority-vote limit (Thm 1)', '95% interval', 'Simulated world', 'sub-sample one pool per problem', 'hollow = provisional']) {
      expect(legend).toContain(words);
    }
    expect(legend).not.toContain('paper, real models');
    // The hypothetical model is tagged, and a note says what that means; the measured one is not.
    expect(legend).toContain('sim-1.4B (hypothetical)');
    expect(legend).not.toContain('sim-7B (hypothetical)');
    expect(legend).toContain('sim-1.4B: hypothetical: extrapolated');
  });

  it('shows the paper overlay only when given, hollow and cited', () => {
    render();
    expect(all('.if-pc-paper')).toHaveLength(0);
    render({ overlay: [...PAPER_POINTS] });
    const paper = all('.if-pc-paper');
    expect(paper).toHaveLength(34);
    expect(paper.every((el) => el.getAttribute('fill') === '#ffffff')).toBe(true);
    expect(paper.map((el) => el.getAttribute('aria-label'))).toContain('Llemma-7B · Greedy · n = 1 (paper, Table 4): 30.0% on MATH500 at 3.92e12 FLOPs per question');
    expect(host.querySelector('.if-pc-legend')!.textContent).toContain('paper, real models (Table 1)');
  });

  it('hides the paper overlay under + prefill / + PRM with a visible reason (the paper\'s points are policy-only FLOPs)', () => {
    render({ overlay: [...PAPER_POINTS] });
    expect(host.querySelector('[data-testid="overlay-note"]')).toBeNull();
    for (const [id, under] of [['prm', '+ PRM'], ['prefill', '+ prefill'], ['prefill+prm', '+ prefill + PRM']] as const) {
      render({ overlay: [...PAPER_POINTS], convention: conventionFromId(id) });
      expect(all('.if-pc-paper')).toHaveLength(0);
      expect(host.querySelector('.if-pc-legend')!.textContent).not.toContain('paper, real models');
      expect(host.querySelector('[data-testid="overlay-note"]')?.textContent).toBe(`Paper points hidden under ${under}: they are policy-only FLOPs`);
    }
    // Not asked for: no note either.
    render({ convention: conventionFromId('prm') });
    expect(host.querySelector('[data-testid="overlay-note"]')).toBeNull();
  });

  it('gives every point a name with its numbers and one tab stop; arrows move, Enter opens', () => {
    const onClickPoint = vi.fn();
    render({ onClickPoint });
    const pts = all('.if-pc-point');
    expect(pts).toHaveLength(18);
    expect(pts.filter((p) => p.getAttribute('tabindex') === '0')).toHaveLength(1);
    expect(pts.map((p) => p.getAttribute('aria-label'))).toContain('REBASE, sim-7B, n = 16: accuracy 45.0% (95% interval 41.0–49.0%), 7.12e13 FLOPs per question');
    const first = pts.find((p) => p.getAttribute('tabindex') === '0') as SVGElement;
    act(() => first.focus());
    expect(host.querySelector('.if-pc-tip')?.textContent).toContain('Majority vote · sim-1.4B');
    press(first, 'ArrowRight');
    expect(document.activeElement?.getAttribute('data-id')).toBe('sim-1.4B|majority|16');
    press(document.activeElement!, 'Enter');
    expect(onClickPoint).toHaveBeenCalledWith(expect.objectContaining({ model: 'sim-1.4B', strategy: 'majority', budget: 16 }));
    press(document.activeElement!, 'ArrowDown');
    expect(document.activeElement?.getAttribute('data-id')).toBe('sim-7B|majority|4');
  });

  it('shows a tooltip card with every figure on hover and reports the hover', () => {
    const onHoverPoint = vi.fn();
    render({ onHoverPoint });
    const p = all('.if-pc-point').find((el) => el.getAttribute('data-id') === 'sim-7B|rebase|64')!;
    act(() => {
      p.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    });
    const tip = host.querySelector('.if-pc-tip')!.textContent!;
    for (const s of ['REBASE · sim-7B', '64', '50.0% (95% interval 46.0–54.0%)', '2.85e14', '21,120', '200 × 2', 'Incomplete runs1', 'simulated']) expect(tip).toContain(s);
    expect(onHoverPoint).toHaveBeenLastCalledWith(expect.objectContaining({ budget: 64, strategy: 'rebase' }));
  });

  it('fades the curves that are not highlighted', () => {
    render({ highlight: { strategy: 'rebase' } });
    const op = all('path.if-pc-line').map((p) => [p.getAttribute('data-curve')!.split('|')[1], p.getAttribute('stroke-opacity')]);
    expect(op.filter(([s]) => s === 'rebase').every(([, o]) => o === '1')).toBe(true);
    expect(op.filter(([s]) => s !== 'rebase').every(([, o]) => Number(o) < 0.5)).toBe(true);
  });

  it('keeps at most four curves loud, and the legend toggles a strategy with its state shown', () => {
    const many = ['rebase', 'mcts', 'weighted-majority', 'majority', 'greedy'].map((strategy) => ({ strategy }));
    render({ highlight: many });
    const loud = () => all('path.if-pc-line').filter((p) => p.getAttribute('stroke-opacity') === '1').map((p) => p.getAttribute('data-curve'));
    expect(loud()).toHaveLength(4);
    // Only loud curves get n labels.
    expect(texts('.if-pc-nlabel').length).toBeGreaterThan(0);
    const toggle = all('.if-pc-legend-toggle').find((g) => g.textContent === 'REBASE')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    act(() => toggle.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(loud().some((k) => k!.endsWith('|rebase'))).toBe(false);
  });

  it('does not draw points with under 20 problems, and draws points under 100 hollow', () => {
    const early = points.map((p) => ({ ...p, problems: p.strategy === 'rebase' ? 5 : p.strategy === 'majority' ? 40 : 200 }));
    render({ points: early, frontier: sampleFrontier(early), problemsPerPoint: 200 });
    const drawn = all('path.if-pc-point').map((p) => p.getAttribute('data-id')!);
    expect(drawn.some((id) => id.includes('|rebase|'))).toBe(false);
    const hollow = all('[data-provisional]').map((p) => p.getAttribute('data-id')!);
    expect(hollow.length).toBeGreaterThan(0);
    expect(hollow.every((id) => id.includes('|majority|'))).toBe(true);
    expect(host.querySelector('.if-pc-legend')!.textContent).toContain('Points appear at ≥ 20 problems; hollow = provisional (< 100).');
    render({ points: early.map((p) => ({ ...p, problems: 5 })), frontier: [], problemsPerPoint: 200 });
    expect(all('path.if-pc-point')).toHaveLength(0);
    expect(host.querySelector('.if-pc-empty')?.textContent).toBe('First points at 20 problems: 5 in');
  });

  it('reads out what the compute at the rule buys, and moves the rule with the keys', () => {
    const onRule = vi.fn();
    render({ rule: 2e13, onRule });
    expect(host.querySelector('.if-pc-rule-readout')?.textContent).toBe('≤ 2.00e13 FLOPs per question' + 'best: REBASE · sim-7B, n = 4 → 40.0%');
    const handle = host.querySelector('[role="slider"]')!;
    expect(Number(handle.getAttribute('aria-valuenow'))).toBeCloseTo(Math.log10(2e13));
    press(handle, 'ArrowRight');
    expect(onRule).toHaveBeenLastCalledWith(Number((10 ** (Math.log10(2e13) + 0.1)).toPrecision(3)));
    press(handle, 'Escape');
    expect(onRule).toHaveBeenLastCalledWith(null);
  });

  it('shows live run markers and an empty state', () => {
    render({ points: [], frontier: [], limits: [], marker: [
      { flops: 3e13, accuracy: null, label: 'REBASE', done: false },
      { flops: 5e13, accuracy: 0.4, label: 'MCTS', done: true, correct: false },
      { flops: 6e13, accuracy: null, label: 'Beam search', done: true, correct: true },
    ] });
    expect(all('.if-pc-marker')).toHaveLength(3);
    expect(all('.if-pc-marker').map((m) => m.getAttribute('aria-label'))).toEqual([
      'REBASE: running, 3.00e+13 FLOPs', "MCTS: done, wrong answer, 5.00e+13 FLOPs; its point's accuracy 40%", 'Beam search: done, right answer, 6.00e+13 FLOPs',
    ]);
    // A finished run's label says whether its answer was right.
    expect(all('.if-pc-marker text').map((t) => t.textContent)).toEqual(['REBASE', 'MCTS ✗', 'Beam search ✓']);
    expect(host.querySelector('.if-pc-empty')?.textContent).toBe('No points yet');
    expect(host.querySelector('.if-pc-legend')!.textContent).toContain('live run');
  });

  it('fits 640 × 400 with the long convention label wrapped under the axis', () => {
    render({ width: 640, height: 400, convention: { prefill: true, prm: true } });
    const svg = host.querySelector('svg')!;
    expect(Number(svg.getAttribute('width'))).toBe(640);
    expect(Number(svg.getAttribute('height'))).toBeLessThanOrEqual(420);
    expect(texts('.if-pc-title tspan')).toEqual(['FLOPs per question (log scale)', 'FLOPs = 2·N·generated tokens + prefill + PRM']);
  });
});
