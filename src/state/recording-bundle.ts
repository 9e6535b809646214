/**
 * A live recording as a trace bundle (design.md §7): the record deltas a run's worker sent, in
 * order, folded into one pool, plus the run's events. Pure — the IndexedDB store (recording-db.ts)
 * reads the pieces, this puts them together and validates the result.
 */
import type { DoneEvent, SearchEvent } from '../search/events';
import { BundleBuilder, type Bundle, type PoolNode, type RunResult } from '../trace/index';
import type { RecordDelta, RecordStart } from '../workers/protocol';

/** Everything recorded so far, folded: nodes in recorded order, rewards applied in order. */
export interface RecordedPool {
  start: RecordStart | null;
  nodes: PoolNode[];
  rewards: [string, number][];
  promptTokens?: number;
}

export function emptyPool(): RecordedPool {
  return { start: null, nodes: [], rewards: [] };
}

/** Fold one delta into `pool` (mutates and returns it). */
export function foldDelta(pool: RecordedPool, d: RecordDelta): RecordedPool {
  if (d.start && !pool.start) pool.start = d.start;
  if (d.nodes) for (const n of d.nodes) pool.nodes.push(n);
  if (d.rewards) for (const r of d.rewards) pool.rewards.push(r);
  if (d.promptTokens !== undefined && pool.promptTokens === undefined) pool.promptTokens = d.promptTokens;
  return pool;
}

/** The recorded run (its events so far) and how it ended, if it did. */
export interface RecordedRunPart {
  strategy: { name: string; params: Record<string, unknown> };
  seed: number;
  events: SearchEvent[];
  /** Why the run has no `done` event (the page closed mid-run, the worker failed). */
  interrupted?: string;
}

/**
 * The result of a run from its events: the `done` event's fields, or — for a run cut off before
 * its `done` (a reload, a crash) — what its events show, marked incomplete with `interrupted`.
 */
export function runResultOf(events: readonly SearchEvent[], interrupted: string): RunResult {
  const last = events.at(-1);
  if (last?.type === 'done') {
    const { type: _type, ...result } = last;
    return result;
  }
  let nodes = 0;
  let solutions = 0;
  for (const e of events) {
    if (e.type === 'node') {
      nodes++;
      if (e.terminal) solutions++;
    }
  }
  const compute: DoneEvent['compute'] = last ? { ...last.compute } : { policyTokens: 0, promptTokens: 0, prmTokens: 0, flops: 0, calls: 0, wallMs: 0 };
  return { compute, answer: null, correct: false, solutions, nodes, incomplete: { reason: interrupted } };
}

export interface RecordingBundleInput {
  title: string;
  createdAt: string;
  notes?: string;
  pool: RecordedPool;
  run?: RecordedRunPart;
}

/**
 * The validated bundle of a recording (throws BundleError naming the JSON path when the pieces
 * do not fit, and a plain Error when nothing was recorded at all).
 */
export function recordingBundle(input: RecordingBundleInput): Bundle {
  const { pool } = input;
  const start = pool.start;
  if (!start) throw new Error('nothing was recorded (the run made no call to its server)');
  const builder = new BundleBuilder({ title: input.title, createdAt: input.createdAt, source: 'live', ...(input.notes ? { notes: input.notes } : {}) });
  for (const [id, model] of Object.entries(start.models)) builder.addModel(id, model);
  builder.addProblem(start.problem);
  const index = builder.addPool({ ...start.pool, ...(pool.promptTokens !== undefined ? { promptTokens: pool.promptTokens } : {}) });
  for (const node of pool.nodes) builder.addNode(index, { ...node });
  for (const [id, reward] of pool.rewards) {
    if (builder.node(index, id)) builder.setReward(index, id, reward);
  }
  const run = input.run;
  if (run && run.events.length > 0) {
    builder.addRun({
      id: 'run-1', problemId: start.problem.id, strategy: run.strategy, seed: run.seed,
      events: run.events, result: runResultOf(run.events, run.interrupted ?? 'the run did not finish'),
    });
  }
  return builder.build();
}
