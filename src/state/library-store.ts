/**
 * The Library: the live recordings kept in this browser (recording-db.ts), listed newest first,
 * with the actions the Library panel offers — open (replay in the Explorer), delete, export as a
 * `.trace.json.gz` bundle. The list follows the recordings being written in this page at once
 * (the writers report every append); other changes show after `refresh`.
 */
import { create } from 'zustand';
import type { Bundle } from '../trace/index';
import { isInterrupted, INTERRUPTED, type RecordingMeta } from './recording-meta';

/** The IndexedDB code, loaded on first use (not on the first screen). */
const db = () => import('./recording-db');

export interface LibraryState {
  items: RecordingMeta[];
  /** The list was read at least once. */
  loaded: boolean;
  /** The last failure of the Library itself (IndexedDB unavailable …). */
  error: string | null;
}

export const useLibrary = create<LibraryState>(() => ({ items: [], loaded: false, error: null }));
export const selectItems = (s: LibraryState) => s.items;
export const selectLibraryError = (s: LibraryState) => s.error;
export const selectLoaded = (s: LibraryState) => s.loaded;

const set = useLibrary.setState;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** How a recording ended, in words, for the list. */
export function statusLabel(meta: RecordingMeta): { label: 'complete' | 'incomplete' | 'recording'; reason?: string } {
  if (isInterrupted(meta)) return { label: 'incomplete', reason: INTERRUPTED };
  if (meta.status === 'recording') return { label: 'recording' };
  return meta.status === 'complete' ? { label: 'complete' } : { label: 'incomplete', reason: meta.reason };
}

/** A file name for a recording's export: `<strategy>-<problem>-<date>.trace.json.gz`, safe on every OS. */
export function exportName(meta: RecordingMeta): string {
  const date = meta.createdAt.slice(0, 19).replace(/[:T]/g, '-');
  const slug = `${meta.strategy.name}-${meta.problem.id}-${date}`.replace(/[^\w.-]+/g, '_');
  return `${slug}.trace.json.gz`;
}

/** Gzip text with the platform's CompressionStream (browsers, workers, Node ≥ 18). */
export async function gzipText(text: string): Promise<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const input = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return new Uint8Array(await new Response(input.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

export const library = {
  /** Read the list from IndexedDB. */
  async refresh(): Promise<void> {
    try {
      set({ items: await (await db()).listRecordings(), loaded: true, error: null });
    } catch (err) {
      set({ loaded: true, error: `The Library could not be read: ${message(err)}` });
    }
  },

  /** A writer in this page created, appended to or finished a recording. */
  noteChange(meta: RecordingMeta): void {
    set((s) => {
      const at = s.items.findIndex((m) => m.id === meta.id);
      if (at < 0) return { items: [meta, ...s.items] };
      const items = s.items.slice();
      items[at] = meta;
      return { items };
    });
  },

  /** Delete a recording (meta and every chunk). */
  async remove(id: string): Promise<void> {
    try {
      await (await db()).deleteRecording(id);
      set((s) => ({ items: s.items.filter((m) => m.id !== id), error: null }));
    } catch (err) {
      set({ error: `Could not delete the recording: ${message(err)}` });
    }
  },

  /** A recording as a validated bundle (what Open and Export use). */
  async bundle(id: string): Promise<Bundle> {
    return (await db()).recordingToBundle(id);
  },

  /**
   * A recording as a gzipped bundle file: its name and bytes. The bundle replays offline to the
   * same tree, and loads back through "Load trace…".
   */
  async exportFile(id: string): Promise<{ name: string; bytes: Uint8Array }> {
    const meta = useLibrary.getState().items.find((m) => m.id === id);
    const bundle = await (await db()).recordingToBundle(id);
    const { serializeBundle } = await import('../trace/index');
    const bytes = await gzipText(serializeBundle(bundle));
    return { name: meta ? exportName(meta) : `${id}.trace.json.gz`, bytes };
  },
};
