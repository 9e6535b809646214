/**
 * A live run end to end, in one thread: the Explorer's actions → the real SearchService (in-thread
 * fake bridge) → real `fetch` → serve-sim on a free port (requiring an API key) → the recorder →
 * IndexedDB (fake-indexeddb). The recording is complete, exports as a gzipped bundle that the
 * bundle loader reads and that replays to the same events, opens in the Explorer to the same
 * tree, and the API key is in none of what was stored or exported.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimServer, type SimServer } from '../cli/serve-sim/index';
import type { SearchEvent } from '../search/events';
import { readBundleFile } from '../workers/bundle-file';
import { SearchService } from '../workers/search-service';
import { explorer } from './explorer-actions';
import { useExplorer } from './explorer-store';
import { library, useLibrary } from './library-store';
import type { LiveServer } from './live-config';
import { blankDraft, checkDraft, type ServerDraft } from './live-draft';
import { live } from './live-actions';
import { KEYS_KEY, SERVERS_KEY, useLive } from './live-store';
import { getPlayback } from './playback-store';
import { listRecordings, readRecording } from './recording-db';
import { recordingsIdle } from './live-run';
import { resetFakeBridge } from './testing/fake-bridge';
import { clearRecordings, resetLiveState } from './testing/live-env';
import { memoryStorage } from './testing/memory-storage';

vi.mock('../workers/bridge', async () => (await import('./testing/fake-bridge')).fakeBridgeModule());

const KEY = 'sk-live-test-0123456789abcdef';
const state = () => useExplorer.getState();
const settled = () => vi.waitFor(() => expect(state().status).not.toMatch(/idle|running/), { timeout: 20_000 });
const noWall = (e: SearchEvent) => ({ ...e, compute: { ...e.compute, wallMs: 0 } });

let sim: SimServer;
let storage: ReturnType<typeof memoryStorage>;
beforeAll(async () => {
  sim = await startSimServer({ port: 0, apiKey: KEY });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => {
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  resetFakeBridge();
  resetLiveState();
});
afterEach(async () => {
  await clearRecordings();
  vi.unstubAllGlobals();
});

function server(patch: Partial<ServerDraft> = {}): LiveServer {
  const checked = checkDraft({ ...blankDraft(), name: 'serve-sim', baseUrl: sim.url, model: 'sim-7B', prmType: 'pooling', prmModel: 'sim-PRM-34B', ...patch }, 'serve-sim');
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  live.saveServer(checked.server);
  return checked.server;
}

/** Everything this page stored: localStorage and every IndexedDB record, as text. */
async function everythingStored(): Promise<string> {
  const parts = [JSON.stringify(storage.dump())];
  for (const m of await listRecordings()) parts.push(JSON.stringify(await readRecording(m.id)));
  return parts.join('\n');
}

describe('a live REBASE run in the Explorer', () => {
  it('is recorded as it goes, completes, exports, and replays to the identical tree; the key is stored nowhere', async () => {
    server();
    live.setKey('serve-sim', 'policy', KEY);
    explorer.init('?src=sim&problem=sim-L2-0003&s=rebase&width=8&seed=0');
    await settled();
    expect(explorer.runLive('serve-sim')).toBe(true);
    expect(state().params.source).toEqual({ kind: 'live', id: 'serve-sim' });
    await settled();
    expect(state().status).toBe('done');
    expect(state().runNote).toBeNull();
    const liveEvents = getPlayback().events.slice();
    const done = liveEvents.at(-1) as Extract<SearchEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.incomplete).toBeUndefined();
    expect(done.solutions).toBe(8);
    await recordingsIdle();

    const [meta] = await listRecordings();
    expect(meta).toMatchObject({ status: 'complete', nodeCount: done.nodes, eventCount: liveEvents.length, policy: 'sim-7B', prm: 'sim-PRM-34B', server: sim.url, answer: done.answer });
    expect(useLibrary.getState().items).toContainEqual(expect.objectContaining({ id: meta.id, status: 'complete' }));

    // Export → the bundle loader (gzip detected by content) → a replay in a fresh worker service.
    const file = await library.exportFile(meta.id);
    expect(file.name).toMatch(/^rebase-sim-L2-0003-.*\.trace\.json\.gz$/);
    expect([file.bytes[0], file.bytes[1]]).toEqual([0x1f, 0x8b]);
    const bundle = await readBundleFile(file.name, file.bytes);
    expect(bundle.meta.source).toBe('live');
    expect(bundle.pools[0].nodes).toHaveLength(done.nodes);
    const service = new SearchService();
    const summary = await service.loadBundle(file.name, file.bytes);
    const replayed: SearchEvent[] = [];
    const outcome = await service.run({ source: { kind: 'bundle', bundleKey: summary.key }, problemId: 'sim-L2-0003', spec: state().params.spec, seed: 0 }, (b) => replayed.push(...b));
    expect(outcome.status).toBe('done');
    expect(replayed.map(noWall)).toEqual(liveEvents.map(noWall));

    // Open in the Explorer from the Library: the same tree.
    await explorer.openRecording(meta.id);
    await settled();
    expect(state().params.source).toEqual({ kind: 'recording', id: meta.id });
    expect(getPlayback().events.map(noWall)).toEqual(liveEvents.map(noWall));

    const stored = await everythingStored();
    expect(stored).toContain('sim-L2-0003');
    expect(stored).not.toContain(KEY);
    const exported = new TextDecoder().decode(await gunzip(file.bytes));
    expect(exported).not.toContain(KEY);
    expect(storage.getItem(SERVERS_KEY)).toContain(sim.url);
    expect(storage.getItem(KEYS_KEY)).toBeNull();
  });

  it('keeps the key on this computer only when asked to, and Forget removes it', () => {
    server();
    live.setKey('serve-sim', 'policy', KEY);
    expect(storage.getItem(KEYS_KEY)).toBeNull();
    live.setRemember('serve-sim', true);
    expect(storage.getItem(KEYS_KEY)).toContain(KEY);
    expect(storage.getItem(SERVERS_KEY)).not.toContain(KEY);
    live.forgetKeys('serve-sim');
    expect(storage.getItem(KEYS_KEY)).toBeNull();
    expect(useLive.getState().keys['serve-sim']).toBeUndefined();
  });

  it('without the key, ends incomplete with the 401 explained, and keeps no recording of nothing', async () => {
    server();
    explorer.runLive('serve-sim');
    await settled();
    expect(state().status).toBe('done');
    expect(state().runNote).toMatch(/^The run ended early: .*POST \/v1\/completions — HTTP 401/);
    await recordingsIdle();
    expect(await listRecordings()).toEqual([]);
  });

  it('without a PRM, strategies that need rewards are refused with the reason, and the source starts on a vote that runs', async () => {
    server({ prmType: 'none', prmModel: '' });
    live.setKey('serve-sim', 'policy', KEY);
    explorer.init('?src=sim&problem=sim-L2-0003&s=rebase&width=4');
    await settled();
    explorer.runLive('serve-sim');
    expect(state().params.spec).toMatchObject({ name: 'sample', params: { aggregate: 'majority' } });
    await settled();
    expect(state().status).toBe('done');
    expect(explorer.setParams({ spec: { name: 'rebase', params: { width: 4 } } as never })).toBe(false);
    expect(state().notices.at(-1)).toBe('Not applied: REBASE splits its width by PRM rewards, and this backend has no PRM (add one in the Backends panel)');
  });

  it('Stop aborts the requests in flight, keeps the tree, and the recording ends incomplete "cancelled" with every node shown', async () => {
    const slow = await startSimServer({ port: 0, latencyMs: 1000 });
    try {
      const checked = checkDraft({ ...blankDraft(), name: 'slow', baseUrl: slow.url, model: 'sim-7B', prmType: 'pooling', prmModel: 'sim-PRM-34B' }, 'slow');
      if (!checked.ok) throw new Error('bad draft');
      live.saveServer(checked.server);
      explorer.init('?src=sim&problem=sim-L4-0001&s=rebase&width=8&seed=0');
      await settled();
      explorer.runLive('slow');
      // The first 8 nodes are in; their scoring (a 1 s answer) is in flight.
      await vi.waitFor(() => expect(getPlayback().events.filter((e) => e.type === 'node').length).toBe(8), { timeout: 10_000 });
      const stoppedAt = performance.now();
      explorer.stopRun();
      await settled();
      expect(performance.now() - stoppedAt).toBeLessThan(700); // the answer in flight was not waited for
      expect(state().status).toBe('cancelled');
      expect(state().runNote).toBe('The run was cancelled.');
      const shown = getPlayback().events.filter((e) => e.type === 'node').length;
      await recordingsIdle();
      const [meta] = await listRecordings();
      expect(meta).toMatchObject({ status: 'incomplete', reason: 'cancelled' });
      expect(meta.nodeCount).toBeGreaterThanOrEqual(shown);
    } finally {
      await slow.close();
    }
  });

  it('a link to a live source never starts a live run', async () => {
    server();
    explorer.init('?src=live:serve-sim&model=sim-7B&problem=sim-L2-0003&s=rebase&width=4');
    await settled();
    expect(state().params.source).toEqual({ kind: 'sim' });
    expect(state().notices.join()).toMatch(/a link never starts a live run/);
  });
});

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const input = new ReadableStream<BufferSource>({ start(c) { c.enqueue(new Uint8Array(bytes)); c.close(); } });
  return new Uint8Array(await new Response(input.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}
