/**
 * The sim PRM's measured step-level AUROC per quality setting, for the PRM picker's labels.
 * Measured in the search worker (src/state/auroc.ts), once per setting per page, one at a time.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { PrmSetting } from '../../../sim/index';
import { aurocOf } from '../../../state/auroc';

const measured = new Map<PrmSetting, number>();
const queue: PrmSetting[] = [];
const listeners = new Set<() => void>();
let version = 0;
let scheduled = false;

const idle = (fn: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 50);

async function pump(): Promise<void> {
  scheduled = false;
  const setting = queue.shift();
  if (setting === undefined) return;
  measured.set(setting, await aurocOf(setting));
  version++;
  for (const l of listeners) l();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  idle(() => void pump());
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
