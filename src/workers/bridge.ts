/**
 * The main thread's one door to the search worker, and the one owner of its life (house style,
 * after squoosh/proxx): the worker starts on first use, a cancelled run that does not stop within
 * a grace period takes its worker down with it, and an idle worker is terminated. A fresh worker
 * is started lazily next time, and bundles loaded earlier are re-sent to it transparently.
 */
import * as Comlink from 'comlink';
import type { SearchEvent } from '../search/events';
import type { PrmSetting } from '../sim/index';
import type { BatchListener, BundleSummary, RecordDelta, RunOutcome, RunRequest } from './protocol';
import { WorkerGone, WorkerSlot } from './worker-slot';

/** A run in progress. */
export interface RunHandle {
  /** Resolves once the run is over; a cancelled run resolves 'cancelled' (it never rejects). */
  done: Promise<RunOutcome>;
  /** Stop the run: no batch is delivered after this call. Idempotent. */
  cancel(): void;
}

export interface SearchBridgeOptions {
  /** Makes the worker (tests inject fakes); default: search.worker.ts as a module worker. */
  createWorker?: () => Worker;
  /** Terminate the worker after this long with nothing in flight (default 30 000 ms). */
  idleMs?: number;
  /** After a cancel, terminate the worker if the run has not ended by then (default 250 ms). */
  graceMs?: number;
}

/** Options of {@link SearchBridge.run}. */
export interface RunOptions {
  /**
   * Receives every batch the worker sends, with a live run's record delta — also after `cancel()`
   * (a cancelled live run still reports what its last calls returned, and its final `done`), until
   * the run ends or its worker is terminated. The recorder of live runs listens here.
   */
  onRecord?: (events: SearchEvent[], record: RecordDelta | undefined) => void;
}

/** One run as the bridge tracks it. */
interface Flight {
  cancelled: boolean;
  /** The worker the run was sent to; null until sent. */
  slot: WorkerSlot | null;
  ended: boolean;
  whenEnded: Promise<void>;
  end(): void;
}

function newFlight(): Flight {
  let end!: () => void;
  const whenEnded = new Promise<void>((resolve) => { end = resolve; });
  const flight: Flight = { cancelled: false, slot: null, ended: false, whenEnded, end: () => { flight.ended = true; end(); } };
  return flight;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The URL form Vite recognises: it bundles the worker as its own ES module chunk. */
function defaultWorker(): Worker {
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' });
}

export class SearchBridge {
  private readonly createWorker: () => Worker;
  private readonly idleMs: number;
  private readonly graceMs: number;
  private slot: WorkerSlot | null = null;
  /** The latest run, until it ends. */
  private flight: Flight | null = null;
  /** Raw data of every loaded bundle by page key, so a fresh worker can be given it again. */
  private readonly bundles = new Map<string, { fileName: string; data: ArrayBuffer | string }>();
  private loads = 0;

  constructor(opts: SearchBridgeOptions = {}) {
    this.createWorker = opts.createWorker ?? defaultWorker;
    this.idleMs = opts.idleMs ?? 30_000;
    this.graceMs = opts.graceMs ?? 250;
  }

  /**
   * Start a run; the previous run, if any, is cancelled first (the new one starts once it has
   * stopped, at most `graceMs` later). `onBatch` gets the events in order, a batch at a time, the
   * last one ending with `done`; it is never called after `cancel()` or after the next `run()`.
   */
  run(req: RunRequest, onBatch: BatchListener, opts: RunOptions = {}): RunHandle {
    const previous = this.flight;
    if (previous) this.cancelFlight(previous);
    const flight = newFlight();
    this.flight = flight;
    return { done: this.execute(flight, previous, req, onBatch, opts), cancel: () => this.cancelFlight(flight) };
  }

  /**
   * Load a trace file (plain or gzip, detected by content) into the worker. Resolves with its
   * summary, whose `key` names it in `RunSource`; rejects with an Error whose message starts with
   * the file name and names the JSON path of a validation error. Keep `data` unmodified: it is
   * sent again to a fresh worker after a restart.
   */
  async loadBundle(fileName: string, data: ArrayBuffer | string): Promise<BundleSummary> {
    for (let attempt = 0; ; attempt++) {
      const slot = this.ensureSlot();
      try {
        const summary = await slot.call((r) => r.loadBundle(fileName, data));
        const key = `bundle-${++this.loads}`;
        this.bundles.set(key, { fileName, data });
        if (slot.alive) slot.bundleKeys.set(key, Promise.resolve(summary.key));
        return { ...summary, key };
      } catch (err) {
        // Cut off by a cancel's grace termination: the file is fine, try once on a fresh worker.
        if (err instanceof WorkerGone && err.reason === 'cancel' && attempt === 0) continue;
        throw err;
      }
    }
  }

  /**
   * The raw data of a bundle loaded here, by the key `loadBundle` returned (undefined when unknown
   * or after `dispose`): the sweep pool sends it to its own workers.
   */
  bundleData(key: string): { fileName: string; data: ArrayBuffer | string } | undefined {
    return this.bundles.get(key);
  }

  /** The sim PRM's measured AUROC at a quality setting, computed in the worker. */
  measureAuroc(setting: PrmSetting): Promise<number> {
    return this.ensureSlot().call((r) => r.measureAuroc(setting));
  }

  /** Cancel the run, terminate the worker and forget loaded bundles. The bridge stays usable. */
  dispose(): void {
    if (this.flight) this.cancelFlight(this.flight);
    this.flight = null;
    this.slot?.terminate('disposed');
    this.slot = null;
    this.bundles.clear();
  }

  private async execute(flight: Flight, previous: Flight | null, req: RunRequest, onBatch: BatchListener, opts: RunOptions): Promise<RunOutcome> {
    try {
      // One run at a time per worker: a grace termination of the previous run must not hit this one.
      if (previous) await previous.whenEnded;
      if (flight.cancelled) return { status: 'cancelled' };
      const slot = this.ensureSlot();
      const wireReq = await this.withWorkerKeys(slot, req);
      if (flight.cancelled) return { status: 'cancelled' };
      flight.slot = slot;
      const { onRecord } = opts;
      const listener = Comlink.proxy((events: SearchEvent[], record?: RecordDelta) => {
        onRecord?.(events, record);
        if (!flight.cancelled) onBatch(events, record);
      });
      const outcome = await slot.call((r) => r.run(wireReq, listener));
      if (flight.cancelled) return { status: 'cancelled', ...(outcome.done ? { done: outcome.done } : {}) };
      return outcome;
    } catch (err) {
      return flight.cancelled ? { status: 'cancelled' } : { status: 'error', error: errorText(err) };
    } finally {
      flight.end();
      if (this.flight === flight) this.flight = null;
    }
  }

  private cancelFlight(flight: Flight): void {
    if (flight.cancelled || flight.ended) return;
    flight.cancelled = true;
    const slot = flight.slot;
    if (!slot) return; // not sent yet: execute() sees the flag before sending
    slot.notify((r) => r.cancel());
    // The flag is read at the run's next backend call; a run stuck elsewhere costs its worker.
    const timer = setTimeout(() => {
      if (!flight.ended) this.dropSlot(slot, 'cancel');
    }, this.graceMs);
    void flight.whenEnded.then(() => clearTimeout(timer));
  }

  /** The live worker, started on demand. */
  private ensureSlot(): WorkerSlot {
    if (!this.slot?.alive) {
      this.slot = new WorkerSlot(this.createWorker(), this.idleMs, (gone) => {
        if (this.slot === gone) this.slot = null;
      });
    }
    return this.slot;
  }

  private dropSlot(slot: WorkerSlot, reason: 'cancel'): void {
    slot.terminate(reason);
    if (this.slot === slot) this.slot = null;
  }

  /** The request with its bundle key translated to the worker's, loading the bundle there first if needed. */
  private async withWorkerKeys(slot: WorkerSlot, req: RunRequest): Promise<RunRequest> {
    const { source } = req;
    if (source.kind !== 'bundle') return req;
    const raw = this.bundles.get(source.bundleKey);
    if (!raw) throw new Error(`no bundle "${source.bundleKey}" is loaded (load the file again)`);
    let workerKey = slot.bundleKeys.get(source.bundleKey);
    if (!workerKey) {
      workerKey = slot.call((r) => r.loadBundle(raw.fileName, raw.data)).then((s) => s.key);
      slot.bundleKeys.set(source.bundleKey, workerKey);
      workerKey.catch(() => slot.bundleKeys.delete(source.bundleKey));
    }
    return { ...req, source: { ...source, bundleKey: await workerKey } };
  }
}

let shared: SearchBridge | null = null;

/** The app's bridge. Creating it starts nothing: the worker starts with the first run or load. */
export function getSearchBridge(): SearchBridge {
  shared ??= new SearchBridge();
  return shared;
}
