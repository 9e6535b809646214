/**
 * The tree canvas camera, independent of the canvas size so it can live in a URL: `x, y` is the
 * world point shown at the centre of the canvas and `k` the zoom (CSS px per world unit). World
 * units are the layout's: the question sits at (0, 0), one level is `spacing.level` away.
 * The same link therefore shows the same part of the tree on a laptop and on a projector.
 */

export interface Camera {
  x: number;
  y: number;
  k: number;
  /**
   * The level spacing (world units) the coordinates refer to: a fit stretches or squeezes the
   * levels to the pane's shape (fit.ts), so a camera names the spacing it was taken at. Absent =
   * the orientation's default spacing.
   */
  l?: number;
}

/** d3-zoom's transform: screen = world × k + (x, y), in CSS px. */
export interface ScreenTransform {
  x: number;
  y: number;
  k: number;
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Zoom limits of the tree canvas. */
export const MAX_K = 8;
/** The most a fit zooms in (a three-node tree should not fill the screen with giant circles). */
export const FIT_MAX_K = 1.4;

export function cameraToTransform(cam: Camera, width: number, height: number): ScreenTransform {
  return { k: cam.k, x: width / 2 - cam.x * cam.k, y: height / 2 - cam.y * cam.k };
}

export function transformToCamera(t: ScreenTransform, width: number, height: number): Camera {
  return { k: t.k, x: (width / 2 - t.x) / t.k, y: (height / 2 - t.y) / t.k };
}

/**
 * The camera that shows `bounds` whole, with `pad` CSS px around it (labels and rings stick out
 * of the node centres the bounds are made of), zoomed in no further than `maxK`.
 */
export function fitCamera(bounds: Bounds, width: number, height: number, pad = 48, maxK = FIT_MAX_K): Camera {
  const bw = Math.max(bounds.maxX - bounds.minX, 1);
  const bh = Math.max(bounds.maxY - bounds.minY, 1);
  const availW = Math.max(width - 2 * pad, 1);
  const availH = Math.max(height - 2 * pad, 1);
  const k = Math.min(maxK, availW / bw, availH / bh);
  return { x: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2, k };
}

/** Smallest zoom the user may reach: a little past the fit of the whole tree. */
export function minZoom(fitK: number): number {
  return Math.min(0.25, fitK * 0.5);
}

/** Rounded for a URL: world coordinates to 0.1, zoom to 4 significant digits. */
export function roundCamera(cam: Camera): Camera {
  const out: Camera = { x: Math.round(cam.x * 10) / 10, y: Math.round(cam.y * 10) / 10, k: Number(cam.k.toPrecision(4)) };
  if (cam.l !== undefined) out.l = Math.round(cam.l * 10) / 10;
  return out;
}

/** Equal up to the rounding of `roundCamera` (so a camera read back from the URL is a no-op). */
export function sameCamera(a: Camera, b: Camera): boolean {
  const sameL = a.l === undefined || b.l === undefined ? a.l === b.l : Math.abs(a.l - b.l) <= 0.1;
  return sameL && Math.abs(a.x - b.x) <= 0.1 && Math.abs(a.y - b.y) <= 0.1 && Math.abs(a.k - b.k) <= Math.abs(a.k) * 1e-3;
}

/** Interpolate two cameras in a way that looks even: zoom geometrically, centre linearly. */
export function lerpCamera(a: Camera, b: Camera, t: number): Camera {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, k: a.k * Math.pow(b.k / a.k, t) };
}

/** Keyboard pan step (CSS px) and zoom step of a tree canvas. */
export const PAN_PX = 80;
export const KEY_ZOOM = 1.25;

/** What a key does to a camera at zoom `k`: zoom by a factor, pan by screen px (world-scaled), or nothing. */
export type KeyMove = { zoom: number } | { pan: readonly [number, number] } | null;

/** The camera move of a canvas key: +/= and −/_ zoom, arrows pan by PAN_PX on screen. */
export function keyMove(key: string, k: number): KeyMove {
  switch (key) {
    case '+': case '=': return { zoom: KEY_ZOOM };
    case '-': case '_': return { zoom: 1 / KEY_ZOOM };
    case 'ArrowLeft': return { pan: [PAN_PX / k, 0] };
    case 'ArrowRight': return { pan: [-PAN_PX / k, 0] };
    case 'ArrowUp': return { pan: [0, PAN_PX / k] };
    case 'ArrowDown': return { pan: [0, -PAN_PX / k] };
    default: return null;
  }
}
