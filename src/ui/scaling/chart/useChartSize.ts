/**
 * The chart's size: given props win; otherwise the container's CSS box, watched with a
 * ResizeObserver. With `fit: 'width'` (default) the height follows the width (16:9, between 400
 * and 900 px) so the chart needs no sized parent; with `fit: 'box'` it fills its parent's box,
 * which must then have a definite height (a grid cell, a flex item with a basis).
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export type ChartFit = 'width' | 'box';

/** Sizes the chart is designed for: readable from 640 × 400 up to 1600 × 900. */
export const MIN_SIZE = { width: 640, height: 400 } as const;
const FALLBACK = { width: 960, height: 540 } as const;

export interface ChartSize {
  ref: RefObject<HTMLDivElement | null>;
  width: number;
  height: number;
}

/** Height for a width when the chart fits its width: 16:9, clamped to 400–900 px. */
export const heightForWidth = (width: number): number => Math.round(Math.min(900, Math.max(MIN_SIZE.height, (width * 9) / 16)));

/** Measure the container unless both dimensions are given. */
export function useChartSize(width: number | undefined, height: number | undefined, fit: ChartFit = 'width'): ChartSize {
  const ref = useRef<HTMLDivElement | null>(null);
  const [box, setBox] = useState<{ width: number; height: number } | null>(null);
  const fixed = width !== undefined && height !== undefined;
  useLayoutEffect(() => {
    const el = ref.current;
    if (fixed || !el || typeof ResizeObserver === 'undefined') return;
    const read = (w: number, h: number) => setBox((b) => (b && b.width === w && b.height === h ? b : { width: w, height: h }));
    const ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      read(Math.round(r.width), Math.round(r.height));
    });
    ro.observe(el);
    const r = el.getBoundingClientRect();
    read(Math.round(r.width), Math.round(r.height));
    return () => ro.disconnect();
  }, [fixed]);
  const w = width ?? (box && box.width > 0 ? Math.max(320, box.width) : FALLBACK.width);
  const h = height ?? (fit === 'box' && box && box.height > 0 ? Math.max(240, box.height) : heightForWidth(w));
  return { ref, width: w, height: h };
}
