/**
 * One sweep as the pool tracks it on the main thread: its units in the order they are handed out,
 * what has come back, and the progress figures. The pool owns the workers; this owns the counts.
 */
import { splitSweep, unitCost, type SweepCell } from '../search/sweep';
import type { Problem } from '../search/types';
import type { SweepHandlers, SweepProgress, SweepRequest, SweepStatus, SweepUnitRequest } from './sweep-protocol';

/** Problems per unit when the request does not say (a few ms to a few hundred ms of sim work). */
export const DEFAULT_CHUNK = 25;

/**
 * What handing out a unit costs besides its work (messages, cloning cells; ~0.5 ms measured), in
 * `unitCost` units (~0.003 ms each on the sim): without it the ETA taken from the cheap first units
 * would be several times too long.
 */
const DISPATCH_COST = 150;

/**
 * Problems in the first round of units. A fresh worker runs its first problems unoptimised (about
 * 6 ms each, measured in Node, against ~1 ms warm), so a small first round brings the first points
 * in tens of ms instead of a couple of hundred.
 */
export const FIRST_CHUNK = 5;

/**
 * The request's units, split finely ({@link splitSweep} with `byStrategy`) in rounds: the first
 * {@link FIRST_CHUNK} problems, then `chunk` at a time; greedy and small budgets come first in each
 * round. Budgets are de-duplicated and sorted (a repeated budget would repeat cells). Problems
 * travel by id; the worker looks them up in its source.
 */
export function unitsOf(req: SweepRequest): { units: SweepUnitRequest[]; costs: number[] } {
  // Only ids cross to the worker, so the split needs nothing of a problem but its id.
  const problems = req.problemIds.map((id): Problem => ({ id, question: '', answer: '' }));
  const spec = { ...req, budgets: [...new Set(req.budgets)].sort((a, b) => a - b) };
  const chunk = Math.max(1, Math.floor(req.chunk ?? DEFAULT_CHUNK));
  const first = Math.min(chunk, FIRST_CHUNK);
  const split = [
    ...splitSweep({ ...spec, problems: problems.slice(0, first) }, first, { byStrategy: true }),
    ...splitSweep({ ...spec, problems: problems.slice(first) }, chunk, { byStrategy: true }),
  ];
  return {
    units: split.map(({ problems: ps, ...rest }) => ({ ...rest, problemIds: ps.map((p) => p.id) })),
    costs: split.map((u) => unitCost(u) + DISPATCH_COST),
  };
}

/** Call a user's handler without letting its exception break the pool; it is rethrown on its own. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    queueMicrotask(() => {
      throw err;
    });
  }
}

export class SweepJob {
  /** False once the sweep ended (done, cancelled, error): nothing of it is delivered any more. */
  live = true;
  private next = 0;
  private done = 0;
  private cells = 0;
  private readonly started: number;
  private remainingCost: number;
  /** Running sums over the timed units, in the order they ended (index 0 = none). */
  private readonly timedCost = [0];
  private readonly timedMs = [0];

  /**
   * @param workers How many units run at once (the pool's size), for the ETA.
   * @param now The clock (ms).
   */
  constructor(
    readonly request: SweepRequest,
    private readonly units: readonly SweepUnitRequest[],
    private readonly costs: readonly number[],
    private readonly handlers: SweepHandlers,
    private readonly workers: number,
    private readonly now: () => number,
  ) {
    this.started = now();
    this.remainingCost = costs.reduce((s, c) => s + c, 0);
  }

  get total(): number {
    return this.units.length;
  }

  /** Every unit came back. */
  get complete(): boolean {
    return this.done === this.units.length;
  }

  /** Units not handed out yet. */
  get waiting(): boolean {
    return this.live && this.next < this.units.length;
  }

  /** The next unit to hand out, with its index for {@link SweepJob.finished}. */
  take(): { index: number; unit: SweepUnitRequest } {
    const index = this.next++;
    return { index, unit: this.units[index] };
  }

  /** A unit's cells arrived: hand them on while the sweep is live. */
  deliver(cells: SweepCell[]): void {
    if (!this.live) return;
    this.cells += cells.length;
    safely(() => this.handlers.onCells(cells));
  }

  /**
   * A unit ended after `ms` on its worker; report progress. `timed: false` keeps its time out of
   * the ETA (a fresh worker's first unit also paid for starting the worker).
   */
  finished(index: number, ms: number, timed = true): void {
    if (!this.live) return;
    this.done++;
    this.remainingCost -= this.costs[index];
    if (timed) {
      this.timedCost.push(this.timedCost.at(-1)! + this.costs[index]);
      this.timedMs.push(this.timedMs.at(-1)! + ms);
    }
    this.report();
  }

  /** Tell the handlers how far the sweep is. */
  report(): void {
    if (this.live) safely(() => this.handlers.onProgress(this.progress()));
  }

  /** End the sweep: `onDone` once, and no handler call after it. Idempotent. */
  end(status: SweepStatus, error?: string): void {
    if (!this.live) return;
    this.live = false;
    safely(() => (error === undefined ? this.handlers.onDone(status) : this.handlers.onDone(status, error)));
  }

  /**
   * Progress; the ETA is the time per unit of estimated cost (`unitCost`: units differ a
   * hundredfold) over the later half of the timed units — early units run on code not yet
   * optimised — × the cost left, spread over the units that can run at once; null until a timed
   * unit ended.
   */
  progress(): SweepProgress {
    const left = this.units.length - this.done;
    const n = this.timedCost.length - 1;
    const from = Math.floor(n / 2);
    const cost = this.timedCost[n] - this.timedCost[from];
    const ms = this.timedMs[n] - this.timedMs[from];
    const etaMs = left === 0 ? 0 : cost === 0 ? null : (this.remainingCost * ms) / cost / Math.min(this.workers, left);
    return { done: this.done, total: this.units.length, cells: this.cells, elapsedMs: this.now() - this.started, etaMs };
  }
}
