// @vitest-environment happy-dom
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAPER_CONVENTION } from '../../search/compute';
import type { SweepCell } from '../../search/sweep';
import { ParetoChart } from './chart/ParetoChart';
import { SAMPLE_LIMITS, sampleFrontier, samplePoints } from './chart/testing/sample-points';
import { chartSvgString, CSV_HEADER, download, downloadPng, pointsCsv, sweepJson } from './export';

const points = samplePoints();

/** The chart rendered to markup (as the server would), mounted so it can be serialised. */
function chartSvg(): SVGSVGElement {
  const html = renderToStaticMarkup(
    <ParetoChart points={points} frontier={sampleFrontier(points)} limits={SAMPLE_LIMITS} overlay={null} convention={PAPER_CONVENTION}
      simulated subsampled width={1000} height={560} onRule={() => {}} rule={3e13} />,
  );
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.appendChild(host);
  return host.querySelector('svg')!;
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('pointsCsv', () => {
  it('writes a header and one row per point, with the convention named', () => {
    const csv = pointsCsv(points, PAPER_CONVENTION);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines[0]).toBe('model,strategy,n,accuracy,accuracy_lo95,accuracy_hi95,flops_per_question,tokens_per_question,solutions_per_question,problems,seeds,incomplete,flops_convention');
    expect(lines).toHaveLength(points.length + 1);
    const p = points[17];
    expect(lines[18]).toBe([p.model, p.strategy, p.budget, p.accuracy, p.lo, p.hi, p.flops, p.tokens, p.solutions, p.problems, p.seeds, p.incomplete, 'FLOPs = 2·N·generated tokens (paper)'].join(','));
    expect(lines[18].split(',')).toHaveLength(CSV_HEADER.length);
  });

  it('quotes fields with commas or quotes and leaves non-finite numbers empty', () => {
    const odd = { ...points[0], model: 'my "7B", local', accuracy: NaN };
    const row = pointsCsv([odd], { prefill: true, prm: false }).split('\n')[1];
    expect(row.startsWith('"my ""7B"", local",majority,4,,')).toBe(true);
    expect(row.endsWith(',FLOPs = 2·N·generated tokens + prefill')).toBe(true);
  });
});

describe('sweepJson', () => {
  it('is JSON with format, version, setup, points and (optionally) cells', () => {
    const setup = { models: ['sim-1.4B', 'sim-7B'], budgets: [4, 16, 64], seeds: [1, 2] };
    const cell: SweepCell = { model: 'sim-7B', strategy: 'rebase', budget: 4, problemId: 'sim-L1-0001', seed: 1, answer: '12', correct: true, flops: 1e13, policyTokens: 700, promptTokens: 90, prmTokens: 700, solutions: 4 };
    const doc = JSON.parse(sweepJson(setup, points, [cell], { convention: PAPER_CONVENTION, exportedAt: '2025-01-01T00:00:00.000Z' }));
    expect(doc).toMatchObject({ format: 'inference-frontier-sweep', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', setup, convention: { id: 'paper' } });
    expect(doc.points).toHaveLength(18);
    expect(doc.points[0]).toEqual(points[0]);
    expect(doc.cells).toEqual([cell]);
    const bare = JSON.parse(sweepJson(setup, [{ ...points[0], accuracy: NaN }]));
    expect(bare.cells).toBeUndefined();
    expect(bare.points[0].accuracy).toBeNull();
  });
});

describe('chartSvgString', () => {
  it('is a standalone SVG with the axis titles, the legend, a white background and one path per curve', () => {
    const svg = chartSvgString(chartSvg());
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    // XML 1.0 forbids control characters: a file with one does not open.
    expect([...svg].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c))).toEqual([]);
    expect(svg).toContain('FLOPs per question (log scale) — FLOPs = 2·N·generated tokens (paper)');
    expect(svg).toContain('Accuracy (simulated)');
    expect(svg).toContain('majority-vote limit (Thm 1)');
    expect(svg).toContain('95% interval');
    expect(svg).toContain('≤ 3.00e13 FLOPs per question'); // the rule's readout is kept
    expect(svg.match(/class="if-pc-line"/g)).toHaveLength(6);
    expect(svg.match(/data-curve="/g)).toHaveLength(6);
    expect(svg).toMatch(/<rect x="0" y="0" width="1000" height="\d+" fill="#ffffff"/);
    expect(svg).toContain('font-family="Helvetica, Arial, sans-serif"');
    // Interaction-only parts are left out.
    expect(svg).not.toContain('if-pc-hit');
    expect(svg).not.toContain('if-pc-capture');
    expect(svg).not.toContain('role="slider"');
    expect(svg).not.toContain('tabindex');
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
    expect(parsed.querySelectorAll('path.if-pc-line')).toHaveLength(6);
  });
});

describe('downloads', () => {
  it('saves a string through a temporary link', () => {
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { created.push(b as Blob); return 'blob:x'; });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('points.csv');
      expect(this.href).toBe('blob:x');
    });
    download('points.csv', 'a,b\n', 'text/csv');
    expect(click).toHaveBeenCalledTimes(1);
    expect(created[0].type).toBe('text/csv');
    expect(document.querySelector('a')).toBeNull();
  });

  it('draws the SVG into a canvas at 2× and encodes a PNG', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:x');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const drawn: unknown[][] = [];
    const ctx = { fillStyle: '', fillRect: () => {}, drawImage: (...a: unknown[]) => drawn.push(a) };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    let type = '';
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation((cb, t) => { type = t ?? ''; cb(new Blob(['png'], { type: 'image/png' })); });
    vi.spyOn(HTMLImageElement.prototype, 'src', 'set').mockImplementation(function (this: HTMLImageElement, v: string) {
      expect(v.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
      queueMicrotask(() => this.onload?.(new Event('load')));
    });
    const svg = chartSvg();
    const blob = await downloadPng(svg, 2);
    expect(blob.type).toBe('image/png');
    expect(type).toBe('image/png');
    expect(drawn[0].slice(1)).toEqual([0, 0, 2000, 2 * Number(svg.getAttribute('height'))]);
  });
});
