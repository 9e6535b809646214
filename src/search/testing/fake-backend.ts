/**
 * A scripted fake Backend for tests: a deterministic tree given by a function of the node path,
 * answered synchronously (or as Promises, to prove both paths work), with every call recorded.
 * Pure TypeScript (it lives in src/search), so browser-side tests may use it too.
 */
import type { Backend, BackendInfo, ExpandResult, MaybePromise, SampleOptions, ScoreResult } from '../backend';
import type { Rng } from '../rng';
import type { FinishReason, Problem, SearchNode, StepSample } from '../types';

/** One scripted step: what the policy writes and what the PRM says about it. */
export interface FakeStep {
  text: string;
  tokens: number;
  terminal: boolean;
  answer?: string;
  reward: number;
  finishReason?: FinishReason;
}

export interface FakeContext {
  temperature: number;
  /** The run's rng, for trees whose outcome should depend on the seed. */
  rng: Rng;
}

/**
 * The tree: the i-th child ever sampled under the node at `path` (`[]` = the question) has path
 * `[...path, i]`. Return null when that parent has no more children (the fake then returns fewer
 * samples than asked, like a replay running short).
 */
export type FakeTree = (path: readonly number[], ctx: FakeContext) => FakeStep | null;

/** What the fake stores in `StepSample.ref`. */
export interface FakeRef {
  readonly path: readonly number[];
  /** The path joined with '.', '' for the question. */
  readonly key: string;
  readonly reward: number;
}

export interface FakeCall {
  /** 1-based count over all calls. */
  index: number;
  method: 'expand' | 'complete' | 'score';
  /** expand: the parent's path key ('' = the question); complete/score: null. */
  key: string | null;
  /** Samples asked for (expand/complete) or nodes scored (score). */
  n: number;
  temperature?: number;
  /** score: the run's node ids scored. */
  ids?: number[];
}

export interface FakeBackendOptions {
  /** Answer with Promises instead of plain values. */
  async?: boolean;
  /** Offer a native `complete` (chains built from the same tree) instead of the expand fallback. */
  complete?: boolean;
  /** Has a PRM (default true). */
  prm?: boolean;
  /** Policy parameter count, for FLOPs (default 1e9). */
  policyParams?: number;
  /** The question's tokens as the PRM reads them, reported by `score` (default: not reported). */
  questionTokens?: number;
  /** Called before each call is served; throw from it to make the call fail. */
  onCall?: (call: FakeCall) => void;
}

export class FakeBackend implements Backend {
  readonly calls: FakeCall[] = [];
  /** Total samples asked per expanded parent path key ('' = the question). */
  readonly expanded = new Map<string, number>();
  /** Path keys of terminal nodes a strategy asked to expand (a bug if ever non-empty). */
  readonly terminalExpansions: string[] = [];
  readonly complete?: Backend['complete'];
  private readonly childCount = new Map<string, number>();

  constructor(
    readonly tree: FakeTree,
    readonly options: FakeBackendOptions = {},
  ) {
    if (options.complete) {
      this.complete = (_problem, n, opts) => this.answer(() => {
        this.record({ method: 'complete', key: null, n, temperature: opts.temperature });
        const solutions: StepSample[][] = [];
        for (let i = 0; i < n; i++) {
          const chain: StepSample[] = [];
          let path: readonly number[] = [];
          for (let depth = 1; depth <= opts.maxDepth; depth++) {
            const s = this.next(path, opts);
            if (!s) break;
            chain.push(s);
            path = (s.ref as FakeRef).path;
            if (s.terminal) break;
          }
          if (chain.length > 0) solutions.push(chain);
        }
        return { solutions, cost: { wallMs: 1 }, ...(solutions.length < n ? { shortfall: n - solutions.length } : {}) };
      });
    }
  }

  /** Forget the children served so far (call between runs that reuse this backend). */
  reset(): void {
    this.childCount.clear();
    this.calls.length = 0;
    this.expanded.clear();
    this.terminalExpansions.length = 0;
  }

  describe(): BackendInfo {
    return {
      policy: { name: 'fake-policy', params: this.options.policyParams ?? 1e9 },
      prm: this.options.prm === false ? null : { name: 'fake-prm', params: 1e9 },
      capabilities: { complete: !!this.options.complete, multiSample: true, replay: false },
    };
  }

  expand(_problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): MaybePromise<ExpandResult> {
    return this.answer(() => {
      const path = prefix ? pathOf(prefix) : [];
      const key = path.join('.');
      this.record({ method: 'expand', key, n, temperature: opts.temperature });
      this.expanded.set(key, (this.expanded.get(key) ?? 0) + n);
      if (prefix?.terminal) this.terminalExpansions.push(key);
      const samples: StepSample[] = [];
      for (let i = 0; i < n; i++) {
        const s = this.next(path, opts);
        if (!s) break;
        samples.push(s);
      }
      return { samples, cost: { wallMs: 1 }, ...(samples.length < n ? { shortfall: n - samples.length } : {}) };
    });
  }

  score(_problem: Problem, nodes: readonly SearchNode[]): MaybePromise<ScoreResult> {
    return this.answer(() => {
      this.record({ method: 'score', key: null, n: nodes.length, ids: nodes.map((x) => x.id) });
      if (this.options.prm === false) throw new Error('the fake backend has no PRM');
      const q = this.options.questionTokens;
      return { rewards: nodes.map((x) => (x.ref as FakeRef).reward), cost: { wallMs: 1 }, ...(q !== undefined ? { questionTokens: q } : {}) };
    });
  }

  private next(path: readonly number[], opts: SampleOptions): StepSample | null {
    const key = path.join('.');
    const i = this.childCount.get(key) ?? 0;
    const childPath = [...path, i];
    const step = this.tree(childPath, { temperature: opts.temperature, rng: opts.rng });
    if (!step) return null;
    this.childCount.set(key, i + 1);
    const ref: FakeRef = { path: childPath, key: childPath.join('.'), reward: step.reward };
    return {
      text: step.text, tokens: step.tokens, terminal: step.terminal, answer: step.answer,
      finishReason: step.finishReason ?? (step.terminal ? 'eos' : 'stop'), ref,
    };
  }

  private record(call: Omit<FakeCall, 'index'>): void {
    const full = { index: this.calls.length + 1, ...call };
    this.calls.push(full);
    this.options.onCall?.(full);
  }

  private answer<T>(work: () => T): MaybePromise<T> {
    return this.options.async ? Promise.resolve().then(work) : work();
  }
}

function pathOf(node: SearchNode): readonly number[] {
  const ref = node.ref as FakeRef | undefined;
  if (!ref || !Array.isArray(ref.path)) throw new Error(`node ${node.id} was not made by the fake backend`);
  return ref.path;
}
