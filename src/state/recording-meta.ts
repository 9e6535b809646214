/**
 * What the Library lists about a live recording, and this page's session id: the parts of the
 * recording store the first screen needs, without IndexedDB code (recording-db.ts has that and
 * is loaded on first use).
 */
import type { Problem } from '../search/types';

export type RecordingStatus = 'recording' | 'complete' | 'incomplete';

/** What the Library lists about a recording. */
export interface RecordingMeta {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  status: RecordingStatus;
  /** Why it is incomplete (the run's own reason, or how it was cut off). */
  reason?: string;
  /** The page session that writes it while `status` is 'recording' (see {@link SESSION}). */
  session: string;
  /** The policy server's base URL (never a key: keys are not allowed in base URLs). */
  server: string;
  policy: string;
  prm: string | null;
  problem: Problem;
  strategy: { name: string; params: Record<string, unknown> };
  seed: number;
  /** Pool nodes (samples) and events recorded so far, and the chunks that hold them. */
  nodeCount: number;
  eventCount: number;
  chunks: number;
  /** The run's answer, once it ended. */
  answer?: string | null;
  correct?: boolean;
}

/** This page's id: a meta still 'recording' under another session was cut off (reload, crash, closed tab). */
export const SESSION = randomId('s');

/** A random id (`getRandomValues` works on plain-http pages too, unlike `randomUUID`). */
export function randomId(prefix: string): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return `${prefix}-${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The reason shown for a recording whose page went away mid-run. */
export const INTERRUPTED = 'interrupted: the page was closed or reloaded during the live run (everything recorded until then is kept)';

/** Whether a meta is still 'recording' but its page is gone. */
export function isInterrupted(meta: RecordingMeta, session = SESSION): boolean {
  return meta.status === 'recording' && meta.session !== session;
}
