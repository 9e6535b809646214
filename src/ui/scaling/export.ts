/**
 * Exports of the Scaling view: the chart as a standalone SVG or a 2× PNG (for slides), the points
 * as CSV, and the whole sweep as JSON. The SVG keeps the legend and axis titles (both are inside
 * the chart's SVG), gets a white background, the computed styles it needs inlined, generic fonts,
 * and loses interaction-only elements (`data-export="skip"`: hit lines, focus rings, the drag
 * surface and the rule's handle).
 */
import { conventionId, conventionLabel, type FlopsConvention } from '../../search/compute';
import type { SweepCell } from '../../search/sweep';
import type { SweepPoint } from '../../search/sweep-summary';

/** Generic font stack: renders the same anywhere without embedding a web font. */
export const EXPORT_FONT = 'Helvetica, Arial, sans-serif';

/** Inherited properties: inlined where they differ from the parent's computed value. */
const INHERITED = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linejoin',
  'stroke-linecap', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility',
] as const;

function inlineStyles(source: Element, target: Element): void {
  const view = source.ownerDocument.defaultView;
  if (!view?.getComputedStyle) return;
  const from = [source, ...source.querySelectorAll('*')];
  const to = [target, ...target.querySelectorAll('*')];
  const computed = new Map<Element, CSSStyleDeclaration>();
  for (let i = 0; i < from.length && i < to.length; i++) {
    const cs = view.getComputedStyle(from[i]);
    computed.set(from[i], cs);
    const parent = from[i].parentElement ? computed.get(from[i].parentElement!) : undefined;
    const out = to[i] as SVGElement;
    for (const prop of INHERITED) {
      const v = cs.getPropertyValue(prop);
      if (v && v !== parent?.getPropertyValue(prop)) out.style.setProperty(prop, v);
    }
    const opacity = cs.getPropertyValue('opacity');
    if (opacity && opacity !== '1') out.style.setProperty('opacity', opacity);
    if (cs.getPropertyValue('display') === 'none') out.style.setProperty('display', 'none');
    out.style.removeProperty('font-family');
    out.style.removeProperty('animation');
    out.style.removeProperty('transition');
  }
}

/** Size of the chart SVG in CSS px (its width/height attributes, else the viewBox). */
export function svgSize(svg: SVGSVGElement): { width: number; height: number } {
  const vb = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const width = Number(svg.getAttribute('width')) || vb[2] || 800;
  const height = Number(svg.getAttribute('height')) || vb[3] || 450;
  return { width, height };
}

/** The chart as a standalone SVG document (XML declaration, namespaces, white background). */
export function chartSvgString(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  for (const el of [...clone.querySelectorAll('[data-export="skip"]')]) el.remove();
  for (const el of [clone, ...clone.querySelectorAll('*')]) {
    for (const attr of ['tabindex', 'role', 'font-family']) el.removeAttribute(attr);
  }
  const { width, height } = svgSize(svg);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.setAttribute('font-family', EXPORT_FONT);
  const bg = clone.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of [['x', '0'], ['y', '0'], ['width', String(width)], ['height', String(height)], ['fill', '#ffffff']]) bg.setAttribute(k, v);
  const title = clone.querySelector(':scope > title');
  clone.insertBefore(bg, title ? title.nextSibling : clone.firstChild);
  const xml = new XMLSerializer().serializeToString(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

/** Save a string or blob as a file through a temporary link. */
export function download(name: string, data: Blob | string, mime: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: mime }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

/** Save the chart as an SVG file. */
export function downloadSvg(svg: SVGSVGElement, name = 'pareto-chart.svg'): void {
  download(name, chartSvgString(svg), 'image/svg+xml;charset=utf-8');
}

/**
 * Save the chart as a PNG at `scale` × its CSS size (2× by default: sharp on slides and retina
 * screens): the standalone SVG is drawn into a canvas through an image (a data URL, which never
 * taints the canvas), then encoded with `toBlob('image/png')`. Resolves to the PNG blob.
 */
export async function downloadPng(svg: SVGSVGElement, scale = 2, name = 'pareto-chart.png'): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const img = new Image();
  img.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chartSvgString(svg))}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw into a canvas.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
  download(name, blob, 'image/png');
  return blob;
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV columns, in order. */
export const CSV_HEADER = [
  'model', 'strategy', 'n', 'accuracy', 'accuracy_lo95', 'accuracy_hi95', 'flops_per_question',
  'tokens_per_question', 'solutions_per_question', 'problems', 'seeds', 'incomplete', 'flops_convention',
] as const;

/** One row per point (accuracy as a fraction, FLOPs in FLOPs), the convention named in each row. */
export function pointsCsv(points: readonly SweepPoint[], convention: FlopsConvention): string {
  const label = conventionLabel(convention);
  const rows = points.map((p) => [
    p.model, p.strategy, p.budget, p.accuracy, p.lo, p.hi, p.flops, p.tokens, p.solutions, p.problems, p.seeds, p.incomplete, label,
  ].map(csvField).join(','));
  return `${[CSV_HEADER.join(','), ...rows].join('\n')}\n`;
}

export interface SweepJsonOptions {
  convention?: FlopsConvention;
  /** ISO time of the export (default now). */
  exportedAt?: string;
}

/**
 * The sweep as JSON: `{ format: "inference-frontier-sweep", version: 1, exportedAt, convention?,
 * setup, points, cells? }` — setup as the view holds it, points as charted, cells (the raw
 * per-problem results) when given. Non-finite numbers become null.
 */
export function sweepJson(setup: unknown, points: readonly SweepPoint[], cells?: readonly SweepCell[], opts: SweepJsonOptions = {}): string {
  const doc = {
    format: 'inference-frontier-sweep',
    version: 1,
    exportedAt: opts.exportedAt ?? new Date().toISOString(),
    ...(opts.convention ? { convention: { id: conventionId(opts.convention), label: conventionLabel(opts.convention) } } : {}),
    setup,
    points,
    ...(cells ? { cells } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
