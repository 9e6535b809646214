/**
 * HttpBackend: a live policy over `/v1/completions` plus an optional PRM adapter, as a `Backend`
 * (design.md §2, §10). Cost per call (design.md §5, the sim's conventions):
 * - promptTokens: prompt tokens the server had not seen — the whole prompt on a call from the
 *   question, else the prompt minus what the call that made the prefix had already seen (its
 *   prompt and its generated step), i.e. the delimiter or step header; counted once per call
 *   however many samples it asks for (the prefix cache serves the others).
 * - PRM tokens are counted by the run from its tree (docs/compute.md); `score` reports only the
 *   question's length, `questionTokens`: the prompt tokens of the call from the question that
 *   began the path (the question in the policy's prompt format — the nearest count at hand of
 *   what the PRM reads before the steps; the PRM's own template and tokenizer may differ a little).
 * - wallMs: measured wall time of the call.
 */
import type { Backend, BackendInfo, ExpandResult, ModelInfo, SampleOptions, ScoreResult } from '../search/backend';
import { extractAnswer, gradingStyleOf } from '../search/grading';
import type { AbortSignalLike, Problem, SearchNode, StepSample } from '../search/types';
import { BackendError } from './errors';
import type { CompletionsPolicy, Generated } from './policy';
import { pathTexts, PrmScorer, type PrmAdapter } from './prm';
import { choiceEnd, StepFormat, type PromptFormat, type PromptParts } from './prompt';
import { reconcile, splitTotal } from './tokenize';

export interface HttpBackendOptions {
  policy: CompletionsPolicy;
  /** Name and parameter count of the policy (for FLOPs). */
  policyInfo: ModelInfo;
  format?: PromptFormat;
  prm?: PrmAdapter | null;
  /**
   * Offer a native `complete`: whole solutions in one request each, split into steps at the
   * delimiter (what best-of-N and voting pipelines do). Default true; false = the engine loops
   * over `expand`.
   */
  complete?: boolean;
  /** Token cap of a whole solution in `complete` (default 2048; also capped by maxStepTokens × maxDepth). */
  maxSolutionTokens?: number;
  /** Aborts every request of this backend, policy and PRM (a worker's cancel). */
  signal?: AbortSignalLike;
}

/** The `ref` of every sample: prompt tokens of the call that made it (for the prefill convention). */
export interface HttpStepRef {
  promptTokens?: number;
}

const SEED_MOD = 2 ** 31 - 1;
const DEFAULT_STEP_TOKENS = 256;

function refOf(node: SearchNode): HttpStepRef | undefined {
  const r = node.ref as HttpStepRef | undefined;
  return typeof r === 'object' && r !== null && 'promptTokens' in r ? r : undefined;
}

/** The prompt tokens of the call from the question that began the first path that has them. */
function questionTokensOf(nodes: readonly SearchNode[]): number | undefined {
  for (const node of nodes) {
    let root = node;
    while (root.parentNode) root = root.parentNode;
    const t = refOf(root)?.promptTokens;
    if (t !== undefined) return t;
  }
  return undefined;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

export class HttpBackend implements Backend {
  readonly complete?: Backend['complete'];
  readonly format: StepFormat;
  readonly policy: CompletionsPolicy;
  readonly prm: PrmAdapter | null;
  private readonly scorer: PrmScorer | null;
  private readonly policyInfo: ModelInfo;
  private readonly maxSolutionTokens: number;
  private readonly signal: AbortSignalLike | undefined;

  constructor(opts: HttpBackendOptions) {
    this.policy = opts.policy;
    this.policyInfo = opts.policyInfo;
    this.format = new StepFormat(opts.format);
    this.prm = opts.prm ?? null;
    this.scorer = this.prm ? new PrmScorer(this.prm) : null;
    this.maxSolutionTokens = opts.maxSolutionTokens ?? 2048;
    this.signal = opts.signal;
    if (opts.complete !== false) this.complete = (problem, n, o) => this.completeImpl(problem, n, o);
  }

  describe(): BackendInfo {
    return {
      policy: { ...this.policyInfo },
      prm: this.prm ? { ...this.prm.info } : null,
      capabilities: { complete: this.complete !== undefined, multiSample: this.policy.multiSample === true, replay: false },
    };
  }

  /** Notes for the user from the policy and the PRM (refusals detected, estimates made). */
  get notes(): string[] {
    return [...this.policy.notes, ...(this.prm?.notes ?? [])];
  }

  /** Abort every request in flight or queued, policy and PRM. */
  cancel(): void {
    this.policy.client.cancelAll();
    const prmClient = this.prm?.client;
    if (prmClient && prmClient !== this.policy.client) prmClient.cancelAll();
  }

  async expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): Promise<ExpandResult> {
    const seed = opts.rng.int(SEED_MOD);
    const start = now();
    const steps = pathTexts(prefix);
    const k = steps.length + 1;
    const stops = this.format.stops(k);
    const gen = await this.policy.generate(this.format.parts(problem.question, steps), n, {
      stop: stops, maxTokens: opts.maxStepTokens > 0 ? opts.maxStepTokens : DEFAULT_STEP_TOKENS,
      temperature: opts.temperature, seed, signal: this.signalFor(opts.signal),
    });
    const samples = gen.choices.map((c, i) => {
      const end = choiceEnd(c, stops, this.format.endStops);
      if (typeof end === 'string') throw this.policy.client.malformed(this.policy.endpoint, `choices[${i}].${end}`);
      return this.step(problem, steps, end.text, gen.tokens[i], end.finishReason, end.endsSolution, { promptTokens: gen.promptTokens });
    });
    return { samples, cost: { promptTokens: this.newPromptTokens(prefix, gen.promptTokens), wallMs: now() - start } };
  }

  async score(problem: Problem, nodes: readonly SearchNode[]): Promise<ScoreResult> {
    if (!this.scorer) {
      throw new BackendError('config', this.policy.client.server, 'score', 'this backend has no process reward model; add a PRM to run strategies that need rewards');
    }
    const start = now();
    const rewards = await this.scorer.lastRewards(problem.question, nodes.map(pathTexts), this.signal);
    const questionTokens = questionTokensOf(nodes);
    return { rewards, cost: { wallMs: now() - start }, ...(questionTokens !== undefined ? { questionTokens } : {}) };
  }

  private signalFor(s: AbortSignalLike | undefined): AbortSignalLike | undefined {
    const own = this.signal;
    if (!own) return s;
    if (!s) return own;
    return { get aborted() { return s.aborted || own.aborted; } };
  }

  private newPromptTokens(prefix: SearchNode | null, promptTokens: number | undefined): number | undefined {
    if (promptTokens === undefined || prefix === null) return promptTokens;
    const seen = refOf(prefix)?.promptTokens;
    return seen === undefined ? promptTokens : Math.max(0, promptTokens - seen - prefix.tokens);
  }

  private step(problem: Problem, before: readonly string[], text: string, tokens: number, finishReason: StepSample['finishReason'], endsSolution: boolean, ref: HttpStepRef): StepSample {
    const terminal = endsSolution || this.format.isFinal(text, before);
    const sample: StepSample = { text, tokens, terminal, finishReason, ref };
    if (terminal) {
      const style = gradingStyleOf(problem);
      const answer = extractAnswer(text, style) ?? extractAnswer([...before, text].join('\n'), style);
      if (answer !== null) sample.answer = answer;
    }
    return sample;
  }

  /**
   * Whole solutions, one request each (or one with n), split into steps at the delimiter. The
   * step that states the answer ends the chain (any text after it is kept in it); a chain longer
   * than maxDepth keeps its tail in the last step; tokens are split over the steps by `/tokenize`
   * counts (text length without it), summing exactly to the sample's completion tokens.
   */
  private async completeImpl(problem: Problem, n: number, o: SampleOptions & { maxDepth: number }): Promise<{ solutions: StepSample[][]; cost: { promptTokens?: number; wallMs: number } }> {
    const seed = o.rng.int(SEED_MOD);
    const start = now();
    const stops = this.format.stops(1, true);
    const stepTokens = o.maxStepTokens > 0 ? o.maxStepTokens : DEFAULT_STEP_TOKENS;
    const gen: Generated = await this.policy.generate(this.wholePrompt(problem.question), n, {
      stop: stops, maxTokens: Math.min(this.maxSolutionTokens, stepTokens * Math.max(1, o.maxDepth)),
      temperature: o.temperature, seed, signal: this.signalFor(o.signal),
    });
    const solutions = await Promise.all(gen.choices.map(async (c, i) => {
      const end = choiceEnd(c, stops, this.format.endStops);
      if (typeof end === 'string') throw this.policy.client.malformed(this.policy.endpoint, `choices[${i}].${end}`);
      return this.chain(problem, end.text, gen.tokens[i], end.finishReason, end.endsSolution, o.maxDepth, gen.promptTokens, o.signal);
    }));
    return { solutions, cost: { promptTokens: gen.promptTokens, wallMs: now() - start } };
  }

  /** The prompt of a whole solution; without continuation, no assistant prefix (a numbered format's "Step 1:"). */
  private wholePrompt(question: string): PromptParts {
    const parts = this.format.parts(question, []);
    return this.policy.continues ? parts : { ...parts, prefix: '' };
  }

  private async chain(problem: Problem, text: string, tokens: number, finish: StepSample['finishReason'], endsSolution: boolean, maxDepth: number, promptTokens: number | undefined, signal?: AbortSignalLike): Promise<StepSample[]> {
    let parts = this.format.split(text);
    // A chat model that wrote the first header itself ("Step 1: …") leaves an empty first part.
    if (parts.length > 1 && parts[0].trim() === '') parts = parts.slice(1);
    const finalAt = parts.findIndex((p, j) => this.format.isFinal(p, parts.slice(0, j)));
    const keep = Math.min(finalAt >= 0 ? finalAt + 1 : parts.length, Math.max(1, maxDepth));
    if (keep < parts.length) parts = [...parts.slice(0, keep - 1), this.format.join(parts.slice(keep - 1), keep)];
    const counts = parts.length > 1 ? await this.policy.tokenizer.counts(parts, this.signalFor(signal)) : null;
    const per = parts.length === 1 ? [tokens] : counts ? reconcile(tokens, counts) : splitTotal(tokens, parts.map((p) => p.length + 1));
    const out: StepSample[] = [];
    let seen = promptTokens;
    for (let j = 0; j < parts.length; j++) {
      const last = j === parts.length - 1;
      out.push(this.step(problem, parts.slice(0, j), parts[j], per[j], last ? finish : 'stop', last && endsSolution, { promptTokens: seen }));
      if (seen !== undefined) seen += per[j];
    }
    return out;
  }
}
