/**
 * One search worker's life on the main thread: its Comlink remote, the calls in flight, the idle
 * timeout, and which of the page's bundles it holds. A terminated worker never answers again, so
 * every call in flight is rejected with {@link WorkerGone} instead of hanging.
 */
import * as Comlink from 'comlink';
import type { SearchService } from './search-service';

/** Why a worker was terminated. */
export type GoneReason = 'cancel' | 'idle' | 'failed' | 'disposed';

/** A call was cut off because its worker was terminated. */
export class WorkerGone extends Error {
  override readonly name = 'WorkerGone';
  constructor(readonly reason: GoneReason, detail?: string) {
    super(detail ?? `the search worker was stopped (${reason})`);
  }
}

/** The worker's API as the main thread sees it: every method returns a Promise. */
export type SearchRemote = Comlink.Remote<SearchService>;

export class WorkerSlot {
  readonly remote: SearchRemote;
  /**
   * Page bundle key → this worker's key for it, once loading was started here. A fresh worker
   * starts empty; the bridge re-sends a bundle the first time a run on this worker needs it.
   */
  readonly bundleKeys = new Map<string, Promise<string>>();
  private pending = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private gone: WorkerGone | null = null;
  private readonly goneListeners = new Set<(gone: WorkerGone) => void>();

  /**
   * @param worker A freshly created worker running search.worker.ts.
   * @param idleMs Terminate after this long with no call in flight.
   * @param onGone Told once when this worker is terminated, whatever the reason.
   */
  constructor(
    private readonly worker: Worker,
    private readonly idleMs: number,
    private readonly onGone: (slot: WorkerSlot) => void,
  ) {
    this.remote = Comlink.wrap<SearchService>(worker);
    // A worker that fails to load or throws at top level would otherwise leave calls unanswered.
    worker.addEventListener('error', (e: ErrorEvent) => {
      this.terminate('failed', `the search worker failed: ${e.message || 'it could not start'}`);
    });
    this.armIdle();
  }

  /** False once terminated. */
  get alive(): boolean {
    return this.gone === null;
  }

  /** Make a call; it counts as work (no idle timeout meanwhile) and rejects if the worker goes. */
  call<T>(fn: (remote: SearchRemote) => Promise<T>): Promise<T> {
    if (this.gone) return Promise.reject(this.gone);
    this.pending++;
    this.disarmIdle();
    return new Promise<T>((resolve, reject) => {
      const onGone = (gone: WorkerGone) => reject(gone);
      this.goneListeners.add(onGone);
      let call: Promise<T>;
      try {
        call = fn(this.remote);
      } catch (err) {
        call = Promise.reject(err);
      }
      call.then(resolve, reject).finally(() => {
        this.goneListeners.delete(onGone);
        if (--this.pending === 0) this.armIdle();
      });
    });
  }

  /** Post a fire-and-forget message (a cancel flag); nothing waits for its answer. */
  notify(fn: (remote: SearchRemote) => Promise<unknown>): void {
    if (!this.gone) fn(this.remote).catch(() => undefined);
  }

  /** Terminate the worker now; calls in flight reject with WorkerGone. Idempotent. */
  terminate(reason: GoneReason, detail?: string): void {
    if (this.gone) return;
    this.gone = new WorkerGone(reason, detail);
    this.disarmIdle();
    this.worker.terminate();
    for (const listener of [...this.goneListeners]) listener(this.gone);
    this.goneListeners.clear();
    this.onGone(this);
  }

  private armIdle(): void {
    this.disarmIdle();
    if (this.gone || this.pending > 0) return;
    this.idleTimer = setTimeout(() => this.terminate('idle'), this.idleMs);
  }

  private disarmIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
