// @vitest-environment happy-dom
/**
 * Fitted laws on the Pareto chart: drawn only for the curves asked for, solid over the measured
 * budgets and dashed beyond, with a band when the fit has bootstrap samples, the Theorem-1 fit of
 * majority voting dotted, and a key that names the form.
 */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAPER_CONVENTION } from '../../../search/compute';
import type { SweepCell } from '../../../search/sweep';
import { fitSweep } from '../../../search/sweep-fits';
import { mountRoot, unmountRoot } from '../../testing/dom-root';
import { ParetoChart, type ParetoChartProps } from './ParetoChart';
import { fitKeyLines } from './FitCurves';
import { SAMPLE_LIMITS, sampleFrontier, samplePoints } from './testing/sample-points';

const points = samplePoints();
/** Cells behind the sample points (one seed, 200 problems: problem i is right when i/200 < accuracy). */
const cells: SweepCell[] = points.flatMap((p) => Array.from({ length: 200 }, (_, i) => ({
  model: p.model, strategy: p.strategy, budget: p.budget, problemId: `p${String(i).padStart(3, '0')}`, seed: 0, answer: null,
  correct: (i + 0.5) / 200 < p.accuracy, flops: p.flops, policyTokens: p.tokens, promptTokens: 0, prmTokens: 0, solutions: p.budget,
})));
const fits = fitSweep({ points, cells, limits: SAMPLE_LIMITS }, { iterations: 30 });
const base: ParetoChartProps = {
  points, frontier: sampleFrontier(points), limits: SAMPLE_LIMITS, overlay: null, convention: PAPER_CONVENTION,
  simulated: true, subsampled: true, width: 1200, height: 700, fits,
};

let host: HTMLElement;
let root: Root;
beforeEach(() => { ({ host, root } = mountRoot()); });
afterEach(() => unmountRoot(host, root));
const render = (props: Partial<ParetoChartProps> = {}) => act(() => root.render(<ParetoChart {...base} {...props} />));

describe('FitCurves', () => {
  it('draws nothing without keys, and only the curves named', () => {
    render({ fitKeys: new Set() });
    expect(host.querySelector('[data-testid="fit-curves"]')).toBeNull();
    render({ fitKeys: new Set(['sim-7B|rebase', 'sim-1.4B|weighted-majority']) });
    const layer = host.querySelector('[data-testid="fit-curves"]')!;
    expect(layer.getAttribute('data-fits')).toBe('2');
    expect([...layer.querySelectorAll('[data-fit]')].map((g) => g.getAttribute('data-fit')).sort()).toEqual(['sim-1.4B|weighted-majority', 'sim-7B|rebase']);
  });

  it('is solid over the measured budgets, dashed beyond, with a band; majority adds its Theorem-1 fit dotted', () => {
    render({ fitKeys: new Set(['sim-7B|majority']) });
    const free = host.querySelector('[data-fit="sim-7B|majority"]')!;
    expect(free.querySelector('.if-pc-fit-line')?.getAttribute('stroke-dasharray')).toBeNull();
    const ends = [...free.querySelectorAll('.if-pc-fit-extrapolated')];
    expect(ends).toHaveLength(2);
    for (const e of ends) expect(e.getAttribute('stroke-dasharray')).toBe('7 5');
    expect(free.querySelector('.if-pc-fit-band')).not.toBeNull();
    const limit = host.querySelector('[data-fit="sim-7B|majority|limit"]')!;
    expect(limit.querySelector('.if-pc-fit-line')?.getAttribute('stroke-dasharray')).toBe('2 4');
    expect(limit.querySelector('.if-pc-fit-band')).toBeNull();
    expect(host.querySelector('[data-testid="fit-key"]')?.textContent).toContain('fitted law acc(C) = a − b·(C/C0)^−c');
    expect(host.querySelector('[data-testid="fit-key"]')?.textContent).toContain('dotted: majority with a = Theorem-1 limit');
  });

  it('without bootstrap samples draws no band', () => {
    render({ fits: fitSweep({ points }), fitKeys: new Set(['sim-7B|rebase']) });
    expect(host.querySelector('[data-fit="sim-7B|rebase"] .if-pc-fit-band')).toBeNull();
    expect(host.querySelector('[data-fit="sim-7B|rebase"] .if-pc-fit-line')).not.toBeNull();
  });

  it('wraps its key to the width it has', () => {
    expect(fitKeyLines(2000, true)).toHaveLength(1);
    const narrow = fitKeyLines(300, false);
    expect(narrow).toEqual(['fitted law acc(C) = a − b·(C/C0)^−c', 'band: 95 % bootstrap over problems', 'dashed: beyond the measured budgets']);
  });
});
