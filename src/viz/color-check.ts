/**
 * Colour arithmetic for the projector checks: WCAG 2 contrast ratio, colour-vision-deficiency
 * simulation and CIELAB distance. Pure (no DOM): unit tests check the palettes with it, and the
 * browser flows check the colours the page really computed.
 */
import { lab, rgb } from 'd3';

/** Machado et al. (2009) full-severity dichromacy matrices, applied in linear RGB. */
export const CVD_MATRICES = {
  protanopia: [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998],
  deuteranopia: [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.01182, 0.04294, 0.968881],
  tritanopia: [1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.3039],
} as const;
export type CvdKind = keyof typeof CVD_MATRICES;
export const CVD_KINDS = Object.keys(CVD_MATRICES) as CvdKind[];

const toLinear = (v: number): number => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const toSrgb = (v: number): number => 255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** How `color` looks to a viewer with full-severity `kind` dichromacy (hex). */
export function simulateCvd(color: string, kind: CvdKind): string {
  const m = CVD_MATRICES[kind];
  const c = rgb(color);
  const [r, g, b] = [toLinear(c.r), toLinear(c.g), toLinear(c.b)];
  return rgb(
    toSrgb(clamp01(m[0] * r + m[1] * g + m[2] * b)),
    toSrgb(clamp01(m[3] * r + m[4] * g + m[5] * b)),
    toSrgb(clamp01(m[6] * r + m[7] * g + m[8] * b)),
  ).formatHex();
}

/** CIE76 ΔE between two colours (≈ 2.3 is a just-noticeable difference; 20+ reads at a glance). */
export function deltaE(a: string, b: string): number {
  const p = lab(a), q = lab(b);
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

/** The smallest ΔE of two colours as seen with normal vision and with each dichromacy. */
export function minDeltaEAcrossVision(a: string, b: string): number {
  let min = deltaE(a, b);
  for (const kind of CVD_KINDS) min = Math.min(min, deltaE(simulateCvd(a, kind), simulateCvd(b, kind)));
  return min;
}

/** WCAG 2 relative luminance of an sRGB colour (alpha ignored: composite first). */
export function relativeLuminance(color: string): number {
  const c = rgb(color);
  return 0.2126 * toLinear(c.r) + 0.7152 * toLinear(c.g) + 0.0722 * toLinear(c.b);
}

/** WCAG 2 contrast ratio, 1 (none) to 21 (black on white); AA asks 4.5 for text. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `fg` at `alpha` over an opaque `bg`, as the screen shows it (hex). */
export function composite(fg: string, bg: string, alpha: number): string {
  const f = rgb(fg), b = rgb(bg);
  return rgb(f.r * alpha + b.r * (1 - alpha), f.g * alpha + b.g * (1 - alpha), f.b * alpha + b.b * (1 - alpha)).formatHex();
}
