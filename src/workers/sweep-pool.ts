/**
 * The main thread's pool of sweep workers (design.md §9), after the search bridge: workers start
 * lazily, at most `size` live; units of a sweep are handed to idle workers one at a time and
 * their cells streamed as each ends; a cancelled sweep's busy workers are terminated (they are
 * mid-unit) and fresh ones start on demand, re-sent the bundles they need; idle workers are
 * terminated after `idleMs`. One sweep at a time: starting one cancels the last.
 */
import * as Comlink from 'comlink';
import type { SweepCell } from '../search/sweep';
import { getSearchBridge } from './bridge';
import { SweepJob, unitsOf } from './sweep-job';
import type { MvLimit, MvLimitRequest, SweepHandlers, SweepRequest, SweepSource, SweepUnitRequest, UnitsOutcome } from './sweep-protocol';
import type { SweepService } from './sweep-service';
import { WorkerSlot } from './worker-slot';

/** Raw data of a bundle the page loaded, by its page key (SearchBridge.bundleData). */
export type BundleDataLookup = (key: string) => { fileName: string; data: ArrayBuffer | string } | undefined;

export interface SweepPoolOptions {
  /** Workers at most (default: hardwareConcurrency − 1, at least 1). */
  size?: number;
  /** Makes a worker (tests inject fakes); default: sweep.worker.ts as a module worker. */
  createWorker?: () => Worker;
  /** Where a bundle source's data comes from (default none: bundle sweeps fail with a message). */
  bundleData?: BundleDataLookup;
  /** Terminate a worker after this long with nothing to do (default 30 000 ms). */
  idleMs?: number;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

type SweepRemote = Comlink.Remote<SweepService>;
/** WorkerSlot is typed for the search worker's API; a slot is just a Comlink remote of either. */
const remoteOf = (slot: WorkerSlot): SweepRemote => slot.remote as unknown as SweepRemote;

interface Member {
  slot: WorkerSlot;
  /** What the worker is doing: a unit of a sweep, a limit estimate, resting (background pace), or nothing. */
  busy: SweepJob | 'limits' | 'rest' | null;
  /** Has finished a call: its start-up is paid, so its unit times are fair for the ETA. */
  warm: boolean;
}

interface LimitTask {
  req: MvLimitRequest;
  resolve(limits: MvLimit[]): void;
  reject(err: unknown): void;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function defaultSize(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, (cores ?? 2) - 1);
}

/** The URL form Vite recognises: it bundles the worker as its own ES module chunk. */
function defaultWorker(): Worker {
  return new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module' });
}

/** Shares of problems merged over parts of one model's problems (exact: a share is count / n). */
function mergeLimits(model: string, parts: readonly MvLimit[]): MvLimit {
  const problems = parts.reduce((s, l) => s + l.problems, 0);
  const mean = (f: (l: MvLimit) => number) => (problems ? parts.reduce((s, l) => s + f(l) * l.problems, 0) / problems : 0);
  const method = parts.every((l) => l.method === 'exact') ? 'exact' : 'sampled';
  return {
    model, majority: mean((l) => l.majority),
    weighted: parts.some((l) => l.weighted === null) ? null : mean((l) => l.weighted ?? 0),
    method,
    samples: Math.min(...parts.map((l) => l.samples)),
    problems,
    ...(method === 'exact' ? { uncertified: parts.reduce((s, l) => s + (l.uncertified ?? 0), 0) } : {}),
  };
}

export class SweepPool {
  readonly size: number;
  private readonly createWorker: () => Worker;
  private readonly bundleData: BundleDataLookup;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly members: Member[] = [];
  private job: SweepJob | null = null;
  private readonly limitQueue: LimitTask[] = [];
  private duty = 1;

  constructor(opts: SweepPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultSize()));
    this.createWorker = opts.createWorker ?? defaultWorker;
    this.bundleData = opts.bundleData ?? (() => undefined);
    this.idleMs = opts.idleMs ?? 30_000;
    this.now = opts.now ?? (() => performance.now());
  }

  /** Live workers (at most `size`). */
  get workers(): number {
    return this.members.length;
  }

  /**
   * Run a sweep, cancelling the one in progress (its `onDone('cancelled')` comes first). Handlers
   * are called from later tasks, never during this call: progress (done 0) first, then each
   * unit's cells followed by progress, then `onDone` once. `cancel()` stops it: `onDone('cancelled')`
   * at once and nothing after; a cancel after the end does nothing.
   */
  start(req: SweepRequest, handlers: SweepHandlers): { cancel(): void } {
    if (this.job) this.stop(this.job, 'cancelled');
    const { units, costs } = unitsOf(req);
    const job = new SweepJob(req, units, costs, handlers, this.size, this.now);
    this.job = job;
    queueMicrotask(() => {
      job.report();
      if (job.complete) this.stop(job, 'done');
      else this.pump();
    });
    return { cancel: () => this.stop(job, 'cancelled') };
  }

  /**
   * The majority-voting limits of `req.models` (design.md §9), in that order. Each model's problems
   * are spread over the workers; limit work goes before the units of a running sweep.
   */
  mvLimits(req: MvLimitRequest): Promise<MvLimit[]> {
    const ids = req.problemIds;
    const parts = Math.max(1, Math.min(this.size, ids.length));
    const per = Math.ceil(ids.length / parts);
    return Promise.all(req.models.map(async (model) => {
      const chunks = ids.length ? Array.from({ length: parts }, (_, i) => ids.slice(i * per, (i + 1) * per)).filter((c) => c.length) : [[]];
      const got = await Promise.all(chunks.map((problemIds) => new Promise<MvLimit[]>((resolve, reject) => {
        this.limitQueue.push({ req: { ...req, models: [model], problemIds }, resolve, reject });
        this.pump();
      })));
      return mergeLimits(model, got.flat());
    }));
  }

  /**
   * Start the workers now instead of with the first sweep (say, when the Scaling view opens): a
   * worker takes ~100 ms to load. Unused, they are terminated after `idleMs` as usual.
   */
  prewarm(): void {
    while (this.members.length < this.size) this.addMember();
  }

  /**
   * Background pace: each worker computes about `duty` of the time and rests the rest (after a
   * unit that took t ms it waits t·(1/duty − 1) ms), leaving cores to the page's animation on a
   * small machine. 1 (the default) = flat out.
   */
  setDuty(duty: number): void {
    this.duty = Number.isFinite(duty) ? Math.min(1, Math.max(0.1, duty)) : 1;
  }

  /** Cancel the sweep, reject pending limit requests and terminate every worker. The pool stays usable. */
  dispose(): void {
    if (this.job) this.stop(this.job, 'cancelled');
    for (const task of this.limitQueue.splice(0)) task.reject(new Error('the sweep pool was disposed'));
    for (const m of [...this.members]) m.slot.terminate('disposed');
  }

  /** Hand work to idle workers (limits first), starting workers up to `size`. */
  private pump(): void {
    for (;;) {
      const job = this.job?.waiting ? this.job : null;
      if (this.limitQueue.length === 0 && !job) return;
      const member = this.idleMember();
      if (!member) return;
      if (this.limitQueue.length > 0) this.runLimits(member, this.limitQueue.shift()!);
      else this.runUnit(member, job!);
    }
  }

  private idleMember(): Member | null {
    const idle = this.members.find((m) => m.busy === null && m.slot.alive);
    if (idle || this.members.length >= this.size) return idle ?? null;
    return this.addMember();
  }

  private addMember(): Member {
    const member = { busy: null, warm: false } as Member;
    member.slot = new WorkerSlot(this.createWorker(), this.idleMs, () => {
      const i = this.members.indexOf(member);
      if (i >= 0) this.members.splice(i, 1);
    });
    this.members.push(member);
    return member;
  }

  private runUnit(member: Member, job: SweepJob): void {
    const { index, unit } = job.take();
    member.busy = job;
    const sent = this.now();
    const settle = (fn: (timed: boolean) => void) => {
      const timed = member.warm;
      member.warm = true;
      const rest = this.duty < 1 ? (this.now() - sent) * (1 / this.duty - 1) : 0;
      if (member.busy === job) member.busy = rest > 0 ? 'rest' : null;
      if (job.live) fn(timed);
      if (member.busy === 'rest') {
        setTimeout(() => {
          if (member.busy === 'rest') member.busy = null;
          this.pump();
        }, rest);
      }
      this.pump();
    };
    this.sendUnit(member.slot, job, unit).then(
      (outcome) => settle((timed) => {
        if (outcome.status === 'error') return this.stop(job, 'error', outcome.error);
        job.finished(index, this.now() - sent, timed);
        if (job.complete) this.stop(job, 'done');
      }),
      (err: unknown) => settle(() => this.stop(job, 'error', errorText(err))),
    );
  }

  private async sendUnit(slot: WorkerSlot, job: SweepJob, unit: SweepUnitRequest): Promise<UnitsOutcome> {
    const source = await this.workerSource(slot, job.request.source);
    const listener = Comlink.proxy((cells: SweepCell[]) => job.deliver(cells));
    return slot.call(() => remoteOf(slot).runUnits([unit], source, listener));
  }

  private runLimits(member: Member, task: LimitTask): void {
    member.busy = 'limits';
    const slot = member.slot;
    this.workerSource(slot, task.req.source)
      .then((source) => slot.call(() => remoteOf(slot).mvLimits({ ...task.req, source })))
      .then(task.resolve, task.reject)
      .finally(() => {
        member.warm = true;
        if (member.busy === 'limits') member.busy = null;
        this.pump();
      });
  }

  /** End a sweep; a cancelled or failed one takes its busy workers down (they are mid-unit). */
  private stop(job: SweepJob, status: 'done' | 'cancelled' | 'error', error?: string): void {
    if (!job.live) return;
    if (this.job === job) this.job = null;
    job.end(status, error);
    for (const m of [...this.members]) if (m.busy === job) m.slot.terminate('cancel');
  }

  /** The source with its bundle key translated to the worker's, loading the bundle there first if needed. */
  private async workerSource(slot: WorkerSlot, source: SweepSource): Promise<SweepSource> {
    if (source.kind !== 'bundle') return source;
    let key = slot.bundleKeys.get(source.bundleKey);
    if (!key) {
      const raw = this.bundleData(source.bundleKey);
      if (!raw) throw new Error(`no bundle "${source.bundleKey}" is loaded (load the file again)`);
      key = slot.call(() => remoteOf(slot).loadBundle(raw.fileName, raw.data)).then((s) => s.key);
      slot.bundleKeys.set(source.bundleKey, key);
      key.catch(() => slot.bundleKeys.delete(source.bundleKey));
    }
    return { ...source, bundleKey: await key };
  }
}

let shared: SweepPool | null = null;

/** The app's pool. Creating it starts nothing; bundles come from the search bridge's loads. */
export function getSweepPool(): SweepPool {
  shared ??= new SweepPool({ bundleData: (key) => getSearchBridge().bundleData(key) });
  return shared;
}
