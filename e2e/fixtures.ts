/** Shared helpers for the browser flows: read the app through its typed `window.__frontier` hook. */
import { expect, type Page } from '@playwright/test';
import type { FrontierHook } from '../src/ui/test-hook';

export type HookSnapshot = Omit<FrontierHook, 'positionOf' | 'canvasStats' | 'paneCanvasStats' | 'scaling' | 'compare' | 'presenter' | 'stage'>;

/** A snapshot of the hook's fields. */
export async function frontier(page: Page): Promise<HookSnapshot> {
  return page.evaluate(() => {
    const h = window.__frontier!;
    return {
      view: h.view, nodeCount: h.nodeCount, revision: h.revision, playhead: h.playhead, eventCount: h.eventCount,
      selection: h.selection, status: h.status, playing: h.playing, finished: h.finished, camera: h.camera,
    };
  });
}

/** Wait until the run's whole log has arrived. */
export async function waitForRun(page: Page): Promise<void> {
  await expect.poll(async () => (await frontier(page)).finished, { timeout: 15_000 }).toBe(true);
}

/** Collect page errors so a flow can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
