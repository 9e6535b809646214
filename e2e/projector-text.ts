/**
 * What the projector checks read off a page: every visible piece of text with its box, font size,
 * and the colours it is really shown in (its own colour at its effective opacity over the first
 * opaque background behind it). Contrast is computed in Node with src/viz/color-check.ts.
 */
import type { Locator } from '@playwright/test';
import { composite, contrastRatio } from '../src/viz/color-check';

export interface TextBox {
  text: string;
  /** Tag and classes of the element holding the text, to say where a failure is. */
  where: string;
  x: number; y: number; width: number; height: number;
  fontPx: number;
  /** CSS colours, as the browser computed them ("rgb(…)" / "rgba(…)"). */
  color: string;
  background: string;
  /** Product of the element's and its ancestors' opacity. */
  opacity: number;
  svg: boolean;
}

/** The visible text inside `root` (HTML and SVG), skipping disabled controls (WCAG exempts them). */
export async function textBoxes(root: Locator): Promise<TextBox[]> {
  return root.evaluate((rootEl) => {
    const visible = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
        // Screen-reader-only text is clipped out of sight.
        if ((cs.clip && cs.clip !== 'auto') || (cs.clipPath && cs.clipPath !== 'none' && e.tagName !== 'svg' && !(e instanceof SVGElement))) return false;
      }
      return true;
    };
    const opacity = (el: Element): number => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        o *= Number(cs.opacity);
        if (e instanceof SVGElement && cs.fillOpacity) o *= e.tagName === 'text' || e.tagName === 'tspan' ? Number(cs.fillOpacity) : 1;
      }
      return o;
    };
    const background = (el: Element): string => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    const out: TextBox[] = [];
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('option, title, desc, script, style, :disabled') || !visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      const cs = getComputedStyle(el);
      const svg = el instanceof SVGElement;
      out.push({
        text, where: `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`,
        x: r.x, y: r.y, width: r.width, height: r.height, fontPx: parseFloat(cs.fontSize),
        color: svg ? cs.fill : cs.color, background: background(el), opacity: opacity(el), svg,
      });
    }
    // A <select> shows its chosen option's text, which the walker skips with the other options.
    for (const sel of rootEl.querySelectorAll('select')) {
      if (sel.disabled || !visible(sel)) continue;
      const r = sel.getBoundingClientRect();
      const cs = getComputedStyle(sel);
      out.push({ text: sel.selectedOptions[0]?.text ?? '', where: 'select', x: r.x, y: r.y, width: r.width, height: r.height, fontPx: parseFloat(cs.fontSize), color: cs.color, background: background(sel), opacity: opacity(sel), svg: false });
    }
    return out;
  });
}

/** Parse "rgb(…)" / "rgba(…)" into a hex colour and its alpha. */
function parseCss(c: string): { hex: string; alpha: number } {
  const m = /rgba?\(([^)]+)\)/.exec(c);
  if (!m) return { hex: c, alpha: 1 };
  const [r, g, b, a] = m[1].split(/[,\s/]+/).filter(Boolean).map(Number);
  const hex = '#' + [r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
  return { hex, alpha: a === undefined ? 1 : a };
}

/** The contrast the text is shown at: its colour (with alpha and opacity) over its background. */
export function shownContrast(t: TextBox): number {
  const bg = parseCss(t.background);
  const fg = parseCss(t.color);
  const bgHex = bg.alpha < 1 ? composite(bg.hex, '#ffffff', bg.alpha) : bg.hex;
  return contrastRatio(composite(fg.hex, bgHex, fg.alpha * t.opacity), bgHex);
}

/** Pairs of text boxes that overlap by more than `slack` px in both directions. */
export function overlaps(boxes: TextBox[], slack = 1): [TextBox, TextBox][] {
  const out: [TextBox, TextBox][] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > slack && dy > slack) out.push([a, b]);
    }
  }
  return out;
}

export const describeBox = (t: TextBox): string => `"${t.text.slice(0, 40)}" (${t.where}, ${t.fontPx}px)`;
