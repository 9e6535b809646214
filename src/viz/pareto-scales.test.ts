import { describe, expect, it } from 'vitest';
import {
  accuracyDomain, accuracyScale, accuracyTicks, DEFAULT_FLOPS_DOMAIN, flopsDomain, flopsScale, flopsTicks, formatPercent, formatPowerOfTen,
} from './pareto-scales';

const majors = (ticks: ReturnType<typeof flopsTicks>) => ticks.filter((t) => t.major);

describe('log FLOPs axis', () => {
  it('includes every point with padding, its ends at 1, 2 or 5 × a power of ten', () => {
    const flops = [3.92e12, 1.254e14, 1.48e14, 7.08e14];
    const [lo, hi] = flopsDomain(flops);
    expect([lo, hi]).toEqual([2e12, 1e15]);
    for (const f of flops) {
      expect(f).toBeGreaterThan(lo);
      expect(f).toBeLessThan(hi);
    }
    // A point right on a power of ten is not on the edge.
    expect(flopsDomain([1e13, 1e15])).toEqual([5e12, 2e15]);
    // The Stage's default sweep ends near 1e15: the axis stops at 2e15, not 1e16.
    expect(flopsDomain([3.9e12, 1.03e15])).toEqual([2e12, 2e15]);
  });

  it('keeps at least two labelled powers of ten, else falls back to whole decades', () => {
    expect(flopsDomain([2.5e13, 3.5e13])).toEqual([1e13, 1e14]);
    for (const data of [[3.92e12, 7.08e14], [1e13, 1e15], [6e11, 4e12], [1.5e14, 9e14]]) {
      const labelled = majors(flopsTicks(flopsDomain(data))).length;
      expect(labelled).toBeGreaterThanOrEqual(2);
    }
  });

  it('handles a single point and empty data', () => {
    expect(flopsDomain([3e13])).toEqual([1e13, 1e14]);
    expect(flopsDomain([1e13])).toEqual([1e12, 1e14]);
    expect(flopsDomain([])).toEqual([1e11, 1e16]);
    expect(flopsDomain([NaN, 0, -5, Infinity])).toEqual([...DEFAULT_FLOPS_DOMAIN]);
  });

  it('labels powers of ten, in either notation, with unlabelled 2…9 minor ticks', () => {
    const ticks = flopsTicks([1e11, 1e16]);
    expect(majors(ticks).map((t) => t.value)).toEqual([1e11, 1e12, 1e13, 1e14, 1e15, 1e16]);
    expect(majors(ticks).map((t) => t.label)).toEqual(['1e11', '1e12', '1e13', '1e14', '1e15', '1e16']);
    expect(ticks.filter((t) => !t.major)).toHaveLength(5 * 8);
    expect(ticks.every((t) => t.major || t.label === null)).toBe(true);
    expect(majors(flopsTicks([1e12, 1e14], { style: 'sup' })).map((t) => t.label)).toEqual(['10¹²', '10¹³', '10¹⁴']);
    expect(formatPowerOfTen(-3, 'sup')).toBe('10⁻³');
  });

  it('thins labels when there are more decades than room, and keeps minors inside the domain', () => {
    const ticks = flopsTicks([1e11, 1e16], { maxLabels: 3, minor: false });
    expect(ticks.map((t) => t.label)).toEqual(['1e11', null, '1e13', null, '1e15', null]);
    const partial = flopsTicks([3e12, 2e14]);
    expect(partial[0].value).toBe(4e12);
    expect(partial[partial.length - 1].value).toBeLessThan(2e14);
  });

  it('maps decades to equal widths', () => {
    const x = flopsScale([1e12, 1e15], [0, 300]);
    expect(x(1e12)).toBeCloseTo(0);
    expect(x(1e13)).toBeCloseTo(100);
    expect(x(1e14)).toBeCloseTo(200);
    expect(x(3e12)).toBe(47.7); // 100 · log10(3), to 0.1 px
    expect(x.invert(150)).toBeCloseTo(10 ** 13.5, -10);
  });
});

describe('accuracy axis', () => {
  it('pads to whole tens of per cent inside 0–100 %', () => {
    expect(accuracyDomain([0.286, 0.468])).toEqual([0.2, 0.5]);
    expect(accuracyDomain([0.02, 0.99])).toEqual([0, 1]);
    expect(accuracyDomain([0.5])).toEqual([0.4, 0.6]);
    expect(accuracyDomain([])).toEqual([0, 1]);
    expect(accuracyDomain([0.3, 0.4], { full: true })).toEqual([0, 1]);
  });

  it('ticks in per cent, bottom to top', () => {
    expect(accuracyTicks([0, 1], 5).map((t) => t.label)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(accuracyTicks([0.2, 0.5], 6).map((t) => t.label)).toEqual(['20%', '25%', '30%', '35%', '40%', '45%', '50%']);
    const y = accuracyScale([0, 1], [400, 0]);
    expect(y(0.25)).toBe(300);
    expect(formatPercent(0.468)).toBe('46.8%');
    expect(formatPercent(NaN)).toBe('—');
  });
});
