/**
 * Every step a sim policy could write next on a path, with its probability. The server reads
 * prompts as text; to continue or score a step it has to know the sim state behind it. The sim's
 * next step is one of at most ~15 strings (4 right phrasings, the tempting error, digit slips, a
 * skipped, a stale and a rambling step), so the server can list them all and find the one a prompt holds.
 *
 * The list is made by the sim's own `StepSampler.step`, driven by a fixed "random" number in the
 * middle of each outcome's interval of the cumulative weights — no second copy of the sim's rules.
 */
import type { Rng } from '../../search/rng';
import type { Problem, StepSample } from '../../search/types';
import type { SimBackend, SimModelId } from '../../sim/index';
import { CLASSES, SLIP, rowOf } from '../../sim/error-model';
import { combine } from '../../sim/hash';
import { KIND_TRUNCATED, SimState } from '../../sim/state';

export interface Outcome {
  /** The step's whole text, as the sim writes it. */
  text: string;
  state: SimState;
  sample: StepSample;
  /** Outcome class and slip variant: the step's identity among its siblings. */
  cls: number;
  variant: number;
  model: SimModelId;
}

/** An Rng that always returns the same number: drives the sampler to a chosen outcome. */
class FixedRng implements Rng {
  readonly seed = 0;
  constructor(private readonly u: number) {}
  next(): number {
    return this.u;
  }
  int(n: number): number {
    return Math.floor(this.u * n);
  }
  fork(): Rng {
    return this;
  }
}

/** The hash the sim gives the step of class `cls`, variant `variant` after `parent`. */
export function outcomeHash(parent: SimState, cls: number, variant: number): number {
  return combine(parent.hash, cls * 16 + variant);
}

/** Every step `model` can write after `parent` (none after a finished path), most classes first. */
export function listOutcomes(backend: SimBackend, model: SimModelId, problem: Problem, parent: SimState): Outcome[] {
  const sampler = backend.sampler(problem, 1);
  const tables = sampler.tables;
  const k = parent.op;
  if (k >= tables.top.length) return [];
  const cum = tables.cumulative(1);
  const base = rowOf(parent) * CLASSES;
  const total = cum[base + CLASSES - 1];
  const out: Outcome[] = [];
  for (let cls = 0; cls < CLASSES; cls++) {
    const lo = cls === 0 ? 0 : cum[base + cls - 1];
    const hi = cum[base + cls];
    if (!(hi > lo)) continue;
    const variants = cls === SLIP ? tables.slipVariants[k] : 1;
    for (let v = 0; v < variants; v++) {
      const u = lo + ((v + 0.5) / variants) * (hi - lo);
      const sample = sampler.step(parent, new FixedRng(u / total), Number.POSITIVE_INFINITY);
      const state = sample.ref as SimState;
      // An interval too thin for float64 could land next door: keep only what was aimed at.
      if (state.hash !== outcomeHash(parent, cls, v)) continue;
      out.push({ text: sample.text, state, sample, cls, variant: v, model });
    }
  }
  return out;
}

/**
 * Probabilities of `outcomes` (all of one model, after one parent) at temperature T, as the
 * sampler draws them: tempered class weights, the slip class split evenly over its variants;
 * temperature 0 puts everything on the greedy choice.
 */
export function outcomeProbabilities(backend: SimBackend, problem: Problem, parent: SimState, outcomes: readonly Outcome[], temperature: number): number[] {
  const tables = backend.sampler(problem, 1).tables;
  const k = parent.op;
  const row = rowOf(parent);
  const base = row * CLASSES;
  if (temperature === 0) {
    const g = tables.greedy()[row];
    return outcomes.map((o) => (o.cls === g && o.variant === 0 ? 1 : 0));
  }
  const cum = tables.cumulative(temperature);
  const total = cum[base + CLASSES - 1];
  return outcomes.map((o) => {
    const w = cum[base + o.cls] - (o.cls === 0 ? 0 : cum[base + o.cls - 1]);
    return w / (o.cls === SLIP ? tables.slipVariants[k] : 1) / total;
  });
}

/** The state of `full` cut short by the token limit: the sim's truncated step (no progress). */
export function truncatedState(parent: SimState, full: SimState): SimState {
  return new SimState(parent.op, parent.value, parent.input, parent.depth + 1, parent.ok, true, KIND_TRUNCATED, full.hash, full.hash, parent.errHash, parent.errKind);
}

/** Every field of a state: two states with equal keys continue identically. */
export function fullStateKey(s: SimState): string {
  return `${s.hash}:${s.content}:${s.op}:${s.depth}:${s.value}:${s.input}:${s.ok ? 1 : 0}${s.stepOk ? 1 : 0}:${s.kind}:${s.errHash}:${s.errKind}`;
}

/** A state's identity within a problem (the hash alone is shared by a step and its truncation). */
export function stateKey(s: SimState): string {
  return `${s.hash}:${s.op}:${s.depth}`;
}
