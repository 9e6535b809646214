/**
 * A Backend that wraps any Backend and writes everything it returns into a trace bundle
 * (design.md §2, §7): one pool per problem, new string node ids (`n1`, `n2`, … in the order
 * samples come back), parent = the prefix's recorded id, rewards filled in when scored.
 */
import type {
  CallCost,
  Backend, BackendInfo, ExpandResult, MaybePromise, SampleOptions, ScoreResult,
} from '../search/backend';
import type { Problem, SearchNode, StepSample } from '../search/types';
import type { Bundle, BundleMeta } from './bundle';
import { defaultFinishReason } from './bundle';
import type { RunInput } from './builder';
import { BundleBuilder } from './builder';

/**
 * The `ref` of every sample a RecordingBackend returns: `poolId` is the sample's node id in the
 * recording pool, `inner` the wrapped backend's own ref for it.
 */
export interface RecordedRef {
  poolId: string;
  inner: unknown;
}

/** Whether a ref was made by a RecordingBackend. */
export function isRecordedRef(ref: unknown): ref is RecordedRef {
  return typeof ref === 'object' && ref !== null && typeof (ref as RecordedRef).poolId === 'string' && 'inner' in ref;
}

/** Options of a {@link RecordingBackend}. */
export interface RecordingOptions {
  /** Defaults: title "Recorded trace", source "live", createdAt = now. */
  meta?: Partial<BundleMeta>;
  /** Model ids in the bundle; default to the names `describe()` reports. */
  policyId?: string;
  prmId?: string;
  /** When given, every terminal step with an answer gets `correct`. */
  grade?: (answer: string, problem: Problem) => boolean;
}

type CompleteFn = NonNullable<Backend['complete']>;

/** Applies `f` now when `x` is a plain value, or when it resolves (keeps synchronous backends synchronous). */
function after<T, U>(x: MaybePromise<T>, f: (value: T) => U): MaybePromise<U> {
  return x instanceof Promise ? x.then(f) : f(x as T);
}

/**
 * The prefix as the wrapped backend must see it: shallow copies of the prefix and of each of its
 * ancestors (`parentNode` chain) with `ref` unwrapped to the inner ref. `children` arrays are
 * the caller's (their refs stay wrapped); an inner backend must not read them.
 */
export function unwrapPrefix(node: SearchNode | null): SearchNode | null {
  const chain: SearchNode[] = [];
  for (let n = node; n; n = n.parentNode) chain.push(n);
  let copy: SearchNode | null = null;
  for (let i = chain.length - 1; i >= 0; i--) {
    const n = chain[i];
    copy = { ...n, parentNode: copy, ref: isRecordedRef(n.ref) ? n.ref.inner : n.ref };
  }
  return copy;
}

/**
 * Records a wrapped backend. `complete` exists only when the wrapped backend has it. Call
 * {@link RecordingBackend.addRun} to keep a run's events, then {@link RecordingBackend.toBundle}.
 */
export class RecordingBackend implements Backend {
  readonly complete?: CompleteFn;
  /** Things the recording could not represent exactly (e.g. a change of temperature mid-pool). */
  readonly warnings: string[] = [];
  private readonly builder: BundleBuilder;
  private readonly pools = new Map<string, { index: number; temperature: number; maxStepTokens: number; warned: boolean }>();
  private readonly policyId: string;
  private readonly prmId: string | null;

  constructor(private readonly inner: Backend, private readonly options: RecordingOptions = {}) {
    const info = inner.describe();
    this.builder = new BundleBuilder({
      title: 'Recorded trace',
      createdAt: new Date().toISOString(),
      source: 'live',
      ...options.meta,
    });
    this.policyId = options.policyId ?? info.policy.name;
    this.builder.addModel(this.policyId, { role: 'policy', ...info.policy });
    if (info.prm) {
      const prmId = options.prmId ?? info.prm.name;
      this.prmId = prmId === this.policyId ? `${prmId} (prm)` : prmId;
      this.builder.addModel(this.prmId, { role: 'prm', ...info.prm });
    } else {
      this.prmId = null;
    }
    const innerComplete = inner.complete;
    if (innerComplete) {
      this.complete = (problem, n, opts) => {
        const pool = this.poolFor(problem, opts);
        return after(innerComplete.call(inner, problem, n, opts), (res) => {
          this.notePrompt(pool, res.cost);
          return { ...res, solutions: res.solutions.map((chain) => this.recordChain(pool, problem, chain)) };
        });
      };
    }
  }

  describe(): BackendInfo {
    return this.inner.describe();
  }

  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): MaybePromise<ExpandResult> {
    const pool = this.poolFor(problem, opts);
    const parent = prefix === null ? null : this.parentId(pool, prefix);
    return after(this.inner.expand(problem, unwrapPrefix(prefix), n, opts), (res) => {
      if (prefix === null) this.notePrompt(pool, res.cost);
      return { ...res, samples: res.samples.map((s) => this.record(pool, problem, parent, s)) };
    });
  }

  score(problem: Problem, nodes: readonly SearchNode[]): MaybePromise<ScoreResult> {
    const pool = this.pools.get(problem.id)?.index;
    if (pool === undefined) throw new Error(`RecordingBackend: nothing was sampled for problem ${problem.id} yet, so there is nothing to score`);
    const ids = nodes.map((node) => this.parentId(pool, node));
    const unwrapped = nodes.map((node) => unwrapPrefix(node) as SearchNode);
    return after(this.inner.score(problem, unwrapped), (res) => {
      ids.forEach((id, i) => this.builder.setReward(pool, id, res.rewards[i]));
      return res;
    });
  }

  /** Keep the prompt tokens a call from the question reported, for replay's `prefill` figures. */
  private notePrompt(pool: number, cost: CallCost | undefined): void {
    if (cost?.promptTokens) this.builder.setPromptTokens(pool, cost.promptTokens);
  }

  /** Keep a run's events (and its result, by default from its final `done` event); returns its id. */
  addRun(run: RunInput): string {
    return this.builder.addRun(run);
  }

  /** Everything recorded so far as a validated bundle (throws BundleError if the inner backend returned invalid values). */
  toBundle(): Bundle {
    return this.builder.setMeta({ notes: this.notes() }).build();
  }

  private notes(): string | undefined {
    const parts = [this.options.meta?.notes, ...this.warnings].filter((s): s is string => !!s);
    return parts.length > 0 ? parts.join('\n') : undefined;
  }

  private poolFor(problem: Problem, opts: SampleOptions): number {
    let pool = this.pools.get(problem.id);
    if (!pool) {
      this.builder.addProblem(problem);
      const { temperature, maxStepTokens } = opts;
      const index = this.builder.addPool({
        problemId: problem.id,
        policy: this.policyId,
        prm: this.prmId,
        sampling: maxStepTokens > 0 ? { temperature, maxStepTokens } : { temperature },
      });
      pool = { index, temperature, maxStepTokens, warned: false };
      this.pools.set(problem.id, pool);
    } else if (!pool.warned && (opts.temperature !== pool.temperature || opts.maxStepTokens !== pool.maxStepTokens)) {
      pool.warned = true;
      this.warnings.push(`problem ${problem.id}: sampling changed to temperature ${opts.temperature}, maxStepTokens ${opts.maxStepTokens} during the recording; the pool states the first setting`);
    }
    return pool.index;
  }

  private parentId(pool: number, node: SearchNode): string {
    const ref = node.ref;
    if (!isRecordedRef(ref) || !this.builder.node(pool, ref.poolId)) {
      throw new Error(`RecordingBackend: run node ${node.id} was not returned by this recorder for this problem, so its recorded id is unknown`);
    }
    return ref.poolId;
  }

  private record(pool: number, problem: Problem, parent: string | null, s: StepSample): StepSample {
    const grade = this.options.grade;
    const poolId = this.builder.addNode(pool, {
      parent,
      text: s.text,
      tokens: s.tokens,
      reward: null,
      terminal: s.terminal,
      answer: s.answer,
      correct: grade && s.terminal && s.answer !== undefined ? grade(s.answer, problem) : undefined,
      finishReason: s.finishReason === defaultFinishReason(s.terminal) ? undefined : s.finishReason,
    });
    return { ...s, ref: { poolId, inner: s.ref } satisfies RecordedRef };
  }

  private recordChain(pool: number, problem: Problem, chain: StepSample[]): StepSample[] {
    let parent: string | null = null;
    return chain.map((s) => {
      const out = this.record(pool, problem, parent, s);
      parent = (out.ref as RecordedRef).poolId;
      return out;
    });
  }
}
