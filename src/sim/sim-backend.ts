/**
 * SimBackend: the built-in simulated world as a `Backend` (design.md §2, §8). It answers
 * synchronously — plain values, no Promises — so sweeps of millions of nodes stay cheap.
 *
 * Cost it reports per call (design.md §5):
 * - promptTokens: the question's tokens on a call that starts from the question (`expand` with a
 *   null prefix, or `complete`), 0 otherwise. The server is assumed to keep a prefix cache, and
 *   every later prefix is the question plus steps the server generated itself, all cached. Every
 *   strategy starts from the question once per run, so this is "once per run".
 * - PRM tokens are counted by the run, not here (docs/compute.md): `score` reports the question's
 *   tokens (`questionTokens`) — the sim's PRM reads the question before the steps — and the run
 *   charges them once plus every node of the scored paths once.
 * - wallMs: a deterministic latency model — a fixed overhead per call, prefill by prompt tokens,
 *   and decoding by the longest sample of the call (samples of one call decode in parallel).
 */
import type {
  Backend, BackendInfo, ExpandResult, SampleOptions, ScoreResult,
} from '../search/backend';
import type { Problem, SearchNode, StepSample } from '../search/types';
import { ModelTables } from './error-model';
import { WORLD, SIM_PRM, simModel, type SimModelId, type SimModelSpec, type WorldParams } from './models';
import { compileProblem } from './phrasing';
import { StepSampler, rootState, sampleChain } from './policy';
import { prmQuality, prmReward, type PrmQuality, type PrmSetting } from './prm';
import { simStructure } from './problems';
import { stateOf, type SimState } from './state';

export interface SimBackendOptions {
  /** Policy model (default 'sim-7B'). */
  policy?: SimModelId;
  /** PRM quality: a preset, a number in [0, 1], or null for no PRM (default 'default'). */
  prm?: PrmSetting | null;
  /** Overrides of the world's constants — for calibration experiments, not for normal use. */
  world?: Partial<WorldParams>;
}

const CALL_MS = 20;
/** Parallel samples of one call slow each other a little (shared batch). */
const BATCH_SLOWDOWN = 0.01;
/** Prefill is ~40× faster per token than decoding. */
const PREFILL_RATIO = 1 / 40;
const PRM_CALL_MS = 15;
const PRM_MS_PER_TOKEN = 0.5 / 40;
/** Bound on cached per-problem tables (a sweep walks many problems; the cache must not grow). */
const MAX_CACHED_PROBLEMS = 4096;

// Module-level copies of hot imports: tsx and vitest turn each use of an import into a getter call.
const reward = prmReward;
const readState = stateOf;

interface Entry {
  tables: ModelTables;
  root: SimState;
  samplers: Map<number, StepSampler>;
}

/** The simulated world as a synchronous `Backend`: one policy model, optionally the sim PRM. */
export class SimBackend implements Backend {
  readonly model: SimModelSpec;
  /** The PRM's knobs, null without a PRM. */
  readonly prm: PrmQuality | null;
  private readonly world: WorldParams;
  private readonly entries = new Map<string, Entry>();
  private lastId = '';
  private last: Entry | null = null;

  constructor(opts: SimBackendOptions = {}) {
    this.model = simModel(opts.policy ?? 'sim-7B');
    this.prm = opts.prm === null ? null : prmQuality(opts.prm ?? 'default');
    this.world = { ...WORLD, ...opts.world };
  }

  describe(): BackendInfo {
    return {
      policy: { name: this.model.id, params: this.model.params },
      prm: this.prm ? { name: SIM_PRM.name, params: SIM_PRM.params } : null,
      capabilities: { complete: true, multiSample: true, replay: false },
    };
  }

  /** The step sampler of this backend's policy on a problem at a temperature (cached). */
  sampler(problem: Problem, temperature: number): StepSampler {
    const e = this.entry(problem);
    let s = e.samplers.get(temperature);
    if (!s) {
      s = new StepSampler(e.tables, temperature);
      e.samplers.set(temperature, s);
    }
    return s;
  }

  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): ExpandResult {
    const e = this.entry(problem);
    const sampler = this.sampler(problem, opts.temperature);
    const parent = prefix === null ? e.root : readState(prefix.ref, 'expand');
    const samples: StepSample[] = new Array(n);
    let longest = 0;
    for (let i = 0; i < n; i++) {
      const s = sampler.step(parent, opts.rng, opts.maxStepTokens);
      samples[i] = s;
      if (s.tokens > longest) longest = s.tokens;
    }
    const promptTokens = prefix === null ? e.tables.problem.questionTokens : 0;
    return { samples, cost: { promptTokens, wallMs: this.latency(promptTokens, longest, n) } };
  }

  complete(problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }): { solutions: StepSample[][]; cost: { promptTokens: number; wallMs: number } } {
    const e = this.entry(problem);
    const sampler = this.sampler(problem, opts.temperature);
    const solutions: StepSample[][] = new Array(n);
    let longest = 0;
    for (let i = 0; i < n; i++) {
      const chain = sampleChain(sampler, opts.rng, opts.maxStepTokens, opts.maxDepth);
      solutions[i] = chain;
      let t = 0;
      for (const s of chain) t += s.tokens;
      if (t > longest) longest = t;
    }
    const promptTokens = e.tables.problem.questionTokens;
    return { solutions, cost: { promptTokens, wallMs: this.latency(promptTokens, longest, n) } };
  }

  score(problem: Problem, nodes: readonly SearchNode[]): ScoreResult {
    const q = this.prm;
    if (q === null) {
      throw new Error(`SimBackend.score: this backend has no PRM (it was created with prm: null); `
        + `create it with prm: 'weak' | 'default' | 'strong' or a quality in [0, 1] to score steps`);
    }
    const e = this.entry(problem);
    const rewards: number[] = new Array(nodes.length);
    // Latency model only: the scored steps (the rest of each path is in the PRM's prefix cache).
    let stepTokens = 0;
    for (let i = 0; i < nodes.length; i++) {
      rewards[i] = reward(readState(nodes[i].ref, 'score'), q);
      stepTokens += nodes[i].tokens;
    }
    return { rewards, questionTokens: e.tables.problem.questionTokens, cost: { wallMs: PRM_CALL_MS + stepTokens * PRM_MS_PER_TOKEN } };
  }

  private latency(promptTokens: number, longest: number, n: number): number {
    const ms = this.model.msPerToken;
    return CALL_MS + promptTokens * ms * PREFILL_RATIO + longest * ms * (1 + BATCH_SLOWDOWN * (n - 1));
  }

  private entry(problem: Problem): Entry {
    if (problem.id === this.lastId && this.last) return this.last;
    let e = this.entries.get(problem.id);
    if (!e) {
      let structure;
      try {
        structure = simStructure(problem);
      } catch {
        throw new Error(`SimBackend only solves sim problems; "${problem.id}" is not one (ids look like sim-L3-0017)`);
      }
      const compiled = compileProblem(structure);
      if (this.entries.size >= MAX_CACHED_PROBLEMS) this.entries.clear();
      e = { tables: new ModelTables(compiled, this.model, this.world), root: rootState(compiled), samplers: new Map() };
      this.entries.set(problem.id, e);
    }
    this.lastId = problem.id;
    this.last = e;
    return e;
  }
}
