/**
 * The exact distribution of a sampled solution's final answer (design.md §9, the paper's
 * Theorem 1): π̃(y | x) = Σ_r π(r, y | x), by dynamic programming over the policy's hidden states.
 *
 * The step logic is not repeated here: every outcome of a step is produced by the real
 * `StepSampler.step`, driven by a scripted Rng whose one draw lands in the middle of that
 * outcome's interval of the cumulative class table (`ModelTables.cumulative`; the slip class is
 * split into `slipVariants[k]` equal sub-intervals). An outcome's probability is its interval's
 * width over the row's total. The number of classes is read from the table's shape, so classes
 * added to the error model are enumerated without a change here; a step that starts drawing more
 * than one number per call fails loudly (the tests also compare against sampled chains).
 *
 * Paths are merged by what `step()` reads of a state — operation, value, input, "still right" —
 * within one depth (the depth sets the step's text, hence its tokens and truncation, and the
 * depth cap); the path hashes only name text and PRM noise, so they do not change the answer.
 */
import type { Rng } from '../search/rng';
import { CLASSES, ROWS_PER_OP, SLIP, rowOf } from './error-model';
import { rootState, type StepSampler } from './policy';
import type { SimState } from './state';

/** One answer and its probability. */
export interface AnswerMass {
  /** The answer as the sim writes it (a canonical number). */
  answer: string;
  p: number;
}

/** What one sampled solution ends with, as probabilities. */
export interface AnswerDistribution {
  /** Finished solutions by final answer, most likely first (ties in order of discovery). */
  answers: AnswerMass[];
  /** A solution still unfinished after `maxDepth` steps (it gives no answer and casts no vote). */
  unfinished: number;
  /** Mass of the paths dropped below `epsilon`: answers + unfinished + pruned = 1 (to rounding). */
  pruned: number;
  /** Hidden states expanded (a measure of the work). */
  states: number;
}

export interface DistributionOptions {
  /** Paths (merged states) of smaller probability are dropped and counted in `pruned` (default 1e-12). */
  epsilon?: number;
}

/** Default pruning threshold on a merged state's probability. */
export const DEFAULT_EPSILON = 1e-12;

/** The Rng handed to `step()`: returns the scripted value and counts the draws. */
class ScriptedRng implements Rng {
  readonly seed = 0;
  u = 0;
  calls = 0;
  next(): number {
    this.calls++;
    return this.u;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  fork(): Rng {
    throw new Error('answerDistribution: StepSampler.step forked its Rng; the exact distribution assumes one draw per step');
  }
}

/** Per row of the class table (operation × what the last step was, `rowOf`): the scripted draws that pick each outcome and their probabilities, most likely first. */
interface Outcomes {
  u: Float64Array[];
  p: Float64Array[];
  /** tail[row][i]: the probability of outcomes i, i+1, … of a row (what is dropped when i is too small). */
  tail: Float64Array[];
  /** Draws `step()` makes per call: 1, or 0 at temperature 0 (greedy). */
  draws: number;
}

function outcomesOf(sampler: StepSampler): Outcomes {
  const rows = sampler.tables.problem.structure.ops.length * ROWS_PER_OP;
  if (sampler.temperature === 0) {
    const one = () => Array.from({ length: rows }, () => Float64Array.of(1));
    return { u: Array.from({ length: rows }, () => Float64Array.of(0)), p: one(), tail: one(), draws: 0 };
  }
  const cum = sampler.tables.cumulative(sampler.temperature);
  // Read from the table's shape, so new outcome classes are enumerated without a change here.
  const classes = cum.length / rows;
  if (classes !== CLASSES) throw new Error(`answerDistribution: the class table has ${classes} classes per row, expected ${CLASSES}`);
  const out: Outcomes = { u: [], p: [], tail: [], draws: 1 };
  for (let row = 0; row < rows; row++) {
    const k = Math.floor(row / ROWS_PER_OP);
    const base = row * classes;
    const total = cum[base + classes - 1];
    const found: { u: number; p: number }[] = [];
    let lo = 0;
    for (let c = 0; c < classes; c++) {
      const hi = cum[base + c];
      const parts = c === SLIP ? sampler.tables.slipVariants[k] : 1;
      const w = (hi - lo) / parts;
      if (hi > lo) for (let v = 0; v < parts; v++) found.push({ u: (lo + (v + 0.5) * w) / total, p: w / total });
      lo = hi;
    }
    found.sort((a, b) => b.p - a.p);
    const tail = new Float64Array(found.length + 1);
    for (let i = found.length - 1; i >= 0; i--) tail[i] = tail[i + 1] + found[i].p;
    out.u.push(Float64Array.from(found, (o) => o.u));
    out.p.push(Float64Array.from(found, (o) => o.p));
    out.tail.push(tail);
  }
  return out;
}

/**
 * The merge key: every field of a state that `step()` reads, except the hashes (and the depth,
 * which is the layer): the row (operation and whether the last step rambled or looped), values, ok.
 */
const keyOf = (s: SimState): string => `${rowOf(s)}|${s.value}|${s.input}|${s.ok ? 1 : 0}`;

interface Node {
  state: SimState;
  mass: number;
}

/**
 * The exact answer distribution of one sampled solution of `sampler`'s model on its problem at its
 * temperature, with the sweep's limits: steps cut at `maxStepTokens`, solutions stopped after
 * `maxDepth` steps (as `sampleChain` does).
 */
export function answerDistribution(sampler: StepSampler, maxStepTokens: number, maxDepth: number, opts: DistributionOptions = {}): AnswerDistribution {
  const epsilon = opts.epsilon ?? DEFAULT_EPSILON;
  // A narrower outcome's scripted draw could land on its interval's edge, in the neighbour.
  if (!(epsilon >= 1e-14)) throw new Error(`answerDistribution: epsilon must be ≥ 1e-14, got ${epsilon}`);
  const out = outcomesOf(sampler);
  const rng = new ScriptedRng();
  const answers = new Map<string, number>();
  let unfinished = 0;
  let pruned = 0;
  let states = 0;
  let layer = new Map<string, Node>();
  if (maxDepth > 0) layer.set('', { state: rootState(sampler.tables.problem), mass: 1 });
  else unfinished = 1;
  for (let depth = 1; depth <= maxDepth && layer.size > 0; depth++) {
    const next = new Map<string, Node>();
    for (const { state, mass } of layer.values()) {
      states++;
      const k = rowOf(state);
      const us = out.u[k];
      const ps = out.p[k];
      for (let i = 0; i < us.length; i++) {
        const m = mass * ps[i];
        // Outcomes are sorted by probability: once one is too small, so are the rest.
        if (m < epsilon) {
          pruned += mass * out.tail[k][i];
          break;
        }
        rng.u = us[i];
        rng.calls = 0;
        const step = sampler.step(state, rng, maxStepTokens);
        if (rng.calls !== out.draws) {
          throw new Error(`answerDistribution: StepSampler.step drew ${rng.calls} random numbers (expected ${out.draws}); update src/sim/answer-distribution.ts`);
        }
        if (step.terminal) {
          const a = step.answer ?? '';
          answers.set(a, (answers.get(a) ?? 0) + m);
        } else if (depth >= maxDepth) {
          unfinished += m;
        } else {
          const s = step.ref as SimState;
          const key = keyOf(s);
          const n = next.get(key);
          if (n) n.mass += m;
          else next.set(key, { state: s, mass: m });
        }
      }
    }
    layer = next;
  }
  const list = [...answers].map(([answer, p]) => ({ answer, p }));
  // A stable sort: equal probabilities keep the order in which the DP met them.
  list.sort((a, b) => b.p - a.p);
  return { answers: list, unfinished, pruned, states };
}
