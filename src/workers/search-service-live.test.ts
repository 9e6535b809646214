/**
 * The worker service's live runs, called directly in Node against serve-sim on a free port (real
 * `fetch`): every batch carries what was recorded with it; the deltas fold into a bundle that
 * replays to the identical events even when the server answers out of order; the API key goes to
 * the server and nowhere else; cancel aborts the requests in flight at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../cli/serve-sim/index';
import type { LiveBackendConfig } from '../backends/index';
import type { SearchEvent } from '../search/events';
import { parseSpec } from '../search/strategies/index';
import { simProblem } from '../sim/index';
import { emptyPool, foldDelta, recordingBundle } from '../state/recording-bundle';
import { serializeBundle } from '../trace/index';
import type { RecordDelta, RunRequest } from './protocol';
import { SearchService } from './search-service';

const KEY = 'sk-worker-secret-42';
let jittery: SimServer;
let slow: SimServer;
beforeAll(async () => {
  // Jitter makes the answers of one depth come back in any order.
  jittery = await startSimServer({ port: 0, jitterMs: 12, apiKey: KEY });
  slow = await startSimServer({ port: 0, latencyMs: 3000 });
});
afterAll(async () => {
  await jittery?.close();
  await slow?.close();
});

const config = (url: string, apiKey?: string): LiveBackendConfig => ({
  policy: { baseUrl: url, model: 'sim-7B', params: 6.74e9, format: 'plain', ...(apiKey ? { apiKey } : {}) },
  prm: { type: 'pooling', baseUrl: url, model: 'sim-PRM-34B', params: 3.37e10, ...(apiKey ? { apiKey } : {}) },
});
const rebase = parseSpec({ name: 'rebase', params: { width: 8 } });
const noWall = (e: SearchEvent) => ({ ...e, compute: { ...e.compute, wallMs: 0 } });

function request(url: string, problemId: string, seed: number, apiKey?: string): RunRequest {
  return { source: { kind: 'live', config: config(url, apiKey), problem: simProblem(problemId) }, problemId, spec: rebase, seed };
}

async function collect(service: SearchService, req: RunRequest) {
  const batches: { events: SearchEvent[]; record?: RecordDelta }[] = [];
  const outcome = await service.run(req, (events, record) => { batches.push({ events, ...(record ? { record } : {}) }); });
  return { outcome, batches, events: batches.flatMap((b) => b.events), deltas: batches.flatMap((b) => (b.record ? [b.record] : [])) };
}

describe('SearchService: live runs', () => {
  it.each([0, 1, 2])('REBASE (seed %i): the recorded deltas replay to the identical events, answers out of order or not', async (seed) => {
    const problemId = `sim-L2-000${seed + 3}`;
    const { outcome, events, deltas } = await collect(new SearchService(), request(jittery.url, problemId, seed, KEY));
    expect(outcome.status).toBe('done');
    expect(outcome.done?.incomplete).toBeUndefined();
    const pool = deltas.reduce(foldDelta, emptyPool());
    expect(pool.nodes).toHaveLength(outcome.done!.nodes);
    const bundle = recordingBundle({ title: 't', createdAt: '2026-11-27T00:00:00Z', pool, run: { strategy: { name: rebase.name, params: { ...rebase.params } }, seed, events } });
    const replayer = new SearchService();
    const summary = await replayer.loadBundle('live.trace.json', serializeBundle(bundle));
    const replay = await collect(replayer, { source: { kind: 'bundle', bundleKey: summary.key }, problemId, spec: rebase, seed });
    expect(replay.events.map(noWall)).toEqual(events.map(noWall));
  });

  it('sends the key to the server and puts it in no batch, delta or outcome', async () => {
    const run = await collect(new SearchService(), request(jittery.url, 'sim-L1-0001', 0, KEY));
    expect(run.outcome.status).toBe('done');
    expect(run.outcome.done?.incomplete).toBeUndefined();
    expect(JSON.stringify(run)).not.toContain(KEY);
    // Without it the server refuses: the key did travel in the request.
    const refused = await collect(new SearchService(), request(jittery.url, 'sim-L1-0001', 0, 'sk-wrong'));
    expect(refused.outcome.done?.incomplete?.reason).toMatch(/HTTP 401/);
    expect(JSON.stringify(refused)).not.toContain('sk-wrong');
  });

  it('cancel aborts the requests in flight at once and ends the run "cancelled", keeping what was recorded', async () => {
    const service = new SearchService();
    const started = performance.now();
    const running = collect(service, request(slow.url, 'sim-L2-0001', 0));
    await new Promise((r) => setTimeout(r, 200));
    service.cancel();
    const { outcome, events } = await running;
    expect(performance.now() - started).toBeLessThan(2000); // the 3 s answer was not waited for
    expect(outcome.status).toBe('cancelled');
    expect(events.at(-1)).toMatchObject({ type: 'done', incomplete: { reason: 'cancelled' } });
  });

  it('a config the backend cannot build ends the request with a readable error and no key', async () => {
    const bad: RunRequest = { ...request(jittery.url, 'sim-L1-0001', 0, KEY), source: { kind: 'live', config: { ...config('http://user:pw@127.0.0.1:1', KEY) }, problem: simProblem('sim-L1-0001') } };
    const { outcome, batches } = await collect(new SearchService(), bad);
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatch(/base URL/);
    expect(outcome.error).not.toContain(KEY);
    expect(batches).toEqual([]);
  });
});
