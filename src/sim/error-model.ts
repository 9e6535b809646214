/**
 * The policy's outcome distribution at each step of a problem (design.md §8).
 *
 * At operation k a model writes one of these outcomes (classes):
 *   0 … PHRASINGS−1  the correct step in one of several phrasings — the correct mass is split;
 *   TEMPT            the tempting wrong operation, one string (holds the misconception);
 *   SLIP             a digit slip, spread over several variants (which digit, up or down);
 *   SKIP             the operation left out (one string);
 *   STALE            the operation applied to a stale value (one string);
 *   RAMBLE           a step that makes no progress: the model restates where it is and what comes
 *                    next without computing anything (one string);
 *   LOOP             the same restatement as the start of a degenerate loop: after it the model
 *                    nearly always writes it again.
 * So every operation has three rows of masses: after an ordinary step, after a rambling one and
 * inside a loop (see `rowOf`).
 * Because the correct mass is split and the tempting error is not, the single most likely string
 * (what temperature 0 writes) can be wrong while most of the mass is right.
 *
 * The masses depend on the problem, the operation, the model and whether the last step rambled,
 * never on the rest of the path, so they are computed once per (problem, model) and reshaped once
 * per temperature.
 */
import { combine, gaussian, hashText, unit } from './hash';
import { REFERENCE_PARAMS, type SimModelSpec, type WorldParams } from './models';
import { PHRASINGS, type CompiledProblem } from './phrasing';
import { KIND_LOOP, KIND_RAMBLE, type SimState } from './state';
import type { OpKind } from './themes';

/** Class indices of the non-correct outcomes (after the PHRASINGS correct ones). */
export const TEMPT = PHRASINGS;
export const SLIP = PHRASINGS + 1;
export const SKIP = PHRASINGS + 2;
export const STALE = PHRASINGS + 3;
export const RAMBLE = PHRASINGS + 4;
export const LOOP = PHRASINGS + 5;
/** Outcome classes per step. */
export const CLASSES = PHRASINGS + 6;
/** Rows of masses per operation: after an ordinary step (row 3k), a rambling one (3k + 1), in a loop (3k + 2). */
export const ROWS_PER_OP = 3;

/** The row of masses the next step after state `s` is drawn from (see RAMBLE and LOOP). */
export function rowOf(s: SimState): number {
  return s.op * ROWS_PER_OP + (s.kind === KIND_RAMBLE ? 1 : s.kind === KIND_LOOP ? 2 : 0);
}

/** Multiplying and dividing are harder to get right than adding (structural, not fitted). */
const OP_DIFFICULTY: Readonly<Record<OpKind, number>> = { add: 0.8, sub: 0.9, mul: 1.2, div: 1.3 };
/** Each extra digit in the numbers of a step adds this much to its difficulty. */
const DIGIT_DIFFICULTY = 0.35;
/** Slip variants: up or down in one of the last MAX_SLIP_DIGITS digits. */
const MAX_SLIP_DIGITS = 4;

// Salts of the per-problem draws.
const SALT_HARD = 0x4a11;
const SALT_PHI = 0x9f1e;
const SALT_TRAP_STEP = 0x7a9;
const SALT_TRAP = 0x7a90;
const SALT_TRAP_MODEL = 0x7a91;
const SALT_PHRASE = 0x5e1;

/** Number of digits of the integer part of |v|. */
export function digits(v: number): number {
  let n = 1;
  let x = Math.floor(Math.abs(v));
  while (x >= 10) {
    x = Math.floor(x / 10);
    n++;
  }
  return n;
}

/** The outcome masses of one model on one problem, and their tempered forms. */
export class ModelTables {
  /**
   * masses[row × CLASSES + c]: probability of class c in a row (temperature 1); row 3k is
   * operation k after an ordinary step, 3k + 1 after a rambling step, 3k + 2 inside a loop.
   */
  readonly masses: Float64Array;
  /** Number of slip variants at each operation. */
  readonly slipVariants: Int32Array;
  /** The most likely correct phrasing at each operation (slips and stale steps reuse it). */
  readonly top: Int32Array;
  /** Which operation holds the problem's trap (the misconception). */
  readonly trapStep: number;
  private readonly tempered = new Map<number, Float64Array>();
  private greedyChoice: Int32Array | null = null;

  constructor(readonly problem: CompiledProblem, readonly model: SimModelSpec, world: WorldParams) {
    const s = problem.structure;
    const K = s.ops.length;
    this.masses = new Float64Array(K * ROWS_PER_OP * CLASSES);
    this.slipVariants = new Int32Array(K);
    this.top = new Int32Array(K);
    const pid = hashText(s.id);
    const pm = combine(pid, hashText(model.id));
    // One scale for every hazard of this model on this problem: size power law × level growth.
    const scale = world.errorScale * Math.pow(model.params / REFERENCE_PARAMS, -world.alpha)
      * Math.pow(world.levelGrowth, s.level - 3);
    // The trap (which sentence misleads) belongs to the problem; how hard a model falls for it
    // is part shared (the trap's strength) and part the model's own.
    this.trapStep = combine(pid, SALT_TRAP_STEP) % K;
    const trapStrength = Math.exp(world.trapSpread * gaussian(combine(pid, SALT_TRAP))
      + world.trapModelSpread * gaussian(combine(pm, SALT_TRAP_MODEL)));
    const tilt = world.verbosity + world.verbositySlope * Math.log(model.params / REFERENCE_PARAMS);
    const shares = new Float64Array(PHRASINGS);
    for (let k = 0; k < K; k++) {
      const op = s.ops[k];
      const biggest = Math.max(s.values[k], op.x, s.values[k + 1]);
      const difficulty = OP_DIFFICULTY[op.kind] * (1 + DIGIT_DIFFICULTY * (digits(biggest) - 1));
      const hardness = Math.exp(world.hardnessSpread * gaussian(combine(pid, SALT_HARD + k)));
      const eps = 1 - Math.exp(-scale * difficulty * hardness);
      // Rambling and loops come with the same size and level scaling as errors, not with the
      // step's hardness.
      const rho = 1 - Math.exp(-scale * world.rambleRatio);
      const lambda = 1 - Math.exp(-scale * world.loopRatio);
      const mu = k === this.trapStep ? 1 - Math.exp(-scale * world.trapRatio * trapStrength) : 0;
      const [lo, hi] = world.temptShare;
      const phi = lo + (hi - lo) * unit(combine(pid, SALT_PHI + k));
      // Phrasing preferences: Gamma(2)-distributed weights, tilted toward longer phrasings by the
      // model's verbosity; a model's favourite phrasing differs from step to step.
      let sum = 0;
      let best = 0;
      for (let j = 0; j < PHRASINGS; j++) {
        const h = combine(pm, SALT_PHRASE + k * 16 + j);
        const g = (-Math.log(unit(h)) - Math.log(unit(h ^ 0x55555555))) * Math.exp(tilt * j);
        shares[j] = g;
        sum += g;
        if (g > shares[best]) best = j;
      }
      this.top[k] = best;
      const base = k * ROWS_PER_OP * CLASSES;
      const right = (1 - mu) * (1 - eps);
      for (let j = 0; j < PHRASINGS; j++) this.masses[base + j] = (right * shares[j]) / sum;
      const rest = (1 - mu) * eps * (1 - phi);
      const stale = k === 0 ? 0 : rest * (1 - world.slipShare - world.skipShare);
      const skip = rest * world.skipShare;
      this.masses[base + TEMPT] = mu + (1 - mu) * eps * phi;
      this.masses[base + SLIP] = rest - skip - stale;
      this.masses[base + SKIP] = skip;
      this.masses[base + STALE] = stale;
      // Row 3k: a ramble takes rho of the mass and the start of a loop lambda. Row 3k + 1 (after a
      // ramble): it rambles again with probability rambleRepeat. Row 3k + 2 (in a loop): it loops
      // again with probability loopRepeat. The rest is what an ordinary step writes.
      const after = base + CLASSES;
      const inLoop = base + 2 * CLASSES;
      const again = world.rambleRepeat;
      for (let c = 0; c < RAMBLE; c++) {
        const m = this.masses[base + c];
        this.masses[base + c] = m * (1 - rho - lambda);
        this.masses[after + c] = m * (1 - again - lambda);
        this.masses[inLoop + c] = m * (1 - world.loopRepeat);
      }
      this.masses[base + RAMBLE] = rho;
      this.masses[base + LOOP] = lambda;
      this.masses[after + RAMBLE] = again;
      this.masses[after + LOOP] = lambda;
      this.masses[inLoop + LOOP] = world.loopRepeat;
      this.slipVariants[k] = 2 * Math.min(MAX_SLIP_DIGITS, digits(s.values[k + 1]));
    }
  }

  /** Probability that operation k is written right (any phrasing) at temperature 1, after an ordinary step. */
  correctMass(k: number): number {
    let m = 0;
    for (let j = 0; j < PHRASINGS; j++) m += this.masses[k * ROWS_PER_OP * CLASSES + j];
    return m;
  }

  /**
   * Cumulative class weights at temperature T > 0: each single string's probability p becomes
   * p^(1/T); the slip class is several strings of equal mass, reshaped one by one.
   */
  cumulative(T: number): Float64Array {
    let cum = this.tempered.get(T);
    if (cum) return cum;
    cum = new Float64Array(this.masses.length);
    const inv = 1 / T;
    for (let row = 0; row < this.top.length * ROWS_PER_OP; row++) {
      const base = row * CLASSES;
      const S = this.slipVariants[Math.floor(row / ROWS_PER_OP)];
      // Reshape relative to the most likely string, so a small T cannot underflow to all zeros.
      let top = 0;
      for (let c = 0; c < CLASSES; c++) top = Math.max(top, this.masses[base + c] / (c === SLIP ? S : 1));
      let acc = 0;
      for (let c = 0; c < CLASSES; c++) {
        const m = this.masses[base + c];
        if (m > 0) acc += c === SLIP ? S * Math.pow(m / S / top, inv) : Math.pow(m / top, inv);
        cum[base + c] = acc;
      }
    }
    this.tempered.set(T, cum);
    return cum;
  }

  /** Temperature 0: the class of the single most likely string in each row (see `rowOf`). */
  greedy(): Int32Array {
    if (this.greedyChoice) return this.greedyChoice;
    const g = new Int32Array(this.top.length * ROWS_PER_OP);
    for (let row = 0; row < g.length; row++) {
      const k = Math.floor(row / ROWS_PER_OP);
      let best = 0;
      let bestMass = -1;
      for (let c = 0; c < CLASSES; c++) {
        const m = this.masses[row * CLASSES + c] / (c === SLIP ? this.slipVariants[k] : 1);
        // Strictly greater: on a tie the earlier class (a correct phrasing) wins.
        if (m > bestMass) {
          best = c;
          bestMass = m;
        }
      }
      g[row] = best;
    }
    this.greedyChoice = g;
    return g;
  }
}
