/**
 * The Compare store's `revision` for text that follows the trees (pane summaries, the clock): while
 * the clock plays, it changes at most every {@link TEXT_REFRESH_MS} (numbers that change 60 times a
 * second cannot be read anyway, and each change restyles and repaints the page); when paused, at
 * once. The canvases follow the store directly, every frame.
 */
import { useEffect, useState } from 'react';
import { useCompare } from '../../state/compare-store';

export const TEXT_REFRESH_MS = 100;

export function useTextRevision(): number {
  const [rev, setRev] = useState(() => useCompare.getState().revision);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const take = () => {
      timer = null;
      setRev(useCompare.getState().revision);
    };
    const unsubscribe = useCompare.subscribe((s, prev) => {
      if (s.revision === prev.revision && s.playing === prev.playing && s.playhead === prev.playhead) return;
      if (!s.playing) {
        if (timer !== null) clearTimeout(timer);
        take();
      } else if (timer === null) timer = setTimeout(take, TEXT_REFRESH_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
  return rev;
}
