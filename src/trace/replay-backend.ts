/**
 * A Backend that serves what a bundle recorded (design.md §7). It never invents a sample, and it
 * never consults the rng or the temperature: which child is served depends only on the recorded
 * order and on what this run has already been served, so a replayed REBASE or beam run has
 * exactly one outcome.
 */
import type { Backend, BackendInfo, CallCost, ExpandResult, SampleOptions, ScoreResult } from '../search/backend';
import type { Problem, SearchNode, StepSample } from '../search/types';
import type { Bundle, Pool, PoolNode } from './bundle';
import { defaultFinishReason } from './bundle';

/** How much of what a run asked for the recording could serve. */
export interface ReplayCoverage {
  /** Samples asked for: steps for `expand`, whole solutions for `complete`. */
  asked: number;
  /** Samples served (never more than asked). */
  served: number;
}

/** Children lists of a pool in recorded order; computed once per pool and shared by runs. */
interface PoolIndex {
  byId: Map<string, PoolNode>;
  children: Map<string | null, PoolNode[]>;
}

const indexCache = new WeakMap<Pool, PoolIndex>();

function indexPool(pool: Pool): PoolIndex {
  let index = indexCache.get(pool);
  if (!index) {
    const byId = new Map<string, PoolNode>();
    const children = new Map<string | null, PoolNode[]>();
    for (const node of pool.nodes) {
      byId.set(node.id, node);
      const list = children.get(node.parent);
      if (list) list.push(node);
      else children.set(node.parent, [node]);
    }
    index = { byId, children };
    indexCache.set(pool, index);
  }
  return index;
}

/**
 * Replays one pool of a bundle: the first pool whose `problemId` matches and, when
 * `policyModelId` is given, whose `policy` matches. Pass a bundle from `parseBundle` and do not
 * mutate it afterwards (the pool's index is cached).
 *
 * Each recorded node is served at most once per run: use one instance per run, or call
 * {@link ReplayBackend.reset} (or {@link ReplayBackend.fresh}) between runs. After a run, read
 * {@link ReplayBackend.coverage}; when `served < asked` the run is `incomplete` with coverage
 * `served / asked`.
 */
export class ReplayBackend implements Backend {
  /** The replayed problem, as the bundle records it. */
  readonly problem: Problem;
  /** The pool being replayed. */
  readonly pool: Pool;
  private readonly index: PoolIndex;
  private readonly info: BackendInfo;
  /** Per parent id (null = the question): how many of its recorded children were served. */
  private readonly used = new Map<string | null, number>();
  private asked = 0;
  private served = 0;

  constructor(private readonly bundle: Bundle, problemId: string, policyModelId?: string) {
    const problem = bundle.problems.find((p) => p.id === problemId);
    if (!problem) throw new Error(`ReplayBackend: the trace has no problem "${problemId}"`);
    const pools = bundle.pools.filter((p) => p.problemId === problemId);
    const pool = policyModelId === undefined ? pools[0] : pools.find((p) => p.policy === policyModelId);
    if (!pool) {
      const have = [...new Set(pools.map((p) => p.policy))].join(', ') || 'none';
      throw new Error(`ReplayBackend: the trace has no pool for problem "${problemId}"${policyModelId === undefined ? '' : ` with policy "${policyModelId}"`} (policies with pools for it: ${have})`);
    }
    const policies = new Set(pools.map((p) => p.policy));
    if (policyModelId === undefined && policies.size > 1) {
      throw new Error(`ReplayBackend: problem "${problemId}" has pools for several policies (${[...policies].join(', ')}); say which`);
    }
    this.problem = { ...problem };
    this.pool = pool;
    this.index = indexPool(pool);
    const policy = bundle.models[pool.policy];
    const prm = pool.prm === null ? null : bundle.models[pool.prm];
    this.info = {
      policy: { name: policy.name, params: policy.params },
      prm: prm ? { name: prm.name, params: prm.params } : null,
      capabilities: { complete: true, multiSample: true, replay: true },
    };
  }

  /** A new replay over the same pool with nothing served yet (a factory for the next run). */
  fresh(): ReplayBackend {
    return new ReplayBackend(this.bundle, this.problem.id, this.pool.policy);
  }

  /** Forget what was served and the coverage counts, to replay another run. */
  reset(): void {
    this.used.clear();
    this.asked = 0;
    this.served = 0;
  }

  /** Samples asked for and served since construction or the last reset. */
  coverage(): ReplayCoverage {
    return { asked: this.asked, served: this.served };
  }

  describe(): BackendInfo {
    return {
      policy: { ...this.info.policy },
      prm: this.info.prm && { ...this.info.prm },
      capabilities: { ...this.info.capabilities },
    };
  }

  /**
   * The next `n` recorded children of the prefix not yet served in this run, in recorded order.
   * Fewer when fewer are left (`shortfall` = how many are missing). Temperature and rng unused.
   */
  expand(problem: Problem, prefix: SearchNode | null, n: number, _opts: SampleOptions): ExpandResult {
    this.checkProblem(problem);
    const parent = prefix === null ? null : this.recordedId(prefix).id;
    const samples: StepSample[] = [];
    for (let i = 0; i < n; i++) {
      const node = this.take(parent);
      if (!node) break;
      samples.push(toSample(node));
    }
    return this.count(n, samples.length, { samples, cost: this.promptCost(prefix === null) });
  }

  /**
   * `n` whole recorded chains. Each chain starts at the next unserved first step and walks down,
   * taking at every step the node's next unserved child in recorded order, until a terminal step,
   * `maxDepth` steps, or a node with no unserved child (then the chain ends unfinished, as it
   * was recorded). With a pool of whole sampled solutions each chain is one recorded solution.
   */
  complete(problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }): { solutions: StepSample[][]; cost?: CallCost; shortfall?: number } {
    this.checkProblem(problem);
    const solutions: StepSample[][] = [];
    for (let i = 0; i < n; i++) {
      let node = this.take(null);
      if (!node) break;
      const chain = [toSample(node)];
      while (!node.terminal && chain.length < opts.maxDepth) {
        node = this.take(node.id);
        if (!node) break;
        chain.push(toSample(node));
      }
      solutions.push(chain);
    }
    return this.count(n, solutions.length, { solutions, cost: this.promptCost(true) });
  }

  /** The recorded reward of each node. Errors when the pool has no PRM or a node was not scored. */
  score(problem: Problem, nodes: readonly SearchNode[]): ScoreResult {
    this.checkProblem(problem);
    if (this.pool.prm === null) {
      throw new Error(`ReplayBackend: the recorded pool for problem "${this.problem.id}" has no PRM (prm: null), so it has no rewards to replay; use a strategy that does not score (greedy, majority voting) or a trace recorded with a PRM`);
    }
    const rewards = nodes.map((prefix) => {
      const node = this.recordedId(prefix);
      if (node.reward === null) {
        throw new Error(`ReplayBackend: recorded node "${node.id}" (run node ${prefix.id}) was never scored when the trace was recorded`);
      }
      return node.reward;
    });
    // The run counts PRM tokens from its tree; the question's are the pool's recorded prompt tokens.
    const questionTokens = this.pool.promptTokens;
    return questionTokens !== undefined ? { rewards, questionTokens } : { rewards };
  }

  private take(parent: string | null): PoolNode | undefined {
    const list = this.index.children.get(parent);
    const k = this.used.get(parent) ?? 0;
    if (!list || k >= list.length) return undefined;
    this.used.set(parent, k + 1);
    return list[k];
  }

  /**
   * What a call from the question costs besides its samples: the pool's recorded prompt tokens
   * (the recorder's rule: charged on calls that start from the question).
   */
  private promptCost(fromQuestion: boolean): CallCost | undefined {
    return fromQuestion && this.pool.promptTokens ? { promptTokens: this.pool.promptTokens } : undefined;
  }

  private count<T extends object>(asked: number, served: number, result: T): T & { shortfall?: number } {
    const want = Math.max(0, asked);
    this.asked += want;
    this.served += served;
    return want > served ? { ...result, shortfall: want - served } : result;
  }

  private recordedId(prefix: SearchNode): PoolNode {
    const node = typeof prefix.ref === 'string' ? this.index.byId.get(prefix.ref) : undefined;
    if (!node) {
      throw new Error(`ReplayBackend: run node ${prefix.id} carries no recorded node id of this pool (ref: ${describeRef(prefix.ref)}); a replay can only continue from nodes it served`);
    }
    return node;
  }

  private checkProblem(problem: Problem): void {
    if (problem.id !== this.problem.id) {
      throw new Error(`ReplayBackend: this replay serves problem "${this.problem.id}", not "${problem.id}"`);
    }
  }
}

/** A fresh sample of a recorded node; `ref` is the recorded node id. */
function toSample(node: PoolNode): StepSample {
  const sample: StepSample = {
    text: node.text,
    tokens: node.tokens,
    terminal: node.terminal,
    finishReason: node.finishReason ?? defaultFinishReason(node.terminal),
    ref: node.id,
  };
  if (node.answer !== undefined) sample.answer = node.answer;
  return sample;
}

function describeRef(ref: unknown): string {
  if (typeof ref === 'string') return JSON.stringify(ref);
  if (ref === null || typeof ref !== 'object') return String(ref);
  return Array.isArray(ref) ? 'an array' : 'an object';
}
