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
import type { Playback } from '../search/playback';
import { prepareCanvas, watchSize } from './canvas-element';
import { cameraToTransform, fitCamera, keyMove, MAX_K, minZoom, roundCamera, sameCamera, transformToCamera, type Camera } from './camera';
import { bucketColors, palette } from './colors';
import { lodFor, MCTS_R_MAX, mctsDistance, NODE_R, spacingFor, type Frame, type Strategy } from './frame';
import { HitTester } from './hit-test';
import { anchorVisible, drawNodeLabels, drawQuestion, drawTooltip, LabelCache, QUESTION_FONT, tooltipLines, treeAriaLabel, truncate } from './labels';
import { layoutTree, type Orientation, type TreeLayout } from './layout';
import { NodeMotion } from './motion';
import { drawPathOverlays, drawRebaseBars, PULSE_MS } from './overlays';
import { cull, DrawBuffers, drawBadges, drawEdges, drawNodes, drawRings, drawSelectionPath } from './tree-draw';

import type { TreeCanvas, TreeCanvasCallbacks, TreeScene } from './tree-canvas-types';

export type { Camera } from './camera';
export type { Strategy } from './frame';
export type { TreeCanvas, TreeCanvasCallbacks, TreeScene };

/** Hover reaches this far (CSS px) outside a node's disc. */
const HOVER_SLOP_PX = 5;
/** Padding of a fit (CSS px) and the room reserved for the question title. */
const FIT_PAD = 40;

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
  let fitMode = true;
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
  let title = '', titleWidth = 0;
  let tooltip: { id: number; revision: number; lines: string[] } | null = null;
  let ariaKey = '';
  const last = { drawn: 0, frameMs: 0 };

  const frame: Frame = {
    ctx, dpr: 1, width: 0, height: 0, k: 1, tx: 0, ty: 0, x0: 0, y0: 0, x1: 0, y1: 0,
    pb: null as unknown as Playback, px: motion.x, py: motion.y, count: 0, orientation: 'tb',
    spacing: { sibling: 1, level: 1, cousin: 1 }, strategy: 'rebase', selection: null, hover: null,
    theme: 'light', pal: palette('light'), colors: bucketColors('light'), question: '', live: false,
    reducedMotion: false, pulse: -1, lod: lodFor(1),
  };

  // --- camera ---------------------------------------------------------------------------------
  const zb = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent([0.05, MAX_K])
    // The size we already track: d3's default reads clientWidth/Height, a forced layout on every
    // programmatic camera move (each frame while a fitted tree grows).
    .extent(() => [[0, 0], [width || 1, height || 1]])
    .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      if (programmatic) return;
      cam = transformToCamera(e.transform, width || 1, height || 1);
      fitMode = false;
      userMoved = true;
      invalidate();
    })
    .on('end', () => {
      if (programmatic || !userMoved) return;
      userMoved = false;
      callbacks.onCamera(roundCamera(cam));
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

  function fitTarget(): Camera {
    const b = motion.bounds;
    const tb = frame.orientation === 'tb';
    const spacing = layout?.spacing;
    // Room for what sticks out of the node centres: badges and answers below ('tb'), step text
    // to the right ('lr'), and the question's title above or left of the root.
    const grown = {
      minX: b.minX, minY: b.minY,
      maxX: b.maxX + (!tb && spacing ? spacing.level * 0.7 : 0),
      maxY: b.maxY + (tb ? 40 : 0),
    };
    // REBASE writes "budget B" left of its candidates' level.
    const reserveL = tb ? (scene?.playback.lastAllocate ? 90 : 0) : Math.min(titleWidth + 20, width * 0.35);
    const reserveT = tb && title ? 28 : 0;
    const c = fitCamera(grown, Math.max(1, width - reserveL), Math.max(1, height - reserveT), FIT_PAD);
    return { x: c.x - reserveL / (2 * c.k), y: c.y - reserveT / (2 * c.k), k: c.k };
  }

  // --- layout ---------------------------------------------------------------------------------
  function relayout(s: TreeScene, now: number): void {
    const pb = s.playback;
    const fresh = laidOut === null;
    const mcts = s.strategy === 'mcts';
    layout = layoutTree(pb, s.orientation, { spacing: spacingFor(s.strategy, s.orientation), into: layout, minDistance: mcts ? mctsDistance(pb.nodes) : undefined });
    laidOut = { nodes: pb.nodes, count: pb.nodes.length, orientation: s.orientation, strategy: s.strategy, revision: mcts ? pb.revision : -1 };
    motion.retarget(layout, (id) => pb.nodes[id]?.parent ?? null, now, !frame.reducedMotion && !fresh);
    hits.invalidate();
    const whole = fitCamera(layout.bounds, Math.max(1, width), Math.max(1, height), FIT_PAD);
    zb.scaleExtent([Math.min(minZoom(whole.k), cam.k), MAX_K]);
  }

  function hitTest(sx: number, sy: number): number | null {
    if (!scene || !layout) return null;
    const k = frame.k;
    return hits.find(scene.playback, layout, scene.strategy === 'mcts', (sx - frame.tx) / k, (sy - frame.ty) / k, k, HOVER_SLOP_PX / k);
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
    if (fitMode) {
      const c = fitTarget();
      if (!sameCamera(c, cam)) applyCamera(c);
    }
    const t = cameraToTransform(cam, width, height);
    const pb = scene.playback;
    const f = frame;
    f.ctx = g;
    f.dpr = ratio;
    f.width = width;
    f.height = height;
    f.k = t.k;
    f.tx = t.x;
    f.ty = t.y;
    f.lod = lodFor(t.k);
    f.px = motion.x;
    f.py = motion.y;
    f.count = Math.min(motion.count, pb.nodes.length);
    const spacing = layout?.spacing ?? f.spacing;
    f.spacing = spacing;
    const margin = (f.strategy === 'mcts' ? MCTS_R_MAX : NODE_R) + 12 / t.k + (f.lod.answers ? (f.orientation === 'lr' ? spacing.level : spacing.sibling + 40) : 0);
    f.x0 = -t.x / t.k - margin;
    f.y0 = -t.y / t.k - margin;
    f.x1 = (width - t.x) / t.k + margin;
    f.y1 = (height - t.y) / t.k + margin;
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
    last.drawn = cull(f, buffers);
    drawEdges(f, buffers);
    drawSelectionPath(f);
    drawPathOverlays(f);
    drawNodes(f, buffers);
    drawBadges(f, buffers);
    drawRings(f, buffers);
    drawRebaseBars(f);
    drawNodeLabels(f, buffers, labels);
    drawQuestion(f, title);
    if (!background && hover !== null && hoverFromPointer && anchorVisible(f, hover)) {
      if (!tooltip || tooltip.id !== hover || tooltip.revision !== pb.revision) {
        tooltip = { id: hover, revision: pb.revision, lines: tooltipLines(pb, hover, scene.question) };
      }
      drawTooltip(f, tooltip.lines, pointer.x, pointer.y);
    }
    last.frameMs = performance.now() - t0;
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

  function localPoint(e: MouseEvent): { x: number; y: number } {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  const onPointerMove = (e: PointerEvent): void => {
    if (e.buttons !== 0) return;
    pointer = localPoint(e);
    const id = hitTest(pointer.x, pointer.y);
    canvas.style.cursor = id !== null ? 'pointer' : '';
    setHover(id, true);
    if (id !== null) invalidate(); // the tooltip follows the pointer
  };
  const onPointerLeave = (): void => {
    canvas.style.cursor = '';
    setHover(null, true);
  };
  const onClick = (e: MouseEvent): void => {
    const p = localPoint(e);
    const id = hitTest(p.x, p.y);
    callbacks.onSelect(id === null || id === -1 ? null : id);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = keyMove(e.key, cam.k);
    if (move && 'zoom' in move) zb.scaleBy(sel, move.zoom);
    else if (move) zb.translateBy(sel, ...move.pan);
    else if (e.key === 'Escape') callbacks.onSelect(null);
    else return;
    e.preventDefault();
  };
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerleave', onPointerLeave);
  canvas.addEventListener('click', onClick);
  canvas.addEventListener('keydown', onKey);

  // --- size -----------------------------------------------------------------------------------
  function resize(cssW: number, cssH: number, ratio: number): void {
    if (cssW === width && cssH === height && ratio === dpr) return;
    width = cssW;
    height = cssH;
    dpr = ratio;
    canvas.width = Math.max(1, Math.round(cssW * dpr));
    canvas.height = Math.max(1, Math.round(cssH * dpr));
    if (!fitMode) applyCamera(cam); // same centre and zoom, new transform
    invalidate();
  }
  const stopWatching = watchSize(canvas, resize);

  // --- scene ----------------------------------------------------------------------------------
  function updateAria(s: TreeScene): void {
    const pb = s.playback;
    const key = `${s.strategy}|${pb.revision}|${s.revision}|${pb.nodes.length}`;
    if (key === ariaKey) return;
    ariaKey = key;
    canvas.setAttribute('aria-label', treeAriaLabel(pb, s.strategy));
  }

  function setCamera(c: Camera | null): void {
    if (c === null) {
      fitMode = true;
    } else {
      if (!fitMode && sameCamera(c, cam)) return;
      fitMode = false;
      const k = Math.min(MAX_K, Math.max(1e-4, c.k));
      // A camera from a link may be further out than this tree's limit so far: allow it.
      const [lo, hi] = zb.scaleExtent();
      if (k < lo) zb.scaleExtent([k, hi]);
      applyCamera({ x: c.x, y: c.y, k });
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
      if (next.question !== prev?.question) {
        title = truncate(next.question, 60);
        ctx.font = QUESTION_FONT;
        titleWidth = title ? ctx.measureText(title).width : 0;
      }
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
      updateAria(next);
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
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerleave', onPointerLeave);
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('keydown', onKey);
      scene = null;
    },
    stats: () => ({ drawn: last.drawn, frameMs: last.frameMs }),
    snapshot(scale: number, background?: string): HTMLCanvasElement {
      const out = document.createElement('canvas');
      out.width = Math.max(1, Math.round(width * scale));
      out.height = Math.max(1, Math.round(height * scale));
      const c = out.getContext('2d');
      if (!c) throw new Error('Canvas 2D is not available');
      // Settle any glide first: an export shows where the nodes are going, not a mid-frame.
      motion.settle();
      paint(c, scale, performance.now(), background ?? frame.pal.bg);
      invalidate();
      return out;
    },
    element: canvas,
    camera: () => roundCamera(cam),
    screenPosition(id: number): { x: number; y: number } | null {
      const t = cameraToTransform(cam, width, height);
      if (id === -1) return { x: t.x, y: t.y };
      if (!layout || id < 0 || id >= layout.count || !(layout.x[id] === layout.x[id])) return null;
      return { x: layout.x[id] * t.k + t.x, y: layout.y[id] * t.k + t.y };
    },
  };
}
