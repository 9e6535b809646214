/**
 * Writes one live run into IndexedDB as it goes: every batch the worker sends (events plus the
 * samples and rewards recorded since the last one) becomes one chunk, appended in its own
 * transaction as soon as the previous write is done. Batches that arrive while a write is in
 * progress are merged into the next chunk, so a slow disk never makes the queue grow without
 * bound, and the order of events and samples is always kept.
 *
 * A recording is created with its first sample (a run that failed before any sample came back
 * leaves nothing in the Library); `finish` stamps how the run ended. If the page goes away first,
 * everything written so far stays, and the Library shows the recording as interrupted.
 */
import { describeSpec, type StrategySpec } from '../search/strategies/index';
import type { DoneEvent, SearchEvent } from '../search/events';
import type { Problem } from '../search/types';
import { mergeDelta } from '../workers/batcher';
import type { RecordDelta, RunOutcome } from '../workers/protocol';
import { randomId, SESSION, type RecordingMeta } from './recording-meta';

/** The IndexedDB code, loaded with the first write (it is not needed on the first screen). */
const db = () => import('./recording-db');

/** What a recording is about (no key: the server is named by its base URL). */
export interface RecordingSubject {
  server: string;
  policy: string;
  prm: string | null;
  problem: Problem;
  strategy: StrategySpec;
  seed: number;
}

/** Called after a recording was created, appended to or finished (the Library refreshes). */
export type RecordingListener = (meta: RecordingMeta) => void;

const nowIso = (): string => new Date().toISOString();
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A readable title: "REBASE (N = 16) · sim-7B · sim-L3-0002". */
export function recordingTitle(s: RecordingSubject): string {
  let what: string;
  try {
    what = describeSpec(s.strategy);
  } catch {
    what = s.strategy.name;
  }
  return `${what} · ${s.policy} · ${s.problem.id}`;
}

export class RecordingWriter {
  readonly id: string;
  /** The last write error (quota, private mode …), or null. */
  error: string | null = null;
  private meta: RecordingMeta | null = null;
  private events: SearchEvent[] = [];
  private delta: RecordDelta | null = null;
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private ended = false;

  constructor(private readonly subject: RecordingSubject, private readonly onChange: RecordingListener = () => undefined, private readonly onError: (message: string) => void = () => undefined) {
    this.id = randomId('rec');
  }

  /** The meta as last written (null until the first sample was recorded). */
  get current(): RecordingMeta | null {
    return this.meta;
  }

  /** Queue a batch (events and what was recorded with them); it is written at once or merged into the next write. */
  readonly append = (events: readonly SearchEvent[], delta?: RecordDelta): void => {
    if (this.ended) return;
    for (const e of events) this.events.push(e);
    if (delta) this.delta = mergeDelta(this.delta ?? {}, delta);
    this.schedule();
  };

  /**
   * The run ended: write what is left and how it ended — `complete`, or `incomplete` with the
   * run's own reason (server failure, cancel), or the bridge's error when no `done` arrived.
   */
  finish(outcome: RunOutcome): Promise<void> {
    if (this.ended) return this.chain;
    this.ended = true;
    this.chain = this.chain.then(() => this.write(outcome));
    return this.chain;
  }

  /** Resolves when every write queued so far is done (tests, and export of a running recording). */
  idle(): Promise<void> {
    return this.chain;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.chain = this.chain.then(() => {
      this.scheduled = false;
      return this.write(null);
    });
  }

  /** One transaction: the pending events and delta as a chunk, plus the updated meta. */
  private async write(outcome: RunOutcome | null): Promise<void> {
    const events = this.events;
    const delta = this.delta;
    const hasNodes = (this.meta !== null) || (delta?.nodes?.length ?? 0) > 0;
    // Nothing sampled yet: keep waiting (a run that ends here leaves no recording).
    if (!hasNodes) return;
    this.events = [];
    this.delta = null;
    const at = nowIso();
    const base: RecordingMeta = this.meta ?? {
      id: this.id, title: recordingTitle(this.subject), createdAt: at, updatedAt: at, status: 'recording', session: SESSION,
      server: this.subject.server, policy: this.subject.policy, prm: this.subject.prm, problem: { ...this.subject.problem },
      strategy: { name: this.subject.strategy.name, params: { ...this.subject.strategy.params } }, seed: this.subject.seed,
      nodeCount: 0, eventCount: 0, chunks: 0,
    };
    const wrote = events.length > 0 || delta !== null;
    const meta: RecordingMeta = {
      ...base,
      updatedAt: at,
      nodeCount: base.nodeCount + (delta?.nodes?.length ?? 0),
      eventCount: base.eventCount + events.length,
      chunks: base.chunks + (wrote ? 1 : 0),
      ...(outcome ? ended(outcome, events) : {}),
    };
    try {
      const store = await db();
      if (wrote) await store.appendChunk(meta, { recordingId: this.id, seq: this.seq, events, record: delta ?? {} });
      else await store.putMeta(meta);
      if (wrote) this.seq++;
      this.meta = meta;
      this.onChange(meta);
    } catch (err) {
      // Keep what could not be written for the next attempt, in order.
      this.events = [...events, ...this.events];
      this.delta = delta ? mergeDelta(delta, this.delta ?? {}) : this.delta;
      this.error = `The live recording could not be written: ${message(err)}`;
      this.onError(this.error);
    }
  }
}

/** The meta fields a finished run sets. */
function ended(outcome: RunOutcome, lastEvents: readonly SearchEvent[]): Partial<RecordingMeta> {
  const done = outcome.done ?? lastEvents.findLast((e): e is DoneEvent => e.type === 'done');
  if (done) {
    const fields: Partial<RecordingMeta> = { answer: done.answer, correct: done.correct };
    if (!done.incomplete) return { ...fields, status: 'complete' };
    return { ...fields, status: 'incomplete', reason: done.incomplete?.reason ?? 'cancelled' };
  }
  const reason = outcome.status === 'cancelled' ? 'cancelled' : outcome.error ? `the run failed: ${outcome.error}` : 'the run did not finish';
  return { status: 'incomplete', reason };
}
