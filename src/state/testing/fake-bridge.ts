/**
 * Test doubles for src/state's tests: a stand-in for the worker bridge that runs the real
 * `SearchService` in the same thread (same validation, same replay, same batches, no Worker), and
 * a helper that records a real sim run's events for a Playback.
 *
 * Use with `vi.mock('../workers/bridge', () => fakeBridgeModule())` (the factory may import this
 * module dynamically, since vi.mock is hoisted above imports).
 */
import type { SearchEvent } from '../../search/events';
import { createRng } from '../../search/rng';
import { runStrategy } from '../../search/strategies/index';
import { runSeed } from '../../search/sweep';
import { SimBackend, simProblem, type PrmSetting, type SimModelId } from '../../sim/index';
import type { RunHandle, RunOptions } from '../../workers/bridge';
import type { BundleSummary, RunOutcome, RunRequest } from '../../workers/protocol';
import { SearchService, type SearchServiceEnv } from '../../workers/search-service';
import { checkSpec } from '../spec-query';

/** The bridge's surface as src/state uses it, backed by an in-thread SearchService. */
export class FakeBridge {
  readonly service: SearchService;
  /** Every request, in order (what the Explorer asked the worker to run). */
  readonly runs: RunRequest[] = [];
  /** Every file name passed to loadBundle. */
  readonly loads: string[] = [];
  /** Make the next loadBundle calls reject with this message. */
  failLoads: string | null = null;

  /** `env` reaches the service (a fake `fetch` for live runs). */
  constructor(env: SearchServiceEnv = {}) {
    this.service = new SearchService(env);
  }

  run(req: RunRequest, onBatch: (events: SearchEvent[]) => void, opts: RunOptions = {}): RunHandle {
    this.runs.push(req);
    let cancelled = false;
    const done = this.service
      .run(req, (batch, record) => {
        // As the real bridge: the recorder hears every batch, the view none after cancel.
        opts.onRecord?.(batch, record);
        if (!cancelled) onBatch(batch);
      })
      .then((outcome): RunOutcome => (cancelled ? { status: 'cancelled' } : outcome));
    return {
      done,
      cancel: () => {
        cancelled = true;
        this.service.cancel();
      },
    };
  }

  async loadBundle(fileName: string, data: ArrayBuffer | string): Promise<BundleSummary> {
    this.loads.push(fileName);
    if (this.failLoads !== null) throw new Error(`${fileName}: ${this.failLoads}`);
    return this.service.loadBundle(fileName, data);
  }

  async measureAuroc(setting: PrmSetting): Promise<number> {
    return this.service.measureAuroc(setting);
  }

  dispose(): void {
    this.service.cancel();
  }
}

let bridge = new FakeBridge();

/** The current fake (tests may replace it with {@link resetFakeBridge}). */
export function fakeBridge(): FakeBridge {
  return bridge;
}

/** A fresh fake for the next test (`env`: e.g. the fetch its live runs use). */
export function resetFakeBridge(env: SearchServiceEnv = {}): FakeBridge {
  bridge.dispose();
  bridge = new FakeBridge(env);
  return bridge;
}

/** What `vi.mock('../workers/bridge', …)` should return. */
export function fakeBridgeModule(): { getSearchBridge: () => FakeBridge } {
  return { getSearchBridge: () => bridge };
}

/** Run a spec on a sim problem as the worker would (same run seed) and keep every event. */
export async function recordSimRun(spec: unknown, problemId = 'sim-L3-0002', model: SimModelId = 'sim-7B', seed = 0): Promise<SearchEvent[]> {
  const checked = checkSpec(spec);
  const events: SearchEvent[] = [];
  await runStrategy(simProblem(problemId), new SimBackend({ policy: model, prm: 'default' }), checked, {
    rng: createRng(runSeed(seed, model, checked, problemId)),
    emit: (e) => events.push(e),
  });
  return events;
}
