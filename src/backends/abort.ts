/**
 * Abort plumbing shared by the HTTP client: watching signals, and the concurrency limiter's
 * queue. The engine passes an `AbortSignalLike` (`{ aborted }` only, src/search has no DOM), so
 * a signal without events is polled — by one shared timer, not one per request.
 */
import type { AbortSignalLike } from '../search/types';

type Signal = AbortSignalLike | undefined;

function isEventSignal(s: AbortSignalLike): s is AbortSignal {
  return typeof (s as AbortSignal).addEventListener === 'function';
}

export function anyAborted(signals: readonly Signal[]): boolean {
  for (const s of signals) if (s?.aborted) return true;
  return false;
}

const POLL_MS = 25;
const polled = new Set<{ signals: AbortSignalLike[]; fire: () => void }>();
let timer: ReturnType<typeof setInterval> | null = null;

function pollAll(): void {
  for (const w of polled) {
    if (anyAborted(w.signals)) {
      polled.delete(w);
      w.fire();
    }
  }
  if (polled.size === 0 && timer !== null) {
    clearInterval(timer);
    timer = null;
  }
}

/**
 * One 'abort' listener per event signal, fanning out to every watcher: a run's signal may watch
 * hundreds of queued requests, and Node warns past 10 listeners on one EventTarget.
 */
const fanout = new WeakMap<AbortSignal, Set<() => void>>();

function listen(s: AbortSignal, fire: () => void): () => void {
  let set = fanout.get(s);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    fanout.set(s, fresh);
    s.addEventListener('abort', () => {
      fanout.delete(s);
      for (const f of [...fresh]) f();
    }, { once: true });
  }
  set.add(fire);
  const mine = set;
  return () => { mine.delete(fire); };
}

/**
 * Call `onAbort` once when any of `signals` aborts (it is not called for a signal that is
 * already aborted: check {@link anyAborted} first). Returns the function that stops watching.
 */
export function watchAbort(signals: readonly Signal[], onAbort: () => void): () => void {
  let done = false;
  const fire = (): void => {
    if (done) return;
    unlink();
    onAbort();
  };
  const unlisten: (() => void)[] = [];
  const bare: AbortSignalLike[] = [];
  for (const s of signals) {
    if (!s) continue;
    if (isEventSignal(s)) unlisten.push(listen(s, fire));
    else bare.push(s);
  }
  const watcher = bare.length > 0 ? { signals: bare, fire } : null;
  if (watcher) {
    polled.add(watcher);
    if (timer === null) timer = setInterval(pollAll, POLL_MS);
  }
  function unlink(): void {
    done = true;
    for (const u of unlisten) u();
    if (watcher) polled.delete(watcher);
  }
  return unlink;
}

/** Sleep `ms`, rejecting with `abortError()` as soon as a signal aborts. */
export function sleep(ms: number, signals: readonly Signal[], abortError: () => Error): Promise<void> {
  if (anyAborted(signals)) return Promise.reject(abortError());
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      unlink();
      resolve();
    }, ms);
    const unlink = watchAbort(signals, () => {
      clearTimeout(t);
      reject(abortError());
    });
  });
}

interface Waiter {
  grant: () => void;
}

/**
 * At most `limit` holders at a time; the rest wait in FIFO order. A waiter whose signal aborts
 * leaves the queue at once (so cancelling a run also empties its queued requests).
 */
export class Limiter {
  private active = 0;
  private readonly queue: Waiter[] = [];
  /** The most holders there ever were at once (for tests and the benchmark). */
  peak = 0;

  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`concurrency limit must be a whole number ≥ 1, got ${limit}`);
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Wait for a slot; call `release` exactly once when done with it. */
  acquire(signals: readonly Signal[], abortError: () => Error): Promise<void> {
    if (anyAborted(signals)) return Promise.reject(abortError());
    if (this.active < this.limit && this.queue.length === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          unlink();
          this.take();
          resolve();
        },
      };
      const unlink = watchAbort(signals, () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortError());
      });
      this.queue.push(waiter);
    });
  }

  release(): void {
    this.active--;
    const next = this.queue.shift();
    if (next) next.grant();
  }

  private take(): void {
    this.active++;
    if (this.active > this.peak) this.peak = this.active;
  }
}
