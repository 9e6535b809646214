/** Shared helpers for the browser flows: read the app through its typed `window.__frontier` hook. */
import { expect, type Page } from '@playwright/test';
import type { FrontierHook } from '../src/ui/test-hook';

export type HookSnapshot = Omit<FrontierHook, 'positionOf' | 'canvasStats' | 'paneCanvasStats' | 'scaling' | 'compare' | 'presenter' | 'stage' | 'live' | 'done' | 'eventDigest' | 'treeViews'>;

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

/** The live side of the hook: servers, this page's latest recording, the Library (added with live runs). */
export async function liveState(page: Page) {
  return page.evaluate(() => window.__frontier!.live);
}

/** What identifies a finished run's tree: its result, node and event counts, and the digest of its events (wall times aside). */
export async function runIdentity(page: Page) {
  return page.evaluate(() => {
    const h = window.__frontier!;
    return { done: h.done, eventCount: h.eventCount, digest: h.eventDigest(), status: h.status };
  });
}

/** serve-sim's base URL for the live flows (the second webServer of playwright.config.ts). */
export function simUrl(): string {
  return `http://127.0.0.1:${Number(process.env.E2E_SIM_PORT ?? 4318)}`;
}
