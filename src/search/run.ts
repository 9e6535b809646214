/**
 * SearchRun: the machinery every strategy shares — the run's tree, the compute clock, the event
 * stream, backend calls and the final vote. A strategy decides *what* to expand and score; this
 * class does the bookkeeping the same way for all of them, so compute and events are comparable.
 */
import { DEFAULT_VOTE_RULE, INVALID_ANSWER, pathScore, vote, votedAnswer, votePicks, type Aggregate, type Candidate, type ScoreAgg, type VoteRule } from './aggregate';
import type { Backend, CallCost, ExpandResult, SampleOptions } from './backend';
import { PrmReads } from './compute';
import type { DoneEvent, Incomplete, SearchEvent } from './events';
import { answerKey, gradingStyleOf, isCorrect } from './grading';
import type { Rng } from './rng';
import { zeroCompute, type AbortSignalLike, type Compute, type GradingStyle, type Problem, type SearchNode, type StepSample } from './types';

export interface RunOptions {
  rng: Rng;
  /** Receives every event in order. Omit it (sweeps) and only `done` is built. */
  emit?: (event: SearchEvent) => void;
  signal?: AbortSignalLike;
  /** Max completion tokens per step (the paper: 256). */
  maxStepTokens?: number;
}

/** Thrown inside a run when its signal aborts; the run then ends `incomplete`. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** A call of {@link SearchRun.expandAll} once it has answered (`result: null` = nothing was asked). */
type Settled = { ok: true; result: ExpandResult | null } | { ok: false; error: unknown };

function settle(p: PromiseLike<ExpandResult>): Promise<Settled> {
  return Promise.resolve(p).then((result): Settled => ({ ok: true, result }), (error: unknown): Settled => ({ ok: false, error }));
}

function isThenable<T>(x: T | PromiseLike<T>): x is PromiseLike<T> {
  return typeof (x as PromiseLike<T>).then === 'function';
}

interface MutableNode extends SearchNode {
  reward: number | null;
}

export class SearchRun {
  readonly nodes: SearchNode[] = [];
  /** The question's children (depth-1 nodes). */
  readonly firstSteps: SearchNode[] = [];
  readonly compute: Compute = zeroCompute();
  readonly policyParams: number;
  readonly hasPrm: boolean;
  readonly style: GradingStyle;
  readonly rng: Rng;
  private readonly emitFn: ((e: SearchEvent) => void) | undefined;
  private readonly flopsPerToken: number;
  private readonly maxStepTokens: number;
  private readonly keys = new Map<string, string>();
  private asked = 0;
  private served = 0;
  private readonly prmReads = new PrmReads();
  private prmQuestion: number | undefined;

  constructor(
    readonly problem: Problem,
    readonly backend: Backend,
    private readonly opts: RunOptions,
  ) {
    const info = backend.describe();
    this.policyParams = info.policy.params;
    this.hasPrm = info.prm !== null;
    this.flopsPerToken = 2 * info.policy.params;
    this.style = gradingStyleOf(problem);
    this.rng = opts.rng;
    this.emitFn = opts.emit;
    this.maxStepTokens = opts.maxStepTokens ?? 256;
  }

  /** Whether events are being kept (build event payloads only when true). */
  get emitting(): boolean {
    return this.emitFn !== undefined;
  }

  /** A copy of the compute clock, for an event. */
  snapshot(): Compute {
    return { ...this.compute };
  }

  /** Emit an event built lazily, stamped with the compute so far. */
  emit<E extends SearchEvent>(build: () => Omit<E, 'compute'>): void {
    if (this.emitFn) this.emitFn({ ...build(), compute: this.snapshot() } as E);
  }

  private checkCancelled(): void {
    if (this.opts.signal?.aborted) throw new Cancelled();
  }

  private charge(cost: CallCost | undefined): void {
    this.compute.calls++;
    if (!cost) return;
    if (cost.promptTokens) this.compute.promptTokens += cost.promptTokens;
    if (cost.wallMs) this.compute.wallMs += cost.wallMs;
  }

  /** Add a sampled step to the tree (charging its tokens) and announce it. */
  private addNode(parent: SearchNode | null, s: StepSample): SearchNode {
    const node: MutableNode = {
      id: this.nodes.length,
      parent: parent ? parent.id : null,
      parentNode: parent,
      depth: parent ? parent.depth + 1 : 1,
      text: s.text,
      tokens: s.tokens,
      terminal: s.terminal,
      answer: s.answer,
      finishReason: s.finishReason,
      reward: null,
      ref: s.ref,
      children: [],
    };
    this.nodes.push(node);
    (parent ? parent.children : this.firstSteps).push(node);
    this.compute.policyTokens += s.tokens;
    this.compute.flops += this.flopsPerToken * s.tokens;
    if (this.emitFn) {
      this.emitFn({
        type: 'node', id: node.id, parent: node.parent, depth: node.depth, text: node.text,
        tokens: node.tokens, terminal: node.terminal, answer: node.answer, compute: this.snapshot(),
      });
    }
    return node;
  }

  /** Sample n next steps after `parent` (null = the question). A replay may return fewer. */
  async expand(parent: SearchNode | null, n: number, temperature: number): Promise<SearchNode[]> {
    this.checkCancelled();
    if (n <= 0) return [];
    this.announceExpand(parent, n);
    const res = await this.backend.expand(this.problem, parent, n, this.sampleOptions(temperature));
    return this.accept(parent, n, res);
  }

  /**
   * Expand several parents at once — one depth of REBASE or beam search: `counts[i]` children of
   * `parents[i]`. The backend calls are issued in the given order without waiting for one another,
   * so a live server works on them concurrently (wall time ≈ the slowest call, not the sum); their
   * results are applied in the same order whatever order they come back in. Events, node ids,
   * compute and the rng stream are therefore exactly those of awaiting {@link expand} for each in
   * turn: a backend draws from `opts.rng` before its first `await` (the sim answers synchronously,
   * HttpBackend draws its `seed` first, a replay draws nothing), so issuing the calls in order
   * consumes the run's rng in order. A synchronous answer is applied at once, with no `await`
   * (the sim's hot path). When a call fails, the calls before it are applied, the later ones are
   * awaited and dropped, and the error is thrown: the tree is the one the one-by-one loop leaves.
   * Give distinct parents: a recorder that stores answers as they arrive (RecordingBackend) would
   * keep one parent's children from two calls in answer order, which its replay then follows.
   */
  async expandAll(parents: readonly (SearchNode | null)[], counts: readonly number[], temperature: number): Promise<SearchNode[][]> {
    const out: SearchNode[][] = new Array(parents.length);
    const opts = this.sampleOptions(temperature);
    // From the first call that answers with a Promise on, answers wait here to be applied in order.
    let pending: (Settled | Promise<Settled>)[] | null = null;
    let first = 0;
    let cancelled = false;
    for (let i = 0; i < parents.length; i++) {
      if (this.opts.signal?.aborted) {
        if (pending === null) throw new Cancelled();
        cancelled = true;
        break;
      }
      const n = counts[i];
      let answer: ExpandResult | PromiseLike<ExpandResult> | null = null;
      let threw = false;
      let error: unknown;
      if (n > 0) {
        try {
          answer = this.backend.expand(this.problem, parents[i], n, opts);
        } catch (e) {
          threw = true;
          error = e;
        }
      }
      if (pending === null) {
        if (threw) throw this.failed(parents[i], n, error);
        if (answer === null) out[i] = [];
        else if (!isThenable(answer)) out[i] = this.accept(parents[i], n, answer, true);
        else {
          pending = [settle(answer)];
          first = i;
        }
      } else if (threw) {
        pending.push({ ok: false, error });
        break;
      } else {
        pending.push(isThenable(answer) ? settle(answer) : { ok: true, result: answer });
      }
    }
    if (pending === null) return out;
    for (let k = 0; k < pending.length; k++) {
      const i = first + k;
      const s = await pending[k];
      if (!s.ok) {
        await Promise.all(pending.slice(k + 1));
        throw this.failed(parents[i], counts[i], s.error);
      }
      out[i] = s.result === null ? [] : this.accept(parents[i], counts[i], s.result, true);
    }
    if (cancelled) throw new Cancelled();
    return out;
  }

  private sampleOptions(temperature: number): SampleOptions {
    return { temperature, maxStepTokens: this.maxStepTokens, rng: this.rng, signal: this.opts.signal };
  }

  /** A call of {@link expandAll} failed: announce its `expand` (as {@link expand} does before calling) and return the error to throw. */
  private failed(parent: SearchNode | null, n: number, error: unknown): unknown {
    this.checkCancelled();
    this.announceExpand(parent, n);
    return error;
  }

  private announceExpand(parent: SearchNode | null, n: number): void {
    if (this.emitFn) this.emitFn({ type: 'expand', parent: parent ? parent.id : null, n, compute: this.snapshot() });
  }

  /**
   * Count an expand call's answer and add its samples to the tree; `announce`: emit the call's
   * `expand` event first ({@link expandAll} announces a call when its answer is applied).
   */
  private accept(parent: SearchNode | null, n: number, res: ExpandResult, announce = false): SearchNode[] {
    if (announce) this.announceExpand(parent, n);
    this.asked += n;
    this.served += res.samples.length;
    this.charge(res.cost);
    const out: SearchNode[] = new Array(res.samples.length);
    for (let i = 0; i < res.samples.length; i++) out[i] = this.addNode(parent, res.samples[i]);
    return out;
  }

  /**
   * Sample n whole solutions. Uses the backend's native `complete` when it has one, else extends
   * each chain one step at a time until a terminal step or `maxDepth`. Returns each chain's last node.
   */
  async complete(n: number, temperature: number, maxDepth: number): Promise<SearchNode[]> {
    this.checkCancelled();
    if (n <= 0) return [];
    if (this.emitFn) this.emitFn({ type: 'expand', parent: null, n, compute: this.snapshot() });
    if (this.backend.complete) {
      const res = await this.backend.complete(this.problem, n, {
        temperature, maxStepTokens: this.maxStepTokens, rng: this.rng, signal: this.opts.signal, maxDepth,
      });
      this.asked += n;
      this.served += res.solutions.length;
      this.charge(res.cost);
      const leaves: SearchNode[] = [];
      for (const chain of res.solutions) {
        let parent: SearchNode | null = null;
        for (const s of chain) parent = this.addNode(parent, s);
        if (parent) leaves.push(parent);
      }
      return leaves;
    }
    const leaves: SearchNode[] = [];
    for (let i = 0; i < n; i++) {
      let node: SearchNode | null = null;
      for (;;) {
        const [next] = await this.expand(node, 1, temperature);
        if (!next) break;
        node = next;
        if (node.terminal || node.depth >= maxDepth) break;
      }
      if (node) leaves.push(node);
    }
    return leaves;
  }

  /**
   * The question's tokens as the PRM reads them, from the first score call that reported them
   * (undefined before that, or when the backend does not know).
   */
  get prmQuestionTokens(): number | undefined {
    return this.prmQuestion;
  }

  /**
   * PRM-score nodes (each stands for its path); sets `reward` and announces each score. PRM
   * tokens are charged here, for every backend alike: what the PRM reads that it has not read
   * in this run — the question once, then each node of the scored paths once (`PrmReads`).
   */
  async score(nodes: readonly SearchNode[]): Promise<void> {
    this.checkCancelled();
    if (nodes.length === 0) return;
    const res = await this.backend.score(this.problem, nodes);
    this.charge(res.cost);
    if (this.prmQuestion === undefined && res.questionTokens !== undefined) this.prmQuestion = res.questionTokens;
    this.compute.prmTokens += this.prmReads.charge(nodes, this.prmQuestion);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as MutableNode;
      node.reward = res.rewards[i];
      if (this.emitFn) this.emitFn({ type: 'score', id: node.id, reward: node.reward, compute: this.snapshot() });
    }
  }

  /** Score every not-yet-scored node on the paths of the given leaves (for min/mean/prod). */
  async scorePaths(leaves: readonly SearchNode[]): Promise<void> {
    const todo: SearchNode[] = [];
    const seen = new Set<number>();
    for (const leaf of leaves) {
      for (let n: SearchNode | null = leaf; n && n.reward === null && !seen.has(n.id); n = n.parentNode) {
        seen.add(n.id);
        todo.push(n);
      }
    }
    todo.sort((a, b) => a.id - b.id);
    await this.score(todo);
  }

  /** The normalised vote key of an answer (memoised per run). */
  key(answer: string): string {
    let k = this.keys.get(answer);
    if (k === undefined) {
      k = answerKey(answer, this.style);
      this.keys.set(answer, k);
    }
    return k;
  }

  /** Whether an answer is equivalent to the problem's gold answer; `[invalid]` never is. */
  isCorrect(answer: string): boolean {
    return answer !== INVALID_ANSWER && isCorrect(answer, this.problem.answer, this.style);
  }

  /**
   * Finished solutions, in tree order, as vote candidates. One without an extracted answer is
   * the class `[invalid]` under the `official` rule (as `math_evaluate.py`'s `INVALID_ANS`) and
   * is left out under `first-vote`. Unfinished leaves are never candidates.
   */
  candidates(leaves: readonly SearchNode[], scoreAgg: ScoreAgg, rule: VoteRule = DEFAULT_VOTE_RULE): Candidate[] {
    const out: Candidate[] = [];
    for (const node of leaves) {
      if (!node.terminal) continue;
      const score = this.hasPrm ? pathScore(node, scoreAgg) : 0;
      if (node.answer !== undefined && node.answer !== '') out.push({ answer: node.answer, key: this.key(node.answer), score, node });
      else if (rule === 'official') out.push({ answer: INVALID_ANSWER, key: INVALID_ANSWER, score, node });
    }
    return out;
  }

  /** Replay coverage so far, or undefined when every asked sample was served. */
  shortfall(): Incomplete | undefined {
    if (this.served >= this.asked) return undefined;
    return { reason: `the trace had ${this.served} of the ${this.asked} samples asked for`, coverage: this.asked ? this.served / this.asked : 1 };
  }

  /**
   * Vote over the finished solutions among `leaves`, announce the tally, and build `done`.
   * `solutions` counts every terminal leaf, answered or not. Under the `official` rule an
   * `[invalid]` winner is the run's answer, graded wrong.
   */
  finish(leaves: readonly SearchNode[], method: Aggregate, scoreAgg: ScoreAgg, rule: VoteRule = DEFAULT_VOTE_RULE, incomplete?: Incomplete): DoneEvent {
    const cands = this.candidates(leaves, scoreAgg, rule);
    const result = vote(cands, method, rule);
    let solutions = 0;
    for (const l of leaves) if (l.terminal) solutions++;
    if (this.emitFn) {
      if (method === 'best-of-n' && result.best) {
        this.emitFn({ type: 'select', ids: [result.best.node.id], reason: 'best-of-n', compute: this.snapshot() });
      }
      this.emitFn({ type: 'vote', method, buckets: result.buckets, winner: result.winner?.key ?? null, rule, picks: votePicks(cands, rule), compute: this.snapshot() });
    }
    const answer = votedAnswer(result, method);
    return this.done(answer, solutions, incomplete ?? this.shortfall());
  }

  /** Build (and announce) the final event. */
  done(answer: string | null, solutions: number, incomplete?: Incomplete): DoneEvent {
    const done: DoneEvent = {
      type: 'done',
      answer,
      correct: answer !== null && this.isCorrect(answer),
      solutions,
      nodes: this.nodes.length,
      compute: this.snapshot(),
      ...(incomplete ? { incomplete } : {}),
    };
    if (this.emitFn) this.emitFn(done);
    return done;
  }
}
