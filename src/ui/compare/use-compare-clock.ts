/**
 * Drives the Compare store's playhead from animation frames (compare.tick with the frame's
 * duration) while the calling view is mounted — the Compare view and the Stage.
 */
import { useEffect } from 'react';
import { compare } from '../../state/compare-actions';

export function useCompareClock(): void {
  useEffect(() => {
    let raf = 0;
    let last = performance.now();
    const loop = (now: number): void => {
      compare.tick(now - last);
      last = now;
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(raf);
  }, []);
}
