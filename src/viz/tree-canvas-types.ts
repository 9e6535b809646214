/**
 * The contract of the tree-canvas controller (tree-canvas.ts): the scene it draws, the callbacks
 * it makes, and the handle it returns. Kept apart from the implementation so views and tests can
 * depend on the shape alone.
 */
import type { Playback } from '../search/playback';
import type { Camera } from './camera';
import type { Theme } from './colors';
import type { Strategy } from './frame';
import type { Orientation } from './layout';

export interface TreeScene {
  playback: Playback;
  /** The store's tree revision; a change means "redraw". */
  revision: number;
  orientation: Orientation;
  selection: number | null;
  hover: number | null;
  strategy: Strategy;
  question: string;
  /** prefers-reduced-motion: no glides or pulses (the OS setting is honoured as well). */
  reducedMotion: boolean;
  theme?: Theme;
}

export interface TreeCanvasCallbacks {
  /** The pointer moved onto a node (its id) or off every node (null). */
  onHover(id: number | null): void;
  /** Click on a node (its id), or on empty space / the question (null). Escape also sends null. */
  onSelect(id: number | null): void;
  /** The user moved the camera (wheel, drag, pinch, double-click, keys, zoomBy); sent once per gesture, rounded. */
  onCamera(cam: Camera): void;
  /** The camera mode changed: 'free' on the first user move, 'follow' on fit() / setCamera(null). */
  onMode?(mode: CameraMode): void;
}

/**
 * 'follow': the camera fits the whole tree and keeps fitting it as it grows (gliding, or jumping
 * under reduced motion), with the level spacing fitted to the pane; 'free': the camera stays
 * where the user (or a link) put it until fit() is asked for.
 */
export type CameraMode = 'follow' | 'free';

/** What the canvas shows now, in CSS px of the canvas (for the test hook and the views). */
export interface TreeView {
  mode: CameraMode;
  width: number;
  height: number;
  k: number;
  /** The drawn tree's box (node discs included, the question too); null before the first layout. */
  extent: { left: number; top: number; right: number; bottom: number } | null;
  /** Labels drawn in the last frame, and the smallest font size among them (null when none). */
  labels: number;
  minLabelPx: number | null;
}

export interface TreeCanvas {
  update(scene: TreeScene): void;
  /** Show this camera (mode 'free'); null = fit the whole tree and keep fitting it as it grows ('follow'). Does not call onCamera. */
  setCamera(cam: Camera | null): void;
  /** Same as setCamera(null). */
  fit(): void;
  /** Zoom about the canvas centre (e.g. toolbar buttons); calls onCamera like a user gesture. */
  zoomBy(factor: number): void;
  destroy(): void;
  /** Nodes drawn and CPU time of the last frame. */
  stats(): { drawn: number; frameMs: number };
  /** The camera shown now (while following, the fitted one), rounded like onCamera's. */
  camera(): Camera;
  mode(): CameraMode;
  view(): TreeView;
  /** Where a node (or the question, -1) is on the canvas, in CSS px; null when not laid out. */
  screenPosition(id: number): { x: number; y: number } | null;
  /**
   * The view as shown now, drawn afresh into a new canvas at `scale` device px per CSS px (sharp
   * at any screen DPR) on an opaque background (default: the theme's), without the hover tooltip.
   */
  snapshot(scale: number, background?: string): HTMLCanvasElement;
  /** The canvas element itself (for `captureStream`). */
  readonly element: HTMLCanvasElement;
}
