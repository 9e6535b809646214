/**
 * Live recordings in IndexedDB (issue 7 item 5; docs/live.md). Two object stores:
 * - `recordings` — one `RecordingMeta` per live run (what the Library lists), keyed by id;
 * - `chunks` — what the run recorded, appended as it goes: one `RecordingChunk` per write, keyed
 *   by `[recordingId, seq]`, holding the batch's events and its record delta (pool nodes,
 *   rewards).
 * Each append writes its chunk and the updated meta in one transaction, so a reload or a crash
 * keeps every chunk written before it, and the meta's counts always match its chunks.
 *
 * Uses `idb` (a ~1 kB promise wrapper over the IndexedDB API) rather than raw request callbacks.
 * Nothing here ever holds an API key: metas name the server by its base URL only.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SearchEvent } from '../search/events';
import type { Bundle } from '../trace/index';
import type { RecordDelta } from '../workers/protocol';
import { emptyPool, foldDelta, recordingBundle } from './recording-bundle';
import { INTERRUPTED, isInterrupted, SESSION, type RecordingMeta } from './recording-meta';

export { INTERRUPTED, isInterrupted, randomId, SESSION, type RecordingMeta, type RecordingStatus } from './recording-meta';

export const RECORDING_DB = 'inference-frontier-recordings';
const VERSION = 1;

export interface RecordingChunk {
  recordingId: string;
  seq: number;
  events: SearchEvent[];
  record: RecordDelta;
}

interface Schema extends DBSchema {
  recordings: { key: string; value: RecordingMeta };
  chunks: { key: [string, number]; value: RecordingChunk };
}

let db: Promise<IDBPDatabase<Schema>> | null = null;

/** The database, opened once per page. */
export function recordingDb(): Promise<IDBPDatabase<Schema>> {
  db ??= openDB<Schema>(RECORDING_DB, VERSION, {
    upgrade(d) {
      if (!d.objectStoreNames.contains('recordings')) d.createObjectStore('recordings', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('chunks')) d.createObjectStore('chunks', { keyPath: ['recordingId', 'seq'] });
    },
    blocking() {
      // A newer version elsewhere wants the database: let it, and reopen on next use.
      void db?.then((x) => x.close());
      db = null;
    },
  });
  return db;
}

/** Close this page's connection (tests use it to simulate a reload). */
export async function closeRecordingDb(): Promise<void> {
  const open = db;
  db = null;
  if (open) (await open).close();
}

/** Append one chunk and the meta it updates, atomically. */
export async function appendChunk(meta: RecordingMeta, chunk: RecordingChunk): Promise<void> {
  const d = await recordingDb();
  const tx = d.transaction(['recordings', 'chunks'], 'readwrite');
  await Promise.all([tx.objectStore('chunks').put(chunk), tx.objectStore('recordings').put(meta), tx.done]);
}

/** Replace a meta (the end of a run). */
export async function putMeta(meta: RecordingMeta): Promise<void> {
  await (await recordingDb()).put('recordings', meta);
}

/** Every recording, newest first. */
export async function listRecordings(): Promise<RecordingMeta[]> {
  const all = await (await recordingDb()).getAll('recordings');
  return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** One recording's meta and chunks (in order), or undefined when there is none. */
export async function readRecording(id: string): Promise<{ meta: RecordingMeta; chunks: RecordingChunk[] } | undefined> {
  const d = await recordingDb();
  const tx = d.transaction(['recordings', 'chunks'], 'readonly');
  const [meta, chunks] = await Promise.all([
    tx.objectStore('recordings').get(id),
    tx.objectStore('chunks').getAll(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])),
    tx.done,
  ]);
  return meta ? { meta, chunks: chunks.sort((a, b) => a.seq - b.seq) } : undefined;
}

/** Delete a recording and its chunks (one transaction). */
export async function deleteRecording(id: string): Promise<void> {
  const d = await recordingDb();
  const tx = d.transaction(['recordings', 'chunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('recordings').delete(id),
    tx.objectStore('chunks').delete(IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])),
    tx.done,
  ]);
}

/** A recording's chunks as a validated bundle with its run (events as recorded). */
export function bundleOfChunks(meta: RecordingMeta, chunks: readonly RecordingChunk[], session = SESSION): Bundle {
  const pool = emptyPool();
  const events: SearchEvent[] = [];
  for (const c of chunks) {
    foldDelta(pool, c.record);
    for (const e of c.events) events.push(e);
  }
  const interrupted = isInterrupted(meta, session) ? INTERRUPTED : meta.status === 'recording' ? 'still recording: this is what was recorded so far' : (meta.reason ?? 'the run did not finish');
  const notes = [`Recorded live from ${meta.server}: ${meta.policy}${meta.prm ? ` with PRM ${meta.prm}` : ', no PRM'}.`];
  if (meta.status !== 'complete') notes.push(`Incomplete — ${isInterrupted(meta, session) ? INTERRUPTED : meta.reason ?? interrupted}.`);
  return recordingBundle({
    title: meta.title, createdAt: meta.createdAt, notes: notes.join(' '), pool,
    run: { strategy: meta.strategy, seed: meta.seed, events, interrupted },
  });
}

/** The bundle of a stored recording; throws when it is gone or holds nothing. */
export async function recordingToBundle(id: string): Promise<Bundle> {
  const rec = await readRecording(id);
  if (!rec) throw new Error(`there is no recording "${id}" on this computer (deleted, or recorded in another browser)`);
  return bundleOfChunks(rec.meta, rec.chunks);
}
