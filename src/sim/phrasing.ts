/**
 * Solution-step text. Each operation of a problem is compiled once into a few phrasings (frames
 * of different length and wording, with the theme's clause, the operand and the unit filled in);
 * only the step number, the input value and the result stay open as slots. Rendering a step in
 * the hot path is then a handful of string concatenations, and its token count is the frame's
 * precomputed count plus the characters of the three numbers (one token per digit, sign or point).
 */
import { countTokens } from './tokenizer';
import { capitalize, fillPerson, type OpKind } from './themes';
import type { SimStructure } from './problems';

/** Slot codes inside a compiled phrase. */
const SLOT_D = 0;
const SLOT_A = 1;
const SLOT_R = 2;

/** A compiled phrasing: fixed text with slots for the step number, input value and result. */
export interface Phrase {
  /** Literal text around the slots: lits.length = slots.length + 1. */
  readonly lits: readonly string[];
  readonly slots: Uint8Array;
  readonly litTokens: number;
  readonly nD: number;
  readonly nA: number;
  readonly nR: number;
}

/** Everything a model can write at one operation of a problem. */
export interface CompiledStep {
  readonly kind: OpKind;
  /** Correct phrasings, shortest first (the index is the phrasing's verbosity rank). */
  readonly phrases: readonly Phrase[];
  /** The tempting wrong step: the same clause computed with the wrong operation. */
  readonly tempt: Phrase;
  readonly temptKind: OpKind;
  /** Last operation only: the early conclusion written when the model skips it. */
  readonly conclude: Phrase | null;
  /** A step that makes no progress: where the solution stands and what it still has to use. */
  readonly ramble: Phrase;
}

/** A problem with every operation's phrasings compiled. */
export interface CompiledProblem {
  readonly structure: SimStructure;
  readonly steps: readonly CompiledStep[];
  readonly questionTokens: number;
}

/** Correct phrasings, from terse to verbose; every one states the computation explicitly. */
const FRAMES = [
  'Step {d}: {S}, so {a} {sym} {x} = {r}. The total is now {u}.',
  'Step {d}: Since {s}, we {verb}: {a} {sym} {x} = {r}. So the new total is {u}.',
  'Step {d}: The problem says that {s}. That means we need to {verb}. We get {a} {sym} {x} = {r}, so the new total is {u}.',
  'Step {d}: Now we use the fact that {s}. To find the new amount, we {verb}. The calculation is {a} {sym} {x} = {r}. Therefore, after this step the total is {u}.',
];
/** Number of correct phrasings per step. */
export const PHRASINGS = FRAMES.length;
const TEMPT_FRAME = 'Step {d}: Since {s}, we {verb}: {a} {sym} {x} = {r}. So the new total is {u}.';
const CONCLUDE_FRAME = 'Step {d}: So at the end, the total is {ua}. The answer is {a}.';
/** No computation: the total so far restated and the next sentence of the problem recalled. */
const RAMBLE_FRAME = 'Step {d}: Let me go over what we have so far. The total is {ua}, and we still need to use that {s}.';
/** Appended to every phrasing of the last operation: the terminal marker the official code tests. */
const FINAL_SUFFIX = ' The answer is {r}.';

const VERB: Readonly<Record<OpKind, string>> = {
  add: 'add {x} to {a}', sub: 'subtract {x} from {a}', mul: 'multiply {a} by {x}', div: 'divide {a} by {x}',
};
const SYMBOL: Readonly<Record<OpKind, string>> = { add: '+', sub: '-', mul: '×', div: '÷' };
/** The wrong operation a word problem tempts: direction swaps, and "times as many" read as adding. */
export const TEMPTING: Readonly<Record<OpKind, OpKind>> = { add: 'sub', sub: 'add', mul: 'add', div: 'mul' };

function compilePhrase(text: string): Phrase {
  const lits: string[] = [];
  const slots: number[] = [];
  let rest = text;
  for (;;) {
    let best = -1;
    let code = 0;
    for (const [marker, c] of [['{d}', SLOT_D], ['{a}', SLOT_A], ['{r}', SLOT_R]] as const) {
      const i = rest.indexOf(marker);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
        code = c;
      }
    }
    if (best < 0) break;
    lits.push(rest.slice(0, best));
    slots.push(code);
    rest = rest.slice(best + 3);
  }
  lits.push(rest);
  const count = (c: number) => slots.filter((s) => s === c).length;
  return {
    lits, slots: Uint8Array.from(slots), litTokens: lits.reduce((t, l) => t + countTokens(l), 0),
    nD: count(SLOT_D), nA: count(SLOT_A), nR: count(SLOT_R),
  };
}

function fillFrame(frame: string, s: SimStructure, k: number, kind: OpKind): string {
  const op = s.ops[k];
  const clause = fillPerson(s.theme.ops[op.kind][op.variant].s, s.person).replace('{x}', String(op.x));
  const { unitPre, unitPost } = s.theme;
  return frame
    .replace('{S}', capitalize(clause))
    .replace('{s}', clause)
    .replace('{verb}', VERB[kind])
    .replace('{sym}', SYMBOL[kind])
    .replaceAll('{x}', String(op.x))
    .replace('{ua}', `${unitPre}{a}${unitPost}`)
    .replace('{u}', `${unitPre}{r}${unitPost}`);
}

const compiled = new Map<string, CompiledProblem>();

/** Compile (once, cached by id) the step phrasings of a problem. */
export function compileProblem(s: SimStructure): CompiledProblem {
  let c = compiled.get(s.id);
  if (c) return c;
  const last = s.ops.length - 1;
  const steps = s.ops.map((op, k): CompiledStep => {
    const suffix = k === last ? FINAL_SUFFIX : '';
    const temptKind = TEMPTING[op.kind];
    return {
      kind: op.kind,
      phrases: FRAMES.map((f) => compilePhrase(fillFrame(f, s, k, op.kind) + suffix)),
      tempt: compilePhrase(fillFrame(TEMPT_FRAME, s, k, temptKind) + suffix),
      temptKind,
      conclude: k === last ? compilePhrase(fillFrame(CONCLUDE_FRAME, s, k, op.kind)) : null,
      ramble: compilePhrase(fillFrame(RAMBLE_FRAME, s, k, op.kind)),
    };
  });
  c = { structure: s, steps, questionTokens: countTokens(s.question) };
  compiled.set(s.id, c);
  return c;
}

/** Render a phrase with its step number, input value and result (already formatted). */
export function render(p: Phrase, d: string, a: string, r: string): string {
  let out = p.lits[0];
  for (let i = 0; i < p.slots.length; i++) {
    const code = p.slots[i];
    out += (code === SLOT_D ? d : code === SLOT_A ? a : r) + p.lits[i + 1];
  }
  return out;
}

/** Tokens of a rendered phrase, without rendering it. */
export function phraseTokens(p: Phrase, d: string, a: string, r: string): number {
  return p.litTokens + p.nD * d.length + p.nA * a.length + p.nR * r.length;
}

/** Round to the two decimals a model would write (wrong paths can make non-integers). */
export function round2(v: number): number {
  return Number.isInteger(v) ? v : Math.round(v * 100) / 100;
}

/** A value as the model writes it: plain digits, a minus sign, at most two decimals. */
export function formatValue(v: number): string {
  return String(v);
}
