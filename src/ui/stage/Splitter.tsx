/**
 * A column splitter: drag it, or focus it and use ←/→ (Shift: bigger steps). A WAI-ARIA window
 * splitter (role=separator with a value), so it is announced and reachable by Tab.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

export interface SplitterProps {
  label: string;
  /** The width (%) of the column before the splitter. */
  value: number;
  min: number;
  max: number;
  /** Move the boundary by `delta` % of the container's width. */
  onMove(delta: number): void;
  /** The element whose width 100 % is. */
  container(): HTMLElement | null;
  testId?: string;
}

export function Splitter({ label, value, min, max, onMove, container, testId }: SplitterProps) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const width = container()?.getBoundingClientRect().width ?? 0;
    if (width <= 0) return;
    drag.current = { x: e.clientX, width };
    e.currentTarget.setPointerCapture(e.pointerId);
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const delta = ((e.clientX - d.x) / d.width) * 100;
    if (Math.abs(delta) < 0.2) return;
    d.x = e.clientX;
    onMove(delta);
  };
  const end = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 10 : 2;
    if (e.key === 'ArrowLeft') onMove(-step);
    else if (e.key === 'ArrowRight') onMove(step);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div
      className="if-stage-splitter" role="separator" aria-orientation="vertical" aria-label={label} tabIndex={0}
      aria-valuenow={Math.round(value)} aria-valuemin={min} aria-valuemax={max} data-testid={testId}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={end} onPointerCancel={end} onKeyDown={onKeyDown}
    />
  );
}
