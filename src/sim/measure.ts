/**
 * Measurements of the sim's policies on a problem set: what calibration fits and what tests and
 * `scripts/calibrate-sim.ts` report. Answers are compared as the sim writes them (canonical
 * numbers), so these do not depend on the graders in src/search.
 */
import { createRng, hashSeed } from '../search/rng';
import type { Problem } from '../search/types';
import type { SimModelId, WorldParams } from './models';
import { sampleChain } from './policy';
import { defaultProblemSet } from './problems';
import { SimBackend } from './sim-backend';
import { KIND_LOOP, KIND_RAMBLE, type SimState } from './state';

const MAX_STEP_TOKENS = 256;
const MAX_DEPTH = 25;

/** What temperature 0 gives on a problem set. */
export interface GreedyStats {
  /** Share of problems whose temperature-0 solution gives the gold answer. */
  accuracy: number;
  /** Mean completion tokens of a temperature-0 solution. */
  tokensPerSolution: number;
}

/** Greedy accuracy and tokens per solution of a policy (deterministic: no randomness at T = 0). */
export function greedyStats(policy: SimModelId, problems: readonly Problem[] = defaultProblemSet(), world?: Partial<WorldParams>): GreedyStats {
  const backend = new SimBackend({ policy, prm: null, world });
  const rng = createRng(0);
  let right = 0;
  let tokens = 0;
  for (const p of problems) {
    const chain = sampleChain(backend.sampler(p, 0), rng, MAX_STEP_TOKENS, MAX_DEPTH);
    for (const s of chain) tokens += s.tokens;
    if (chain[chain.length - 1].answer === p.answer) right++;
  }
  return { accuracy: right / problems.length, tokensPerSolution: tokens / problems.length };
}

/** What n samples per problem give. */
export interface SamplingStats {
  /** Majority-vote accuracy (ties go to the answer seen first). */
  majority: number;
  /** Share of problems with at least one right solution among the n. */
  coverage: number;
  /** Share of all sampled solutions that are right. */
  perSample: number;
  tokensPerSolution: number;
}

/** Sample n solutions per problem at a temperature and vote (seeded per problem). */
export function samplingStats(policy: SimModelId, n: number, opts: { problems?: readonly Problem[]; seed?: number; temperature?: number; world?: Partial<WorldParams> } = {}): SamplingStats {
  const problems = opts.problems ?? defaultProblemSet();
  const backend = new SimBackend({ policy, prm: null, world: opts.world });
  let majority = 0;
  let coverage = 0;
  let rightSamples = 0;
  let tokens = 0;
  for (const p of problems) {
    const rng = createRng(hashSeed(opts.seed ?? 1, p.id));
    const sampler = backend.sampler(p, opts.temperature ?? 1);
    const votes = new Map<string, number>();
    let winner = '';
    let best = 0;
    let anyRight = false;
    for (let i = 0; i < n; i++) {
      const chain = sampleChain(sampler, rng, MAX_STEP_TOKENS, MAX_DEPTH);
      for (const s of chain) tokens += s.tokens;
      const answer = chain[chain.length - 1].answer;
      if (answer === undefined) continue;
      if (answer === p.answer) {
        rightSamples++;
        anyRight = true;
      }
      const count = (votes.get(answer) ?? 0) + 1;
      votes.set(answer, count);
      if (count > best) {
        best = count;
        winner = answer;
      }
    }
    if (winner === p.answer) majority++;
    if (anyRight) coverage++;
  }
  const m = problems.length;
  return { majority: majority / m, coverage: coverage / m, perSample: rightSamples / (m * n), tokensPerSolution: tokens / (m * n) };
}

/**
 * Share of sampled operation steps (temperature 1; rambling steps left out) that are wrong given
 * their inputs — the per-step error
 * rate a user sees in the trees.
 */
export function stepErrorRate(policy: SimModelId, problems: readonly Problem[], samples = 8, seed = 1): number {
  const backend = new SimBackend({ policy, prm: null });
  let steps = 0;
  let wrong = 0;
  for (const p of problems) {
    const rng = createRng(hashSeed(seed, p.id));
    const sampler = backend.sampler(p, 1);
    for (let i = 0; i < samples; i++) {
      for (const s of sampleChain(sampler, rng, MAX_STEP_TOKENS, MAX_DEPTH)) {
        const st = s.ref as SimState;
        // Rambling steps apply no operation: they are neither right nor wrong computations.
        if (st.kind === KIND_RAMBLE || st.kind === KIND_LOOP) continue;
        steps++;
        if (!st.stepOk) wrong++;
      }
    }
  }
  return wrong / steps;
}
