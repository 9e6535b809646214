/**
 * The search-tree canvas controller: owns one <canvas>, its d3-zoom behaviour, a rAF redraw loop
 * and hit-testing. React makes it in an effect and feeds it scenes; nothing here re-renders React.
 *
 *   const tc = createTreeCanvas(canvas, { onHover, onSelect, onCamera });
 *   tc.update(scene);      // on every store change (cheap when nothing changed)
 *   tc.setCamera(cam);     // from the URL; null = fit and follow the growing tree
 *   tc.destroy();
 *
 * Redraws happen in requestAnimationFrame, and only when something changed (scene, camera,
 * hover, size) or an animation is running (node glide ~300 ms, MCTS back-up pulse).
 * Camera: see camera.ts — the world point at the canvas centre and the zoom, size-independent.
 */
import { select, zoom, zoomIdentity, type D3ZoomEvent } from 'd3';
import { prepareCanvas, watchSize } from './canvas-element';
import { cameraToTransform, MAX_K, minZoom, roundCamera, sameCamera, transformToCamera, type Camera } from './camera';
import { bucketColors, palette } from './colors';
import { fitBox, fitLevel, followCamera, relevel, settled, treeExtent, type Margins } from './fit';
import { mctsDistance, spacingFor, type Frame, type Strategy } from './frame';
import { HitTester } from './hit-test';
import { anchorVisible, AriaLabel, drawTooltip, LabelCache, tooltipLines } from './labels';
import { DEFAULT_SPACING, layoutTree, type Orientation, type TreeLayout } from './layout';
import { NodeMotion } from './motion';
import { PULSE_MS } from './overlays';
import { DrawBuffers } from './tree-draw';
import { blankCanvas, drawnExtent, drawTree, newFrame, setView, treeMargins } from './tree-frame';
import { attachInput } from './tree-input';

import type { CameraMode, TreeCanvas, TreeCanvasCallbacks, TreeScene, TreeView } from './tree-canvas-types';

export type { Camera } from './camera';
export type { Strategy } from './frame';
export type { CameraMode, TreeCanvas, TreeCanvasCallbacks, TreeScene, TreeView };

/** Hover reaches this far (CSS px) outside a node's disc. */
const HOVER_SLOP_PX = 5;

export function createTreeCanvas(canvas: HTMLCanvasElement, callbacks: TreeCanvasCallbacks): TreeCanvas {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas 2D is not available');
  prepareCanvas(canvas);

  let scene: TreeScene | null = null;
  let width = 0, height = 0, dpr = 1;
  let layout: TreeLayout | undefined;
  /** What the current layout was made from; MCTS also relayouts on visits (radius ∝ √N). */
  let laidOut: { nodes: unknown; count: number; orientation: Orientation; strategy: Strategy; revision: number } | null = null;
  const motion = new NodeMotion();
  const buffers = new DrawBuffers();
  const labels = new LabelCache();
  let cam: Camera = { x: 0, y: 0, k: 1 };
  /** 'follow': the camera keeps fitting the growing tree; 'free': the user's (or a link's) camera. */
  let mode: CameraMode = 'follow';
  /** Level spacing of the layout (world units): fitted to the pane while following (fit.ts). */
  let level = 0;
  /** The orientation and strategy `level` belongs to, and the level a camera asked for (null = default). */
  let levelKey = '';
  let pinned: number | null = null;
  let lastPaint = 0;
  let programmatic = false;
  let userMoved = false;
  let hover: number | null = null;
  let hoverFromPointer = false;
  let pointer = { x: 0, y: 0 };
  const hits = new HitTester();
  const reduceQuery = window.matchMedia?.('(prefers-reduced-motion: reduce)') ?? null;
  let raf = 0;
  let lastBackup: unknown = null;
  let pulseStart = -Infinity;
  let tooltip: { id: number; revision: number; lines: string[] } | null = null;
  const aria = new AriaLabel(canvas);
  const last = { drawn: 0, frameMs: 0 };

  const frame: Frame = newFrame(ctx, motion);
  const lastText = { count: 0, minPx: Infinity };

  function setMode(m: CameraMode): void {
    if (m === mode) return;
    mode = m;
    callbacks.onMode?.(m);
  }

  // --- camera ---------------------------------------------------------------------------------
  const zb = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.05, MAX_K])
    // The size we already track: d3's default reads clientWidth/Height, a forced layout on every
    // programmatic camera move (each frame while a fitted tree grows).
    .extent(() => [[0, 0], [width || 1, height || 1]])
    .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      if (programmatic) return;
      cam = { ...transformToCamera(e.transform, width || 1, height || 1), l: level };
      setMode('free');
      userMoved = true;
      invalidate();
    })
    .on('end', () => {
      if (programmatic || !userMoved) return;
      userMoved = false;
      callbacks.onCamera(reported());
    });
  const sel = select(canvas).call(zb);

  /** Show `c` and tell d3-zoom, so the next gesture starts from it. */
  function applyCamera(c: Camera): void {
    cam = c;
    const t = cameraToTransform(c, width || 1, height || 1);
    programmatic = true;
    zb.transform(sel, zoomIdentity.translate(t.x, t.y).scale(t.k));
    programmatic = false;
  }

  /** The camera as reported (onCamera, camera()): rounded, `l` only when not the default spacing. */
  function reported(): Camera {
    const c = roundCamera(cam);
    if (c.l === undefined || Math.abs(c.l - baseLevel()) < 0.05) delete c.l;
    return c;
  }

  function margins(): Margins {
    return treeMargins(Math.max(1, width), Math.max(1, height), frame.orientation, !!scene?.playback.lastAllocate, layout);
  }

  /** The camera that fits the whole tree (its final layout, not the gliding one) in the pane. */
  function fitTarget(): Camera {
    const b = layout?.bounds ?? motion.bounds;
    return { ...fitBox(b, Math.max(1, width), Math.max(1, height), margins()), l: level };
  }

  function baseLevel(): number {
    const o = scene?.orientation ?? 'tb';
    return spacingFor(scene?.strategy ?? 'rebase', o).level ?? DEFAULT_SPACING[o].level;
  }

  /** The level spacing that fills the pane with this layout's tree (following only). */
  function wantedLevel(l: TreeLayout): number {
    const o = l.orientation;
    // A shallow tree may stretch to twice the default spacing; a deep one squeezes down to MIN_LEVEL.
    return fitLevel(treeExtent(l.bounds, o, l.spacing.level), Math.max(1, width), Math.max(1, height), margins(), o, 2 * baseLevel());
  }

  // --- layout ---------------------------------------------------------------------------------
  function relayout(s: TreeScene, now: number): void {
    const pb = s.playback;
    const fresh = laidOut === null;
    const mcts = s.strategy === 'mcts';
    const key = `${s.orientation}|${s.strategy}`;
    if (key !== levelKey) {
      levelKey = key;
      level = baseLevel();
    }
    if (mode === 'free' && pinned !== null) level = pinned;
    const make = () => layoutTree(pb, s.orientation, {
      spacing: { ...spacingFor(s.strategy, s.orientation), level }, into: layout, minDistance: mcts ? mctsDistance(pb.nodes) : undefined,
    });
    layout = make();
    if (mode === 'follow' && width > 0 && height > 0) {
      const want = wantedLevel(layout);
      if (relevel(level, want)) {
        level = want;
        layout = make();
      }
    }
    laidOut = { nodes: pb.nodes, count: pb.nodes.length, orientation: s.orientation, strategy: s.strategy, revision: mcts ? pb.revision : -1 };
    if (cam.l !== level) cam = { ...cam, l: level };
    motion.retarget(layout, (id) => pb.nodes[id]?.parent ?? null, now, !frame.reducedMotion && !fresh);
    hits.invalidate();
    const whole = fitBox(layout.bounds, Math.max(1, width), Math.max(1, height), margins());
    zb.scaleExtent([Math.min(minZoom(whole.k), cam.k), MAX_K]);
  }

  /** Following: lay out again when the pane's shape asks for another level spacing (resize, Fit). */
  function refit(now: number): void {
    if (mode !== 'follow' || !scene || !layout || width === 0 || height === 0) return;
    if (relevel(level, wantedLevel(layout))) {
      laidOut = null;
      relayout(scene, now);
    }
  }

  function hitTest(sx: number, sy: number): number | null {
    if (!scene || !layout) return null;
    const k = frame.k;
    return hits.find(scene.playback, layout, scene.strategy === 'mcts', (sx - frame.tx) / k, (sy - frame.ty) / k, k, HOVER_SLOP_PX / k, frame.rs);
  }

  // --- drawing --------------------------------------------------------------------------------
  function invalidate(): void {
    if (!raf) raf = requestAnimationFrame(draw);
  }

  function draw(now: number): void {
    raf = 0;
    if (paint(ctx!, dpr, now, null)) invalidate();
  }

  /**
   * One frame into `c` at `ratio` device px per CSS px; returns whether an animation needs
   * another frame. `background` (exports) fills the canvas and leaves out the hover tooltip.
   */
  function paint(g: CanvasRenderingContext2D, ratio: number, now: number, background: string | null): boolean {
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, g.canvas.width, g.canvas.height);
    if (background) {
      g.fillStyle = background;
      g.fillRect(0, 0, g.canvas.width, g.canvas.height);
    }
    if (!scene || width === 0 || height === 0) return false;
    const t0 = performance.now();
    let again = motion.sample(now);
    if (mode === 'follow' && !background) {
      const target = fitTarget();
      const next = followCamera(cam, target, now - lastPaint, frame.reducedMotion, width, height);
      if (next !== target || !sameCamera(next, cam)) applyCamera(next);
      if (!settled(next, target, width, height)) again = true;
    }
    if (!background) lastPaint = now;
    const t = cameraToTransform(cam, width, height);
    const pb = scene.playback;
    const f = frame;
    f.ctx = g;
    f.dpr = ratio;
    f.width = width;
    f.height = height;
    f.px = motion.x;
    f.py = motion.y;
    f.count = Math.min(motion.count, pb.nodes.length);
    f.spacing = layout?.spacing ?? f.spacing;
    setView(f, t);
    f.pulse = -1;
    if (pb.lastBackup && scene.strategy === 'mcts') {
      if (f.reducedMotion) f.pulse = pb.done ? -1 : 1;
      else if (now - pulseStart < PULSE_MS) {
        f.pulse = Math.max(0, (now - pulseStart) / PULSE_MS);
        again = true;
      }
    }
    f.hover = hover;

    g.setTransform(ratio * t.k, 0, 0, ratio * t.k, ratio * t.x, ratio * t.y);
    last.drawn = drawTree(f, buffers, labels);
    if (!background && hover !== null && hoverFromPointer && anchorVisible(f, hover)) {
      if (!tooltip || tooltip.id !== hover || tooltip.revision !== pb.revision) {
        tooltip = { id: hover, revision: pb.revision, lines: tooltipLines(pb, hover, scene.question) };
      }
      drawTooltip(f, tooltip.lines, pointer.x, pointer.y);
    }
    last.frameMs = performance.now() - t0;
    if (!background) Object.assign(lastText, f.text);
    f.ctx = ctx!;
    f.dpr = dpr;
    return again;
  }

  // --- input ----------------------------------------------------------------------------------
  function setHover(id: number | null, fromPointer: boolean): void {
    if (id === hover) return;
    hover = id;
    hoverFromPointer = fromPointer;
    if (fromPointer) callbacks.onHover(id === -1 ? null : id);
    invalidate();
  }

  const stopInput = attachInput(canvas, {
    hit: hitTest,
    hover(id, p) {
      pointer = p;
      setHover(id, true);
      if (id !== null) invalidate(); // the tooltip follows the pointer
    },
    select: (id) => callbacks.onSelect(id),
    zoom: () => cam.k,
    move(m) {
      if ('zoom' in m) zb.scaleBy(sel, m.zoom);
      else zb.translateBy(sel, ...m.pan);
    },
    fit: () => setCamera(null),
  });

  // --- size -----------------------------------------------------------------------------------
  function resize(cssW: number, cssH: number, ratio: number): void {
    if (cssW === width && cssH === height && ratio === dpr) return;
    width = cssW;
    height = cssH;
    dpr = ratio;
    canvas.width = Math.max(1, Math.round(cssW * dpr));
    canvas.height = Math.max(1, Math.round(cssH * dpr));
    if (mode === 'free') applyCamera(cam); // same centre and zoom, new transform
    refit(performance.now());
    invalidate();
  }
  const stopWatching = watchSize(canvas, resize);

  // --- scene ----------------------------------------------------------------------------------
  function setCamera(c: Camera | null): void {
    if (c === null) {
      pinned = null;
      setMode('follow');
      refit(performance.now());
    } else {
      const l = c.l ?? baseLevel();
      if (mode === 'free' && sameCamera({ ...c, l }, cam)) return;
      setMode('free');
      pinned = c.l ?? null;
      if (scene && Math.abs(l - level) > 0.05) {
        laidOut = null;
        relayout(scene, performance.now());
      }
      const k = Math.min(MAX_K, Math.max(1e-4, c.k));
      // A camera from a link may be further out than this tree's limit so far: allow it.
      const [lo, hi] = zb.scaleExtent();
      if (k < lo) zb.scaleExtent([k, hi]);
      applyCamera({ x: c.x, y: c.y, k, l });
    }
    invalidate();
  }

  return {
    update(next: TreeScene): void {
      const prev = scene;
      scene = next;
      const pb = next.playback;
      const now = performance.now();
      if (!prev || prev.playback !== pb) {
        labels.reset(pb);
        tooltip = null;
        lastBackup = pb.lastBackup;
      }
      const theme = next.theme ?? 'light';
      frame.pb = pb;
      frame.orientation = next.orientation;
      frame.strategy = next.strategy;
      frame.selection = next.selection;
      frame.theme = theme;
      frame.pal = palette(theme);
      frame.colors = bucketColors(theme);
      frame.live = !pb.done;
      // The scene's flag, or the OS setting even if the page forgot to pass it on.
      frame.reducedMotion = next.reducedMotion || (reduceQuery?.matches ?? false);
      if (frame.reducedMotion && motion.animating) motion.settle();
      let dirty = false;
      if (!laidOut || laidOut.nodes !== pb.nodes || laidOut.count !== pb.nodes.length || laidOut.orientation !== next.orientation || laidOut.strategy !== next.strategy
        || (next.strategy === 'mcts' && laidOut.revision !== pb.revision)) {
        relayout(next, now);
        dirty = true;
      }
      if (pb.lastBackup !== lastBackup) {
        lastBackup = pb.lastBackup;
        pulseStart = now;
      }
      if (!prev || next.hover !== prev.hover) {
        // The question (-1) is reported as null: that echo must not end its tooltip.
        if (next.hover !== (hover === -1 ? null : hover)) {
          hover = next.hover;
          hoverFromPointer = false;
        }
      }
      aria.update(next.playback, next.strategy, next.revision);
      if (dirty || !prev || prev.revision !== next.revision || prev.playback !== pb || prev.selection !== next.selection || prev.hover !== next.hover
        || prev.orientation !== next.orientation || prev.strategy !== next.strategy || prev.theme !== next.theme
        || prev.question !== next.question || prev.reducedMotion !== next.reducedMotion) invalidate();
    },
    setCamera,
    fit: () => setCamera(null),
    zoomBy(factor: number): void {
      zb.scaleBy(sel, factor);
    },
    destroy(): void {
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      stopWatching();
      sel.on('.zoom', null);
      stopInput();
      scene = null;
    },
    stats: () => ({ drawn: last.drawn, frameMs: last.frameMs }),
    snapshot(scale: number, background?: string): HTMLCanvasElement {
      const [out, c] = blankCanvas(width, height, scale);
      // Settle any glide first: an export shows where the nodes are going, not a mid-frame.
      motion.settle();
      paint(c, scale, performance.now(), background ?? frame.pal.bg);
      invalidate();
      return out;
    },
    element: canvas,
    camera: reported,
    mode: () => mode,
    view(): TreeView {
      const t = cameraToTransform(cam, width, height);
      return { mode, width, height, k: t.k, extent: scene ? drawnExtent(scene.playback, frame, motion, t) : null, labels: lastText.count, minLabelPx: lastText.count ? lastText.minPx : null };
    },
    screenPosition(id: number): { x: number; y: number } | null {
      const t = cameraToTransform(cam, width, height);
      if (id === -1) return { x: t.x, y: t.y };
      if (!layout || id < 0 || id >= layout.count || !(layout.x[id] === layout.x[id])) return null;
      return { x: layout.x[id] * t.k + t.x, y: layout.y[id] * t.k + t.y };
    },
  };
}
