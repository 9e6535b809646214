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
 * when the run succeeded, rolled back when a live call failed, so the pool never holds half a run.
 */
import type { Backend, BackendInfo, CallCost, ExpandResult, SampleOptions, ScoreResult } from '../../search/backend';
import type { Problem, SearchNode, StepSample } from '../../search/types';
import type { PoolNode } from '../../trace/bundle';
import { defaultFinishReason } from '../../trace/bundle';

/** What one committed run added to a pool: the journal's record of it. */
export interface PoolDelta {
  /** New nodes in pool order (a parent always before its children). */
  nodes: PoolNode[];
  /** Rewards given to nodes recorded by earlier runs. */
  rewards: Record<string, number>;
  /** Prompt tokens of the question, when this run was the first to learn them. */
  promptTokens?: number;
}

interface Entry {
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

/** A replay's sample of a recorded node (exactly what ReplayBackend serves for it). */
function sampleOf(e: Entry): StepSample {
  const node = e.node!;
  const s: StepSample = { text: node.text, tokens: node.tokens, terminal: node.terminal, finishReason: node.finishReason ?? defaultFinishReason(node.terminal), ref: e.id };
  if (node.answer !== undefined) s.answer = node.answer;
  return s;
}

/** The recorded id a run node stands for. */
function idOf(node: SearchNode): string {
  if (typeof node.ref !== 'string') throw new Error(`run node ${node.id} was not served by this recording`);
  return node.ref;
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
    e.node!.reward = reward;
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

/** One run's Backend over a recording: like a fresh ReplayBackend, with the live server behind it. */
class RunView implements Backend {
  readonly complete: NonNullable<Backend['complete']>;
  /** Per parent id: how many recorded children this run was served. */
  private readonly used = new Map<string | null, number>();

  constructor(private readonly rec: PoolRecording, private readonly pool: RecordPool, private readonly info: BackendInfo) {
    this.complete = (problem, n, opts) => this.completeImpl(problem, n, opts);
  }

  describe(): BackendInfo {
    return this.info;
  }

  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): ExpandResult | Promise<ExpandResult> {
    this.check(problem);
    const parent = prefix === null ? null : idOf(prefix);
    const served = this.take(parent, n);
    const missing = n - served.length;
    if (missing <= 0) return { samples: served.map(sampleOf), cost: this.replayCost(prefix === null) };
    const first = this.pool.childrenOf(parent).length;
    const slots = this.rec.reserve(parent, missing);
    this.used.set(parent, first + missing);
    const call = this.rec.track(() => this.rec.live.expand(problem, this.rec.livePath(parent), missing, this.rec.liveOptions(opts, `${parent ?? 'q'}#${first}`)));
    return call.then((res) => {
      this.fillSlots(slots, res.samples);
      if (prefix === null) this.notePrompt(res.cost);
      const got = [...served, ...slots.filter((e) => e.node)];
      const out: ExpandResult = { samples: got.map(sampleOf), cost: { ...this.replayCost(prefix === null), ...wall(res.cost) } };
      return got.length < n ? { ...out, shortfall: n - got.length } : out;
    });
  }

  score(problem: Problem, nodes: readonly SearchNode[]): ScoreResult | Promise<ScoreResult> {
    this.check(problem);
    const entries = nodes.map((node) => {
      const e = this.pool.entry(idOf(node));
      if (!e?.node) throw new Error(`run node ${node.id} is not in the recording of ${problem.id}`);
      return e;
    });
    let prmTokens = 0;
    for (const e of entries) prmTokens += e.node!.tokens;
    const todo = entries.filter((e) => e.node!.reward === null);
    const rewards = () => entries.map((e) => e.node!.reward!);
    if (todo.length === 0) return { rewards: rewards(), cost: { prmTokens } };
    const paths = todo.map((e) => this.rec.livePath(e.id)!);
    return this.rec.track(() => this.rec.live.score(problem, paths)).then((res) => {
      todo.forEach((e, i) => this.rec.setReward(e, res.rewards[i]));
      return { rewards: rewards(), cost: { prmTokens, ...wall(res.cost) } };
    });
  }

  /**
   * `n` whole solutions, walked through the pool exactly as ReplayBackend.complete walks it; a
   * walk that would end unfinished is continued live one step at a time (so a later replay walks
   * on into the same steps), and the solutions the root is short of come from one live call.
   */
  private async completeImpl(problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }): Promise<{ solutions: StepSample[][]; cost?: CallCost; shortfall?: number }> {
    this.check(problem);
    const solutions: StepSample[][] = [];
    let wallMs = 0;
    let i = 0;
    for (; i < n; i++) {
      const [first] = this.take(null, 1);
      if (!first) break;
      const chain = [first];
      let node = first;
      while (!node.node!.terminal && chain.length < opts.maxDepth) {
        let [next] = this.take(node.id, 1);
        if (!next) {
          const step = await this.extend(problem, node, opts);
          wallMs += step.wallMs;
          if (!step.entry) break;
          next = step.entry;
        }
        chain.push(next);
        node = next;
      }
      solutions.push(chain.map(sampleOf));
    }
    const missing = n - i;
    if (missing > 0) {
      const start = this.pool.childrenOf(null).length;
      const roots = this.rec.reserve(null, missing);
      this.used.set(null, start + missing);
      const live = this.rec.live.complete ?? null;
      if (!live) throw new Error('the live backend cannot sample whole solutions');
      const res = await this.rec.track(() => live.call(this.rec.live, problem, missing, this.rec.liveOptions(opts, `q*${start}`)));
      this.notePrompt(res.cost);
      wallMs += res.cost?.wallMs ?? 0;
      for (let j = 0; j < roots.length; j++) {
        const steps = res.solutions[j];
        if (!steps || steps.length === 0) continue;
        this.rec.fill(roots[j], steps[0]);
        const chain = [roots[j]];
        for (let k = 1; k < steps.length; k++) {
          const [slot] = this.rec.reserve(chain[k - 1].id, 1);
          this.rec.fill(slot, steps[k]);
          this.used.set(slot.parent, (this.used.get(slot.parent) ?? 0) + 1);
          chain.push(slot);
        }
        let node = chain[chain.length - 1];
        while (!node.node!.terminal && chain.length < opts.maxDepth) {
          const step = await this.extend(problem, node, opts);
          wallMs += step.wallMs;
          if (!step.entry) break;
          chain.push(step.entry);
          node = step.entry;
        }
        solutions.push(chain.map(sampleOf));
      }
    }
    const cost: CallCost = { ...this.replayCost(true), ...(wallMs > 0 ? { wallMs } : {}) };
    return solutions.length < n ? { solutions, cost, shortfall: n - solutions.length } : { solutions, cost };
  }

  /** One more live step after `node`, appended after its children and served to this run. */
  private async extend(problem: Problem, node: Entry, opts: SampleOptions): Promise<{ entry: Entry | null; wallMs: number }> {
    const first = this.pool.childrenOf(node.id).length;
    const [slot] = this.rec.reserve(node.id, 1);
    this.used.set(node.id, first + 1);
    const res = await this.rec.track(() => this.rec.live.expand(problem, this.rec.livePath(node.id), 1, this.rec.liveOptions(opts, `${node.id}#${first}`)));
    this.fillSlots([slot], res.samples);
    return { entry: slot.node ? slot : null, wallMs: res.cost?.wallMs ?? 0 };
  }

  /** The next `n` recorded children of a parent not yet served to this run. */
  private take(parent: string | null, n: number): Entry[] {
    const list = this.pool.childrenOf(parent);
    const k = this.used.get(parent) ?? 0;
    const got = list.slice(k, k + n);
    for (const e of got) if (!e.node) throw new Error(`recorded node ${e.id} is still being sampled by another call`);
    if (got.length > 0) this.used.set(parent, k + got.length);
    return got;
  }

  private fillSlots(slots: Entry[], samples: readonly StepSample[]): void {
    for (let i = 0; i < slots.length && i < samples.length; i++) this.rec.fill(slots[i], samples[i]);
  }

  private notePrompt(cost: CallCost | undefined): void {
    if (this.pool.promptTokens === undefined && cost?.promptTokens) this.pool.promptTokens = cost.promptTokens;
  }

  /** What ReplayBackend charges besides the samples: the question's prompt tokens on calls from it. */
  private replayCost(fromQuestion: boolean): CallCost | undefined {
    return fromQuestion && this.pool.promptTokens ? { promptTokens: this.pool.promptTokens } : undefined;
  }

  private check(problem: Problem): void {
    if (problem.id !== this.pool.problem.id) throw new Error(`this recording is of problem ${this.pool.problem.id}, not ${problem.id}`);
  }
}

function wall(cost: CallCost | undefined): CallCost {
  return cost?.wallMs !== undefined ? { wallMs: cost.wallMs } : {};
}
