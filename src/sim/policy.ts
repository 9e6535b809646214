/**
 * Sampling one solution step from a sim policy. This is the hot path of every sweep: one rng
 * draw, a scan of a dozen cumulative weights, a few concatenations and two small objects per step.
 * No regex, no closures, no tree walks — everything the next step needs is in the parent's state.
 */
import type { Rng } from '../search/rng';
import type { StepSample } from '../search/types';
import { combine, hashText } from './hash';
import { CLASSES, LOOP, RAMBLE, ROWS_PER_OP, SKIP, SLIP, TEMPT, type ModelTables } from './error-model';
import { formatValue, phraseTokens, render, round2, type CompiledProblem, type Phrase } from './phrasing';
import { applyOp } from './problems';
import {
  KIND_CORRECT, KIND_LOOP, KIND_RAMBLE, KIND_SKIP, KIND_SLIP, KIND_STALE, KIND_TEMPT, KIND_TRUNCATED, SimState, type StepKind,
} from './state';
import { truncateTokens } from './tokenizer';

// tsx and vitest compile every use of an imported binding into a getter call on the module
// object; in this hot path that was a third of a step's time. Module-level copies, read once,
// keep each step to plain loads and calls (bundled builds inline them either way).
const mix = combine;
const apply = applyOp;
const fmt = formatValue;
const round = round2;
const renderPhrase = render;
const tokensOf = phraseTokens;
const N_CLASSES = CLASSES;
const C_TEMPT = TEMPT;
const C_SLIP = SLIP;
const C_SKIP = SKIP;
const C_RAMBLE = RAMBLE;
const C_LOOP = LOOP;
const ROWS = ROWS_PER_OP;
const K_CORRECT = KIND_CORRECT;
const K_TEMPT = KIND_TEMPT;
const K_SLIP = KIND_SLIP;
const K_SKIP = KIND_SKIP;
const K_STALE = KIND_STALE;
const K_RAMBLE = KIND_RAMBLE;
const K_LOOP = KIND_LOOP;
const State = SimState;

const DEPTH_TEXT = Array.from({ length: 64 }, (_, i) => String(i));
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** The state after the question: nothing applied yet, the path right. */
export function rootState(c: CompiledProblem): SimState {
  const s = c.structure;
  const id = hashText(s.id);
  return new SimState(0, s.values[0], Number.NaN, 0, true, true, KIND_CORRECT, id, id, 0, KIND_CORRECT);
}

/** A number as a hash input (two decimals, as the model writes it). */
function valueKey(v: number): number {
  return Math.round(v * 100) >>> 0;
}

/**
 * Draws steps of one model on one problem at one temperature. Temperature 0 is greedy: the
 * single most likely string at every step, with no randomness drawn.
 */
export class StepSampler {
  private readonly cum: Float64Array | null;
  private readonly choice: Int32Array | null;
  private readonly c: CompiledProblem;
  /** The problem's hash: the root of every content hash. */
  private readonly pid: number;

  constructor(readonly tables: ModelTables, readonly temperature: number) {
    if (!(temperature >= 0)) throw new Error(`temperature must be ≥ 0, got ${temperature}`);
    this.c = tables.problem;
    this.pid = hashText(this.c.structure.id);
    this.cum = temperature > 0 ? tables.cumulative(temperature) : null;
    this.choice = temperature > 0 ? null : tables.greedy();
  }

  /** Sample the step after `s`. Throws on a finished path: a terminal step has no children. */
  step(s: SimState, rng: Rng, maxStepTokens: number): StepSample {
    const c = this.c;
    const ops = c.structure.ops;
    const k = s.op;
    if (k >= ops.length) throw new Error('SimBackend.expand: cannot expand a terminal step (the solution is finished)');
    let cls: number;
    let variant = 0;
    // The row of masses: this operation after an ordinary step, a rambling one, or in a loop (error-model.ts).
    const row = k * ROWS + (s.kind === K_RAMBLE ? 1 : s.kind === K_LOOP ? 2 : 0);
    if (this.cum === null) {
      cls = this.choice![row];
    } else {
      const cum = this.cum;
      const base = row * N_CLASSES;
      const u = rng.next() * cum[base + N_CLASSES - 1];
      cls = 0;
      while (cls < N_CLASSES - 1 && u >= cum[base + cls]) cls++;
      if (cls === C_SLIP) {
        const lo = cum[base + cls - 1];
        const S = this.tables.slipVariants[k];
        variant = Math.min(S - 1, Math.floor(((u - lo) / (cum[base + cls] - lo)) * S));
      }
    }
    const step = c.steps[k];
    const op = ops[k];
    let a = s.value;
    let input = s.value;
    const right = round(apply(op.kind, a, op.x));
    let r = right;
    let next = k + 1;
    let kind: StepKind = K_CORRECT;
    let phrase: Phrase;
    if (cls < C_TEMPT) {
      phrase = step.phrases[cls];
    } else if (cls === C_TEMPT) {
      phrase = step.tempt;
      r = round(apply(step.temptKind, a, op.x));
      kind = K_TEMPT;
    } else if (cls === C_SLIP) {
      phrase = step.phrases[this.tables.top[k]];
      r = round(right + ((variant & 1) === 0 ? -1 : 1) * POW10[variant >> 1]);
      kind = K_SLIP;
    } else if (cls === C_SKIP) {
      kind = K_SKIP;
      if (k + 1 < ops.length) {
        // The model jumps to the next sentence of the problem, computing it from the current value.
        phrase = c.steps[k + 1].phrases[this.tables.top[k + 1]];
        r = round(apply(ops[k + 1].kind, a, ops[k + 1].x));
        next = k + 2;
      } else {
        phrase = step.conclude!;
        r = a;
      }
    } else if (cls === C_RAMBLE || cls === C_LOOP) {
      // No computation: the value and the stale input stay, and the same operation comes next.
      phrase = step.ramble;
      r = a;
      input = s.input;
      next = k;
      kind = cls === C_LOOP ? K_LOOP : K_RAMBLE;
    } else {
      // STALE: the previous step's input is reused as if the previous step had not happened.
      phrase = step.phrases[this.tables.top[k]];
      a = s.input;
      r = round(apply(op.kind, a, op.x));
      kind = K_STALE;
    }
    // Judged by value: a wrong-looking step that lands on the right number is right given its input.
    // A ramble or a loop states nothing wrong.
    const stepOk = kind === K_CORRECT || kind === K_RAMBLE || kind === K_LOOP || (kind !== K_SKIP && r === right);
    const ok = s.ok && stepOk;
    const depth = s.depth + 1;
    const hash = mix(s.hash, cls * 16 + variant);
    const content = mix(mix(mix(this.pid, k * 16 + kind), valueKey(a)), valueKey(r));
    const dText = depth < DEPTH_TEXT.length ? DEPTH_TEXT[depth] : String(depth);
    const aText = fmt(a);
    const rText = fmt(r);
    const tokens = tokensOf(phrase, dText, aText, rText);
    const terminal = next >= ops.length;
    if (tokens > maxStepTokens) return truncated(s, renderPhrase(phrase, dText, aText, rText), maxStepTokens, hash);
    const firstError = s.ok && !ok;
    return {
      text: renderPhrase(phrase, dText, aText, rText),
      tokens,
      terminal,
      answer: terminal ? rText : undefined,
      finishReason: terminal ? 'eos' : 'stop',
      ref: new State(next, r, input, depth, ok, stepOk, kind,
        hash, content, firstError ? content : s.errHash, firstError ? kind : s.errKind),
    };
  }
}

/** A step cut by the token limit: it makes no progress, so the next step redoes the operation. */
function truncated(s: SimState, text: string, maxTokens: number, hash: number): StepSample {
  return {
    text: truncateTokens(text, maxTokens),
    tokens: maxTokens,
    terminal: false,
    answer: undefined,
    finishReason: 'length',
    ref: new SimState(s.op, s.value, s.input, s.depth + 1, s.ok, true, KIND_TRUNCATED, hash, hash, s.errHash, s.errKind),
  };
}

/** Sample one whole solution (a chain of steps until a terminal step or `maxDepth` steps). */
export function sampleChain(sampler: StepSampler, rng: Rng, maxStepTokens: number, maxDepth: number): StepSample[] {
  const chain: StepSample[] = [];
  let s = rootState(sampler.tables.problem);
  while (chain.length < maxDepth) {
    const step = sampler.step(s, rng, maxStepTokens);
    chain.push(step);
    if (step.terminal) break;
    s = step.ref as SimState;
  }
  return chain;
}
