/**
 * What the search worker does, as a plain class: search.worker.ts only exposes an instance, and
 * tests call it directly in Node. It holds the loaded bundles and runs one strategy at a time,
 * streaming the events in time-based batches.
 */
import { releaseProxy } from 'comlink';
// The live backend and its recorder load on the first live run (a chunk of their own): the sim's
// first run, the app's first screen, does not wait for them.
import type { FetchLike, HttpBackend } from '../backends/index';
import type { Backend } from '../search/backend';
import { createRng } from '../search/rng';
import { parseSpec, runStrategy } from '../search/strategies/index';
import { runSeed } from '../search/sweep';
import type { Problem } from '../search/types';
import { measureAuroc, SIM_MODELS, SimBackend, simProblem, type PrmSetting, type SimModelId } from '../sim/index';
import { ReplayBackend, type Bundle } from '../trace/index';
import { Batcher } from './batcher';
import { readBundleFile, summarizeBundle, type BundleData } from './bundle-file';
import type { BatchListener, BundleSummary, RunOutcome, RunRequest } from './protocol';
import { YieldingBackend } from './yielding-backend';

type BundleRun = NonNullable<Bundle['runs']>[number];

interface LoadedBundle {
  fileName: string;
  bundle: Bundle;
}

/** What a request resolves to before it runs. */
interface Prepared {
  problem: Problem;
  backend: Backend;
  /** The model id the run seed is derived from (as the CLI derives it). */
  model: string;
  /** A live run's HTTP backend (cancel aborts its requests in flight). */
  live?: HttpBackend;
}

/** What the service needs from its surroundings (tests inject a fake `fetch`). */
export interface SearchServiceEnv {
  /** The fetch of live runs (default: the global one). */
  fetch?: FetchLike;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message || err.name : String(err));

/**
 * A callback that came through Comlink is a remote proxy: releasing it closes its MessageChannel
 * (one per run), which would otherwise stay open. A plain function (tests) has no such member.
 */
function releaseIfRemote(fn: unknown): void {
  const release = (fn as { [releaseProxy]?: unknown } | null)?.[releaseProxy];
  if (typeof release === 'function') (release as () => void)();
}

/** The worker's API (see protocol.ts for the types). */
export class SearchService {
  private readonly bundles = new Map<string, LoadedBundle>();
  private loads = 0;
  /** The signal of the run in progress, null when idle. */
  private current: { aborted: boolean } | null = null;
  /** The live backend of the run in progress, if it is a live run. */
  private live: HttpBackend | null = null;

  constructor(private readonly env: SearchServiceEnv = {}) {}

  /**
   * Decode (gzip detected by magic bytes), validate and keep a bundle; each call gets a new key.
   * Rejects with an Error whose message starts with the file name and, for a validation error,
   * names the JSON path.
   */
  async loadBundle(fileName: string, data: BundleData): Promise<BundleSummary> {
    const bundle = await readBundleFile(fileName, data);
    const key = `bundle-${++this.loads}`;
    this.bundles.set(key, { fileName, bundle });
    return summarizeBundle(key, fileName, bundle);
  }

  /**
   * The sim PRM's step-level AUROC at a quality setting (samples and scores a few thousand steps:
   * tens to hundreds of ms, which is why it runs here and not on the main thread).
   */
  measureAuroc(setting: PrmSetting): number {
    return measureAuroc(setting);
  }

  /**
   * Run a strategy, calling `onBatch` with the events in order, in batches at most ~30 ms apart;
   * the last batch ends with `done`. Resolves after the last batch was taken. A request that
   * cannot run (unknown problem, model or bundle; invalid spec) resolves with status 'error' and
   * sends no events. Starting a run cancels the one in progress.
   *
   * A live run (`source.kind: 'live'`) goes to its server through a recorder: every batch also
   * carries what was recorded since the previous one (`BatchListener`'s second argument). A
   * server failure ends it `incomplete` with the reason; cancel aborts its requests in flight.
   */
  async run(req: RunRequest, onBatch: BatchListener): Promise<RunOutcome> {
    this.cancel();
    const signal = { aborted: false };
    this.current = signal;
    const batcher = new Batcher(onBatch);
    let live: HttpBackend | undefined;
    try {
      const prepared = await this.prepare(req, signal, batcher);
      const { problem, backend, model } = prepared;
      live = prepared.live;
      if (live) this.live = live;
      // Seed from the normalised spec (defaults filled in), as the CLI does, so a link that
      // leaves a parameter at its default still gives the CLI's tree.
      const spec = parseSpec(req.spec);
      const ended = this.recordedEnd(req, spec);
      if (ended) {
        // A recorded live run that ended early: its pool may hold answers that came in after the
        // failing call, which the run never used. Re-running the strategy on the pool would go
        // past the failure; play what the live run showed instead, event for event.
        for (const e of ended.events) {
          if (signal.aborted) break;
          batcher.push(e);
        }
        await batcher.finish();
        const last = ended.events.at(-1);
        return { status: signal.aborted ? 'cancelled' : 'done', done: last?.type === 'done' ? last : { type: 'done', ...ended.result } };
      }
      const done = await runStrategy(problem, new YieldingBackend(backend), spec, {
        rng: createRng(runSeed(req.seed, model, spec, req.problemId)),
        emit: batcher.push,
        signal,
      });
      await batcher.finish();
      return { status: signal.aborted ? 'cancelled' : 'done', done };
    } catch (err) {
      // Only setup fails here (runStrategy turns a backend failure into `done.incomplete`).
      await batcher.finish();
      return { status: 'error', error: errorText(err) };
    } finally {
      if (this.current === signal) this.current = null;
      if (live && this.live === live) this.live = null;
      releaseIfRemote(onBatch);
    }
  }

  /**
   * Flag the run in progress; it ends 'cancelled' at its next backend call. A live run's requests
   * in flight are aborted at once (and its queue emptied), so it ends without waiting for them.
   */
  cancel(): void {
    if (this.current) this.current.aborted = true;
    this.current = null;
    this.live?.cancel();
    this.live = null;
  }

  /**
   * The bundle's recorded run of this very request (problem, strategy and parameters, seed) when
   * that run ended early (a live failure, or a page closed mid-run); otherwise null.
   */
  private recordedEnd(req: RunRequest, spec: ReturnType<typeof parseSpec>): BundleRun | null {
    if (req.source.kind !== 'bundle') return null;
    const bundle = this.bundles.get(req.source.bundleKey)?.bundle;
    const key = JSON.stringify(spec);
    return bundle?.runs?.find((r) => {
      if (r.problemId !== req.problemId || r.seed !== req.seed || !r.result.incomplete || r.events.length === 0) return false;
      try {
        return JSON.stringify(parseSpec(r.strategy)) === key;
      } catch {
        return false;
      }
    }) ?? null;
  }

  /** Resolve a request to its problem and a fresh backend, or throw a message for the user. */
  private async prepare(req: RunRequest, signal: { aborted: boolean }, batcher: Batcher): Promise<Prepared> {
    const { source } = req;
    if (source.kind === 'live') {
      if (source.problem?.id !== req.problemId) throw new Error(`the live request's problem is not "${req.problemId}"`);
      const [{ createHttpBackend }, { createRecordTap }] = await Promise.all([import('../backends/index'), import('./live-recorder')]);
      // createHttpBackend throws a readable Error for a bad config (never one with the key in it).
      const live = createHttpBackend(source.config, { fetch: this.env.fetch, signal });
      const { tap } = createRecordTap(live, batcher.pushRecord);
      return { problem: source.problem, backend: tap, model: live.describe().policy.name, live };
    }
    if (source.kind === 'sim') {
      const model = SIM_MODELS.find((m) => m.id === source.model);
      if (!model) throw new Error(`unknown sim model "${source.model}" (models: ${SIM_MODELS.map((m) => m.id).join(', ')})`);
      let problem: Problem;
      try {
        problem = simProblem(req.problemId);
      } catch (err) {
        throw new Error(`unknown problem: ${errorText(err)}`, { cause: err });
      }
      return { problem, backend: new SimBackend({ policy: model.id as SimModelId, prm: source.prm }), model: model.id };
    }
    const loaded = this.bundles.get(source.bundleKey);
    if (!loaded) throw new Error(`no bundle "${source.bundleKey}" is loaded (load the file again)`);
    const { fileName, bundle } = loaded;
    const pools = bundle.pools.filter((p) => p.problemId === req.problemId);
    if (pools.length === 0) {
      const known = bundle.problems.some((p) => p.id === req.problemId);
      throw new Error(`${fileName}: ${known ? `nothing recorded to replay for problem "${req.problemId}"` : `no problem "${req.problemId}"`}`);
    }
    const model = source.model ?? pools[0].policy;
    if (!pools.some((p) => p.policy === model)) {
      throw new Error(`${fileName}: no recording of problem "${req.problemId}" with policy "${model}" (policies: ${[...new Set(pools.map((p) => p.policy))].join(', ')})`);
    }
    // A replay serves each recorded node once per run, so every run gets a fresh backend.
    const backend = new ReplayBackend(bundle, req.problemId, model);
    return { problem: backend.problem, backend, model };
  }
}
