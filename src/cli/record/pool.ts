/**
 * The pool a recording grows for one problem, and the Backend every recorded run sees.
 *
 * A bundle keeps one pool per problem, and a replay serves a node's recorded children in order,
 * each once per run, to every run afresh (src/trace/replay-backend.ts). So that every recorded run
 * replays to exactly what it did, a run here is served the same way — recorded children first, in
 * order — and only what the pool does not have yet goes to the live server; the new samples are
 * appended after the node's other children. Whatever later runs append comes after what an
 * earlier run used, so every run of a recording replays to its own tree (docs/record.md).
 *
 * The rest follows from that rule:
 * - A run's own rng is never drawn for the server (a replay draws nothing from it): each live call
 *   gets `rng.fork(<parent id>#<first new child's index>)`, fixed by the run's seed and the pool.
 * - Costs are reported as a replay reports them (prompt tokens of the question on calls from the
 *   question, PRM tokens of every node scored), plus the live wall time of the calls made.
 * - Rewards already in the pool are served, not asked again.
 * - `complete` walks the pool as the replay does; a whole solution that would end unfinished there
 *   (a node with no unserved child before a terminal step and before `maxDepth`) is continued live
 *   step by step, and the root's missing solutions come from one live `complete`.
 * - New ids are reserved when a call is made, in call order: the same runs give the same ids.
 *
 * A run's additions form a transaction ({@link PoolRecording}): committed as one journal record
 * when the run succeeded. When a live call failed, the samples the server did answer are kept
 * too ({@link PoolRecording.keepAnswered}: a `partial` journal record, no cells): they are real
 * samples of the pool's nodes, and the run's retry is served them first, exactly as the failed
 * run was, then goes live for the rest. The retry is a valid run, not the unbroken one (a live
 * call's seed follows its parent's id, and the ids of the slots never answered are gone), and it
 * replays to its own cells like every other. Only what was never answered is dropped; {@link PoolRecording.rollback}
 * forgets everything (tests, and a run that must leave no trace).
 */
import type { Backend, BackendInfo, SampleOptions } from '../../search/backend';
import type { Problem, SearchNode, StepSample } from '../../search/types';
import type { PoolNode } from '../../trace/bundle';
import { defaultFinishReason } from '../../trace/bundle';
import { RunView } from './run-view';

/** What one committed run added to a pool: the journal's record of it. */
export interface PoolDelta {
  /** New nodes in pool order (a parent always before its children). */
  nodes: PoolNode[];
  /** Rewards given to nodes recorded by earlier runs. */
  rewards: Record<string, number>;
  /** Prompt tokens of the question, when this run was the first to learn them. */
  promptTokens?: number;
}

/** A pool node, or the slot of one a live call is filling. */
export interface Entry {
  readonly id: string;
  readonly parent: string | null;
  readonly depth: number;
  /** null while the live call that will fill it is out (or when it came back short). */
  node: PoolNode | null;
  /** The live backend's ref of the sample; kept in memory only (lost on resume). */
  inner?: unknown;
}

/** How a recorded node grades, for the pool's `correct` field. */
export type Grade = (answer: string, problem: Problem) => boolean;

/** One problem's pool as it grows. */
export class RecordPool {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private readonly kids = new Map<string | null, Entry[]>();
  private counter = 0;
  promptTokens: number | undefined;
  private active: PoolRecording | null = null;

  constructor(readonly problem: Problem) {}

  /** The recorded nodes, in pool order. */
  nodes(): PoolNode[] {
    const out: PoolNode[] = [];
    for (const e of this.entries) if (e.node) out.push(e.node);
    return out;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Re-apply a committed run (resuming from the journal). */
  apply(delta: PoolDelta): void {
    for (const node of delta.nodes) {
      const parent = node.parent === null ? null : this.byId.get(node.parent);
      if (node.parent !== null && !parent) throw new Error(`node ${node.id} names a parent ${node.parent} the pool does not have`);
      if (this.byId.has(node.id)) throw new Error(`node ${node.id} is recorded twice`);
      this.insert({ id: node.id, parent: node.parent, depth: parent ? parent.depth + 1 : 1, node: { ...node } });
      const k = /^n(\d+)$/.exec(node.id);
      if (k) this.counter = Math.max(this.counter, Number(k[1]));
    }
    for (const [id, reward] of Object.entries(delta.rewards)) {
      const e = this.byId.get(id);
      if (!e?.node) throw new Error(`a reward for node ${id}, which the pool does not have`);
      e.node.reward = reward;
    }
    if (delta.promptTokens !== undefined) this.promptTokens ??= delta.promptTokens;
  }

  /** Start recording one work item (runs on this problem one at a time). */
  begin(live: Backend, options: { maxStepTokens: number; grade?: Grade }): PoolRecording {
    if (this.active) throw new Error(`problem ${this.problem.id}: a recording is already in progress`);
    this.active = new PoolRecording(this, live, options, this.counter, this.promptTokens);
    return this.active;
  }

  /** @internal */
  end(rec: PoolRecording): void {
    if (this.active === rec) this.active = null;
  }

  /** @internal The children of a node (null = the question), recorded order. */
  childrenOf(parent: string | null): Entry[] {
    let list = this.kids.get(parent);
    if (!list) {
      list = [];
      this.kids.set(parent, list);
    }
    return list;
  }

  /** @internal */
  entry(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** @internal A new empty slot after the parent's other children; its id is fixed now. */
  reserve(parent: string | null): Entry {
    const p = parent === null ? null : this.byId.get(parent)!;
    const e: Entry = { id: `n${++this.counter}`, parent, depth: p ? p.depth + 1 : 1, node: null };
    this.insert(e);
    return e;
  }

  /** @internal Drop slots (rollback, or ones a short answer left empty). */
  remove(drop: ReadonlySet<Entry>): void {
    if (drop.size === 0) return;
    const keep = (e: Entry) => !drop.has(e);
    const kept = this.entries.filter(keep);
    this.entries.length = 0;
    this.entries.push(...kept);
    for (const e of drop) {
      this.byId.delete(e.id);
      const list = this.kids.get(e.parent);
      if (list) this.kids.set(e.parent, list.filter(keep));
    }
  }

  /** @internal */
  restore(counter: number, promptTokens: number | undefined): void {
    this.counter = counter;
    this.promptTokens = promptTokens;
  }

  private insert(e: Entry): void {
    this.entries.push(e);
    this.byId.set(e.id, e);
    this.childrenOf(e.parent).push(e);
  }
}

/**
 * The recording of one work item: every run it makes (a view each, like a fresh replay each) adds
 * to the same transaction. {@link commit} when the runs succeeded, {@link rollback} otherwise.
 */
export class PoolRecording {
  /** Entries this recording added, in pool order. */
  private readonly added: Entry[] = [];
  private readonly addedSet = new Set<Entry>();
  private readonly rewardUpdates = new Map<string, number>();
  private info: BackendInfo | null = null;
  /** The first live call that failed (the item failed: roll it back). */
  error: unknown = undefined;
  /** Live calls made (expand, complete, score). */
  liveCalls = 0;
  private closed = false;

  constructor(
    private readonly pool: RecordPool,
    /** The live backend behind the pool. */
    readonly live: Backend,
    private readonly options: { maxStepTokens: number; grade?: Grade },
    private readonly startCounter: number,
    private readonly startPrompt: number | undefined,
  ) {}

  get failed(): boolean {
    return this.error !== undefined;
  }

  /** A Backend for one run: the pool served afresh, the rest live. */
  view(): Backend {
    this.info ??= this.live.describe();
    return new RunView(this, this.pool, this.info);
  }

  /** Keep what the runs added; the journal record of it. */
  commit(): PoolDelta {
    this.close();
    const empty = new Set(this.added.filter((e) => !e.node));
    this.pool.remove(empty);
    const delta: PoolDelta = { nodes: this.added.filter((e) => e.node).map((e) => ({ ...e.node! })), rewards: Object.fromEntries(this.rewardUpdates) };
    if (this.startPrompt === undefined && this.pool.promptTokens !== undefined) delta.promptTokens = this.pool.promptTokens;
    return delta;
  }

  /**
   * A failed run: keep every sample the server answered and every reward it gave (what
   * {@link commit} keeps; reserved slots never filled are dropped). Answers arriving after this
   * are ignored, so the journal and the pool hold the same.
   */
  keepAnswered(): PoolDelta {
    return this.commit();
  }

  /** Forget everything the runs added (the pool is as it was before {@link PoolRecording.begin}). */
  rollback(): void {
    this.close();
    this.pool.remove(new Set(this.added));
    for (const id of this.rewardUpdates.keys()) this.pool.entry(id)!.node!.reward = null;
    this.pool.restore(this.startCounter, this.startPrompt);
  }

  private close(): void {
    if (this.closed) throw new Error('this recording was already committed or rolled back');
    this.closed = true;
    this.pool.end(this);
  }

  /** @internal */
  reserve(parent: string | null, count: number): Entry[] {
    const out: Entry[] = [];
    for (let i = 0; i < count; i++) {
      const e = this.pool.reserve(parent);
      this.added.push(e);
      this.addedSet.add(e);
      out.push(e);
    }
    return out;
  }

  /** @internal Fill a slot with a live sample. */
  fill(e: Entry, s: StepSample): void {
    if (this.closed) return;
    const node: PoolNode = { id: e.id, parent: e.parent, text: s.text, tokens: s.tokens, reward: null, terminal: s.terminal };
    if (s.answer !== undefined) node.answer = s.answer;
    const grade = this.options.grade;
    if (grade && s.terminal && s.answer !== undefined) node.correct = grade(s.answer, this.pool.problem);
    if (s.finishReason !== defaultFinishReason(s.terminal)) node.finishReason = s.finishReason;
    e.node = node;
    e.inner = s.ref;
  }

  /** @internal */
  setReward(e: Entry, reward: number): void {
    if (this.closed || !e.node) return;
    e.node.reward = reward;
    if (!this.addedSet.has(e)) this.rewardUpdates.set(e.id, reward);
  }

  /** @internal Options for a live call: the configured step length and an rng of its own. */
  liveOptions<T extends SampleOptions>(opts: T, label: string): T {
    return { ...opts, maxStepTokens: this.options.maxStepTokens, rng: opts.rng.fork(label) };
  }

  /** @internal Make a live call, count it, and note its failure (thrown or rejected). */
  track<T>(call: () => T | PromiseLike<T>): Promise<T> {
    this.liveCalls++;
    let answer: T | PromiseLike<T>;
    try {
      answer = call();
    } catch (err) {
      answer = Promise.reject(err);
    }
    return Promise.resolve(answer).then(undefined, (err: unknown) => {
      this.error ??= err;
      throw err;
    });
  }

  /** @internal The path to a recorded node as the live backend reads it (texts, and its own refs). */
  livePath(id: string | null): SearchNode | null {
    const chain: Entry[] = [];
    for (let e = id === null ? undefined : this.pool.entry(id); e; e = e.parent === null ? undefined : this.pool.entry(e.parent)) chain.push(e);
    let node: SearchNode | null = null;
    for (let i = chain.length - 1; i >= 0; i--) {
      const e = chain[i];
      const n = e.node!;
      node = {
        id: chain.length - 1 - i, parent: node ? node.id : null, parentNode: node, depth: e.depth, text: n.text, tokens: n.tokens,
        terminal: n.terminal, answer: n.answer, finishReason: n.finishReason ?? defaultFinishReason(n.terminal), reward: n.reward, ref: e.inner, children: [],
      };
    }
    return node;
  }
}
