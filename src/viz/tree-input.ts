/**
 * Pointer and key input of the tree canvas (besides d3-zoom's drag / wheel / pinch): hover with
 * a tooltip point, click to select, keys to zoom, pan, fit and clear. The controller passes what
 * each input does; this file only listens.
 */
import { keyMove, type KeyMove } from './camera';

export interface TreeInputActions {
  /** The node (or -1, the question) under a canvas point, or null. */
  hit(x: number, y: number): number | null;
  /** The pointer is over `id` (null = nothing) at canvas point p. */
  hover(id: number | null, p: { x: number; y: number }): void;
  select(id: number | null): void;
  /** The current zoom (arrow-key pans are a screen distance). */
  zoom(): number;
  move(m: NonNullable<KeyMove>): void;
  /** 0: fit the whole tree and follow it. */
  fit(): void;
}

/** Listen on `canvas`; returns the function that stops listening. */
export function attachInput(canvas: HTMLCanvasElement, act: TreeInputActions): () => void {
  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onPointerMove = (e: PointerEvent): void => {
    if (e.buttons !== 0) return;
    const p = local(e);
    const id = act.hit(p.x, p.y);
    canvas.style.cursor = id !== null ? 'pointer' : '';
    act.hover(id, p);
  };
  const onPointerLeave = (): void => {
    canvas.style.cursor = '';
    act.hover(null, { x: 0, y: 0 });
  };
  const onClick = (e: MouseEvent): void => {
    const p = local(e);
    const id = act.hit(p.x, p.y);
    act.select(id === null || id === -1 ? null : id);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = keyMove(e.key, act.zoom());
    if (move) act.move(move);
    else if (e.key === 'Escape') act.select(null);
    else if (e.key === '0') act.fit();
    else return;
    e.preventDefault();
  };
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerleave', onPointerLeave);
  canvas.addEventListener('click', onClick);
  canvas.addEventListener('keydown', onKey);
  return () => {
    canvas.removeEventListener('pointermove', onPointerMove);
    canvas.removeEventListener('pointerleave', onPointerLeave);
    canvas.removeEventListener('click', onClick);
    canvas.removeEventListener('keydown', onKey);
  };
}
