/**
 * Collects a run's events and hands them on in batches: one postMessage per batch instead of one
 * per node is what keeps a 10,000-node run from flooding the main thread (house style, proxx).
 */
import type { SearchEvent } from '../search/events';
import { BATCH_INTERVAL_MS, type RecordDelta } from './protocol';

/**
 * A batch is also cut at this many events: the main thread decodes a message in one task, and a
 * 30 ms batch of a fast sim run holds ~5,000 events (~15 ms to decode). At 1,000 a message costs
 * a few ms, so input stays answered well within 100 ms (figures in src/workers/README.md).
 */
export const MAX_BATCH_EVENTS = 1000;

/** What a batch sink may return: nothing (a plain function) or a Promise (a Comlink remote). */
type Sink = (events: SearchEvent[], record?: RecordDelta) => unknown;

/** Append `next` to `into` (nodes and rewards in order; the first `start` and `promptTokens` win). */
export function mergeDelta(into: RecordDelta, next: RecordDelta): RecordDelta {
  if (next.start && !into.start) into.start = next.start;
  if (next.nodes?.length) (into.nodes ??= []).push(...next.nodes);
  if (next.rewards?.length) (into.rewards ??= []).push(...next.rewards);
  if (next.promptTokens !== undefined && into.promptTokens === undefined) into.promptTokens = next.promptTokens;
  return into;
}

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

/**
 * Batches events by time. `push` is the run's `emit`: it flushes inline once `intervalMs` passed
 * since the last flush or the batch is full (a busy run), and a timer flushes a batch that would otherwise wait for the
 * next event (a slow backend). `finish` flushes what is left and waits until the sink has taken it.
 */
export class Batcher {
  private buffer: SearchEvent[] = [];
  /** What a live run recorded since the last flush (null: nothing). */
  private record: RecordDelta | null = null;
  private lastFlush: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** What the sink returned for the latest batch (awaited by `finish`). */
  private lastResult: unknown;
  /** Batches handed to the sink so far. */
  batches = 0;

  constructor(
    private readonly sink: Sink,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastFlush = now();
  }

  /** Queue one event (bound, so it can be passed as `emit`). */
  readonly push = (event: SearchEvent): void => {
    if (this.closed) return;
    this.buffer.push(event);
    if (this.buffer.length >= MAX_BATCH_EVENTS || this.now() - this.lastFlush >= this.intervalMs) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  };

  /**
   * Queue what a live run recorded (bound, so it can be passed as a callback). It travels with the
   * next batch of events — in the same message, so the page's recorder sees samples and the events
   * that use them together — or on its own when no event follows within the interval.
   */
  readonly pushRecord = (delta: RecordDelta): void => {
    if (this.closed) return;
    this.record = mergeDelta(this.record ?? {}, delta);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  };

  /** Hand the buffered events (and record delta) to the sink. */
  private flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.lastFlush = this.now();
    if (this.buffer.length === 0 && this.record === null) return;
    const batch = this.buffer;
    const record = this.record;
    this.buffer = [];
    this.record = null;
    this.batches++;
    const result = record === null ? this.sink(batch) : this.sink(batch, record);
    // A remote sink whose page went away must not become an unhandled rejection in the worker.
    if (isThenable(result)) Promise.resolve(result).catch(() => undefined);
    this.lastResult = result;
  }

  /**
   * Flush the rest and stop accepting events. Resolves once the sink has taken the last batch:
   * for a Comlink remote that means the main thread ran its callback, so every batch has arrived
   * before the run's result does (the result travels on another channel and could overtake them).
   */
  async finish(): Promise<void> {
    this.flush();
    this.closed = true;
    // Batches go out in order on one channel, so the last one taken means all were taken.
    const last = this.lastResult;
    if (isThenable(last)) await Promise.resolve(last).catch(() => undefined);
  }
}
