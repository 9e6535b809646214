/**
 * Whether the viewer asked for reduced motion (`prefers-reduced-motion: reduce`), live: a change
 * in the system setting re-renders. True where `matchMedia` is missing (server rendering, tests),
 * so nothing moves unless the browser says motion is welcome.
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const mq = typeof window !== 'undefined' ? window.matchMedia?.(QUERY) : undefined;
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

const snapshot = (): boolean => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(QUERY).matches : true);
const serverSnapshot = (): boolean => true;

/** True when animations should be skipped. */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, snapshot, serverSnapshot);
}
