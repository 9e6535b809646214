/**
 * The sim PRM's measured step-level AUROC per quality setting, for the PRM picker's labels.
 * `measureAuroc` samples and scores a few thousand steps (tens to hundreds of ms), so each setting
 * is measured once per page, lazily, one per idle slot, never during a render.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { measureAuroc, type PrmSetting } from '../../../sim/index';

const measured = new Map<PrmSetting, number>();
const queue: PrmSetting[] = [];
const listeners = new Set<() => void>();
let version = 0;
let scheduled = false;

const idle = (fn: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);

function pump(): void {
  scheduled = false;
  const setting = queue.shift();
  if (setting === undefined) return;
  try {
    measured.set(setting, measureAuroc(setting));
  } catch {
    measured.set(setting, Number.NaN);
  }
  version++;
  for (const l of listeners) l();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  idle(pump);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const getVersion = () => version;

/**
 * Measured AUROC of each of `settings` (undefined until measured; NaN if it could not be). Asks
 * for the missing ones after mount. Pass a stable array (a module constant) or a primitive list.
 */
export function useAuroc(settings: readonly PrmSetting[]): (setting: PrmSetting) => number | undefined {
  useSyncExternalStore(subscribe, getVersion, getVersion);
  const wanted = settings.join('|');
  useEffect(() => {
    for (const s of wanted.split('|')) {
      if (s === '') continue;
      const setting: PrmSetting = Number.isNaN(Number(s)) ? (s as PrmSetting) : Number(s);
      if (!measured.has(setting) && !queue.includes(setting)) queue.push(setting);
    }
    schedule();
  }, [wanted]);
  return (setting) => measured.get(setting);
}
