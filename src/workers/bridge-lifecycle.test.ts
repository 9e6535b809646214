/**
 * The bridge's ownership of the worker's life, with fake workers: a MessageChannel with the real
 * SearchService exposed on its far end, so Comlink runs as in the browser, while a test decides
 * what the "worker" does (hang, fail to start) — things the real worker cannot be made to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchEvent } from '../search/events';
import { parseSpec } from '../search/strategies/index';
import { SearchBridge } from './bridge';
import type { BatchListener, RunOutcome, RunRequest } from './protocol';
import { SearchService } from './search-service';

const FIXTURE = 'sim-rebase.trace.json';
const fixtureText = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', FIXTURE), 'utf8');
const SMALL: RunRequest = {
  source: { kind: 'sim', model: 'sim-7B', prm: 'default' }, problemId: 'sim-L3-0002',
  spec: parseSpec({ name: 'rebase', params: { width: 8 } }), seed: 0,
};
/** A run stuck outside the search loop (say, on a network call that never answers). */
const HANGS: RunRequest = { ...SMALL, problemId: 'hang' };

/** The real service, except that the 'hang' problem never ends and ignores its cancel flag. */
class Service extends SearchService {
  readonly loaded: string[] = [];
  runs = 0;
  override async loadBundle(fileName: string, data: string | ArrayBuffer | Uint8Array) {
    this.loaded.push(fileName);
    return super.loadBundle(fileName, data);
  }
  override run(req: RunRequest, onBatch: BatchListener): Promise<RunOutcome> {
    this.runs++;
    return req.problemId === 'hang' ? new Promise<RunOutcome>(() => {}) : super.run(req, onBatch);
  }
}

interface FakeWorker { service: Service; terminated: boolean }

function fakeBridge(graceMs = 20) {
  const workers: FakeWorker[] = [];
  const bridge = new SearchBridge({
    graceMs,
    createWorker: () => {
      const { port1, port2 } = new MessageChannel();
      const fake: FakeWorker = { service: new Service(), terminated: false };
      Comlink.expose(fake.service, port2);
      workers.push(fake);
      return Object.assign(port1, {
        terminate() {
          fake.terminated = true;
          port1.close();
          port2.close();
        },
      }) as unknown as Worker;
    },
  });
  bridges.push(bridge);
  return { bridge, workers };
}

const bridges: SearchBridge[] = [];
afterEach(() => {
  for (const b of bridges.splice(0)) b.dispose();
});

describe('SearchBridge worker life', () => {
  it('a run that ignores its cancel is cut off after the grace period, and bundles follow to the fresh worker', async () => {
    const { bridge, workers } = fakeBridge();
    const summary = await bridge.loadBundle(FIXTURE, fixtureText);
    const stuck = bridge.run(HANGS, () => {});
    await vi.waitFor(() => expect(workers[0].service.runs).toBe(1));
    stuck.cancel();
    expect(await stuck.done).toEqual({ status: 'cancelled' });
    expect(workers[0].terminated).toBe(true);

    const [run] = summary.runs;
    const events: SearchEvent[] = [];
    const replay = await bridge.run({
      source: { kind: 'bundle', bundleKey: summary.key }, problemId: run.problemId, spec: parseSpec(run.strategy), seed: run.seed,
    }, (b) => events.push(...b)).done;
    expect(replay).toMatchObject({ status: 'done', done: { nodes: summary.nodeCount } });
    expect(events.at(-1)).toEqual(replay.done);
    expect(workers).toHaveLength(2);
    expect(workers[1].service.loaded).toEqual([FIXTURE]);
  });

  it('a new run is not lost with the stuck run\'s worker: it runs on a fresh one', async () => {
    const { bridge, workers } = fakeBridge();
    const stuck = bridge.run(HANGS, () => {});
    await vi.waitFor(() => expect(workers[0].service.runs).toBe(1));
    const events: SearchEvent[] = [];
    const next = bridge.run(SMALL, (b) => events.push(...b));
    expect((await stuck.done).status).toBe('cancelled');
    expect((await next.done).status).toBe('done');
    expect(events.at(-1)?.type).toBe('done');
    expect(workers.map((w) => [w.terminated, w.service.runs])).toEqual([[true, 1], [false, 1]]);
  });

  it('a run cancelled at once never reaches the worker and delivers nothing', async () => {
    const { bridge, workers } = fakeBridge();
    let batches = 0;
    const handle = bridge.run(SMALL, () => { batches++; });
    handle.cancel();
    expect(await handle.done).toEqual({ status: 'cancelled' });
    expect(batches).toBe(0);
    expect(workers.every((w) => w.service.runs === 0)).toBe(true);
  });

  it('a worker that fails to start ends the run with an error instead of hanging', async () => {
    const broken = new EventTarget();
    const bridge = new SearchBridge({
      createWorker: () => {
        queueMicrotask(() => broken.dispatchEvent(Object.assign(new Event('error'), { message: 'SyntaxError in search.worker.ts' })));
        return Object.assign(broken, { postMessage() {}, terminate() {} }) as unknown as Worker;
      },
    });
    bridges.push(bridge);
    const outcome = await bridge.run(SMALL, () => {}).done;
    expect(outcome).toEqual({ status: 'error', error: 'the search worker failed: SyntaxError in search.worker.ts' });
  });
});
