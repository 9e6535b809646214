/**
 * The recorder's IndexedDB side (fake-indexeddb): every batch is in the database as soon as its
 * write is done — read back over a fresh connection, as a reloaded page would — a run cut off
 * mid-way keeps all it wrote and shows as interrupted, and a recording deletes whole.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpBackend } from '../backends/index';
import { fakeServer } from '../backends/testing/fake-server';
import type { SearchEvent } from '../search/events';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy } from '../search/strategies/index';
import type { Problem } from '../search/types';
import { ReplayBackend } from '../trace/index';
import { createRecordTap } from '../workers/live-recorder';
import type { RecordDelta } from '../workers/protocol';
import {
  bundleOfChunks, closeRecordingDb, deleteRecording, INTERRUPTED, isInterrupted, listRecordings, readRecording, SESSION,
} from './recording-db';
import { RecordingWriter, type RecordingSubject } from './recording-writer';

const problem: Problem = { id: 'p', question: 'What is 1 + 1?', answer: '2' };
const spec = parseSpec({ name: 'rebase', params: { width: 6, maxDepth: 6 } });
const subject: RecordingSubject = { server: 'http://127.0.0.1:8000', policy: 'fake-7b', prm: 'Qwen/Qwen2.5-Math-PRM-7B', problem, strategy: spec, seed: 3 };

/** A live REBASE run against the fake server, as batches: one per backend call, events and delta together. */
async function liveBatches(): Promise<{ batches: { events: SearchEvent[]; record?: RecordDelta }[]; events: SearchEvent[] }> {
  const f = fakeServer({ pooling: true, depth: 4 });
  const http = createHttpBackend({ policy: { baseUrl: 'http://127.0.0.1:8000', model: 'fake-7b', params: 7e9 }, prm: { type: 'pooling', baseUrl: 'http://127.0.0.1:8000', model: 'Qwen/Qwen2.5-Math-PRM-7B' } }, { fetch: f.fetch });
  const batches: { events: SearchEvent[]; record?: RecordDelta }[] = [];
  let pending: RecordDelta | undefined;
  const { tap } = createRecordTap(http, (d) => { pending = { ...(pending ?? {}), ...d, nodes: [...(pending?.nodes ?? []), ...(d.nodes ?? [])], rewards: [...(pending?.rewards ?? []), ...(d.rewards ?? [])] }; });
  const events: SearchEvent[] = [];
  await runStrategy(problem, tap, spec, {
    rng: createRng(1),
    emit: (e) => {
      events.push(e);
      batches.push({ events: [e], ...(pending ? { record: pending } : {}) });
      pending = undefined;
    },
  });
  return { batches, events };
}

afterEach(async () => {
  for (const m of await listRecordings()) await deleteRecording(m.id);
  await closeRecordingDb();
});

describe('RecordingWriter', () => {
  it('appends as it goes: after each write, a fresh connection reads every batch so far', async () => {
    const { batches } = await liveBatches();
    const writer = new RecordingWriter(subject);
    let nodes = 0;
    let events = 0;
    let checked = 0;
    for (const [i, b] of batches.entries()) {
      writer.append(b.events, b.record);
      nodes += b.record?.nodes?.length ?? 0;
      events += b.events.length;
      if (i % 7 !== 3 || nodes === 0) continue;
      await writer.idle();
      await closeRecordingDb(); // a new connection, as after a reload
      const rec = await readRecording(writer.id);
      expect(rec?.meta).toMatchObject({ status: 'recording', nodeCount: nodes, eventCount: events, session: SESSION });
      expect(rec!.chunks.flatMap((c) => c.record.nodes ?? [])).toHaveLength(nodes);
      expect(rec!.chunks.flatMap((c) => c.events)).toHaveLength(events);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
    await writer.finish({ status: 'done', done: batches.at(-1)!.events[0] as Extract<SearchEvent, { type: 'done' }> });
    const [meta] = await listRecordings();
    expect(meta).toMatchObject({ id: writer.id, status: 'complete', nodeCount: nodes, eventCount: events });
  });

  it('a run cut off mid-way (no finish, page gone) keeps everything it wrote, lists as interrupted, and replays what it recorded', async () => {
    const { batches, events } = await liveBatches();
    const cut = Math.floor(batches.length / 2);
    const writer = new RecordingWriter(subject);
    for (const b of batches.slice(0, cut)) writer.append(b.events, b.record);
    await writer.idle();
    await closeRecordingDb(); // the page is gone; the next page has another session
    const [meta] = await listRecordings();
    expect(isInterrupted(meta, 'next-page')).toBe(true);
    const rec = (await readRecording(meta.id))!;
    const wroteNodes = batches.slice(0, cut).reduce((n, b) => n + (b.record?.nodes?.length ?? 0), 0);
    expect(meta.nodeCount).toBe(wroteNodes);
    const bundle = bundleOfChunks(rec.meta, rec.chunks, 'next-page');
    expect(bundle.pools[0].nodes).toHaveLength(wroteNodes);
    expect(bundle.runs![0].result.incomplete?.reason).toBe(INTERRUPTED);
    expect(bundle.runs![0].events).toEqual(events.slice(0, cut));
    // A replay of the recorded part follows the live run event for event until the recording ends.
    const replayed: SearchEvent[] = [];
    await runStrategy(problem, new ReplayBackend(bundle, problem.id), spec, { rng: createRng(1), emit: (e) => replayed.push(e) });
    const noWall = (e: SearchEvent) => ({ ...e, compute: { ...e.compute, wallMs: 0 } });
    const lastNode = events.slice(0, cut).findLastIndex((e) => e.type === 'node');
    expect(replayed.slice(0, lastNode + 1).map(noWall)).toEqual(events.slice(0, lastNode + 1).map(noWall));
  });

  it('leaves no recording for a run that ended before any sample came back', async () => {
    const writer = new RecordingWriter(subject);
    writer.append([], { start: { models: {}, problem, pool: { problemId: 'p', policy: 'fake-7b', prm: null, sampling: { temperature: 1 } } } });
    await writer.finish({ status: 'done' });
    expect(await listRecordings()).toEqual([]);
  });

  it('marks a run that failed incomplete with its reason, and deletes whole', async () => {
    const { batches } = await liveBatches();
    const writer = new RecordingWriter(subject);
    for (const b of batches.slice(0, 10)) writer.append(b.events, b.record);
    await writer.finish({ status: 'error', error: 'the search worker failed: boom' });
    const [meta] = await listRecordings();
    expect(meta).toMatchObject({ status: 'incomplete', reason: 'the run failed: the search worker failed: boom' });
    await deleteRecording(meta.id);
    expect(await readRecording(meta.id)).toBeUndefined();
    expect(await listRecordings()).toEqual([]);
  });
});
