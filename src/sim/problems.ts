/**
 * Procedural multi-step arithmetic word problems (design.md §8). A problem's id encodes how to
 * rebuild it — `sim-L{level}-{index}` with a zero-padded index, drawn from the fixed set seed —
 * so URLs and traces can refer to problems by id and `simProblem(id)` regenerates them anywhere.
 *
 * Levels 1–5 have 3–7 operations and operands that grow with the level. Every intermediate value
 * of the gold solution is a positive integer: subtractions stay above zero and divisions are
 * only chosen when exact.
 */
import { createRng, hashSeed, type Rng } from '../search/rng';
import type { Problem } from '../search/types';
import { PEOPLE, THEMES, capitalize, fillPerson, type OpKind, type Person, type Theme } from './themes';

/** Seed of the sim's problem space; changing it changes every problem. */
export const SIM_SET_SEED = 0x2408_0724;
/** Problems per level in `defaultProblemSet()`. */
export const DEFAULT_PER_LEVEL = 100;

export interface SimOp {
  kind: OpKind;
  /** The operand, as the question states it. */
  x: number;
  /** Which wording of the theme's operation the question (and the solution) uses. */
  variant: number;
}

/** The hidden structure of a sim problem: what a correct solution computes. */
export interface SimStructure {
  id: string;
  level: number;
  theme: Theme;
  person: Person;
  ops: readonly SimOp[];
  /** values[k] = the quantity after k operations; values[0] is the start value. */
  values: readonly number[];
  answer: number;
  question: string;
}

interface LevelSpec {
  ops: number;
  start: [number, number];
  add: [number, number];
  mul: [number, number];
  div: [number, number];
  /** Largest value a multiplication may produce. */
  cap: number;
}

const LEVELS: Readonly<Record<number, LevelSpec>> = {
  1: { ops: 3, start: [6, 40], add: [2, 20], mul: [2, 4], div: [2, 5], cap: 400 },
  2: { ops: 4, start: [12, 90], add: [4, 60], mul: [2, 6], div: [2, 6], cap: 2000 },
  3: { ops: 5, start: [20, 240], add: [8, 150], mul: [2, 9], div: [2, 9], cap: 8000 },
  4: { ops: 6, start: [60, 700], add: [15, 450], mul: [3, 12], div: [2, 12], cap: 40000 },
  5: { ops: 7, start: [150, 2400], add: [40, 1500], mul: [3, 16], div: [3, 16], cap: 200000 },
};

const OP_WEIGHT: Readonly<Record<OpKind, number>> = { add: 0.3, sub: 0.25, mul: 0.25, div: 0.2 };
const CONNECTORS = ['Then', 'After that,', 'Next,', 'Later,'];

function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Choose the next operation among those that keep every value a positive integer. */
function nextOp(rng: Rng, v: number, spec: LevelSpec, prev: OpKind | null): { kind: OpKind; x: number } {
  const divisors: number[] = [];
  for (let d = spec.div[0]; d <= spec.div[1]; d++) if (v % d === 0 && v / d >= 2) divisors.push(d);
  const mulHi = Math.min(spec.mul[1], Math.floor(spec.cap / v));
  const options: { kind: OpKind; w: number }[] = [{ kind: 'add', w: OP_WEIGHT.add }];
  if (v > spec.add[0] + 2) options.push({ kind: 'sub', w: OP_WEIGHT.sub });
  if (mulHi >= spec.mul[0]) options.push({ kind: 'mul', w: OP_WEIGHT.mul });
  if (divisors.length > 0) options.push({ kind: 'div', w: OP_WEIGHT.div });
  // The same operation twice in a row reads as padding; keep it possible but rare.
  for (const o of options) if (o.kind === prev) o.w *= 0.35;
  let u = rng.next() * options.reduce((s, o) => s + o.w, 0);
  let kind: OpKind = options[options.length - 1].kind;
  for (const o of options) {
    if ((u -= o.w) < 0) {
      kind = o.kind;
      break;
    }
  }
  switch (kind) {
    case 'add': return { kind, x: randInt(rng, spec.add[0], spec.add[1]) };
    case 'sub': return { kind, x: randInt(rng, spec.add[0], Math.min(spec.add[1], v - 2)) };
    case 'mul': return { kind, x: randInt(rng, spec.mul[0], mulHi) };
    case 'div': return { kind, x: divisors[rng.int(divisors.length)] };
  }
}

/** The gold result of one operation. */
export function applyOp(kind: OpKind, a: number, x: number): number {
  switch (kind) {
    case 'add': return a + x;
    case 'sub': return a - x;
    case 'mul': return a * x;
    case 'div': return a / x;
  }
}

function questionSentence(template: string, k: number, repeated: boolean, rng: Rng): string {
  // A connector always precedes a wording the question already used, so it reads as a new event.
  if (k === 0 || (!repeated && rng.next() < 0.5)) return template;
  const connector = CONNECTORS[rng.int(CONNECTORS.length)];
  const body = template.startsWith('{P}') ? '{p}' + template.slice(3) : template[0].toLowerCase() + template.slice(1);
  return `${connector} ${body}`;
}

function generate(id: string, level: number): SimStructure {
  const spec = LEVELS[level];
  const rng = createRng(hashSeed(SIM_SET_SEED, id));
  const theme = THEMES[rng.int(THEMES.length)];
  const person = PEOPLE[rng.int(PEOPLE.length)];
  const start = randInt(rng, spec.start[0], spec.start[1]);
  const sentences = [fillPerson(theme.start[rng.int(theme.start.length)], person).replace('{v}', String(start))];
  const ops: SimOp[] = [];
  const values = [start];
  let v = start;
  for (let k = 0; k < spec.ops; k++) {
    const { kind, x } = nextOp(rng, v, spec, k > 0 ? ops[k - 1].kind : null);
    const variant = rng.int(theme.ops[kind].length);
    const repeated = ops.some((o) => o.kind === kind && o.variant === variant);
    ops.push({ kind, x, variant });
    v = applyOp(kind, v, x);
    values.push(v);
    const q = questionSentence(theme.ops[kind][variant].q, k, repeated, rng);
    sentences.push(capitalize(fillPerson(q, person).replace('{x}', String(x))));
  }
  sentences.push(fillPerson(theme.ask[rng.int(theme.ask.length)], person));
  return { id, level, theme, person, ops, values, answer: v, question: sentences.join(' ') };
}

const structures = new Map<string, SimStructure>();
const problems = new Map<string, Problem>();

/** Parse a sim problem id; null when `id` is not one. */
export function parseSimId(id: string): { level: number; index: number } | null {
  const m = /^sim-L([1-5])-(\d{4,})$/.exec(id);
  return m ? { level: Number(m[1]), index: Number(m[2]) } : null;
}

/** The id of problem `index` of a level, e.g. `simProblemId(3, 17)` = 'sim-L3-0017'. */
export function simProblemId(level: number, index: number): string {
  return `sim-L${level}-${String(index).padStart(4, '0')}`;
}

/** The hidden structure (operations, intermediate values) of a sim problem, by id or problem. */
export function simStructure(problem: string | Pick<Problem, 'id'>): SimStructure {
  const id = typeof problem === 'string' ? problem : problem.id;
  let s = structures.get(id);
  if (s) return s;
  const parsed = parseSimId(id);
  if (!parsed) throw new Error(`"${id}" is not a sim problem id (expected sim-L<1–5>-<index>, e.g. sim-L3-0017)`);
  s = generate(id, parsed.level);
  structures.set(id, s);
  return s;
}

/**
 * Rebuild a sim problem from its id. The gold answer is an integer as a string; grading is
 * 'gsm8k' (numeric comparison of the last number), which fits integer answers exactly.
 * The same id always returns the same (shared, do-not-mutate) object.
 */
export function simProblem(id: string): Problem {
  let p = problems.get(id);
  if (p) return p;
  const s = simStructure(id);
  p = { id, question: s.question, answer: String(s.answer), dataset: 'sim', level: s.level, subject: s.theme.title, grading: 'gsm8k' };
  problems.set(id, p);
  return p;
}

/** Problems `offset … offset+count-1` of one level (1–5). */
export function problemsByLevel(level: number, count = DEFAULT_PER_LEVEL, offset = 0): Problem[] {
  if (!LEVELS[level]) throw new Error(`sim levels are 1–5, got ${level}`);
  return Array.from({ length: count }, (_, i) => simProblem(simProblemId(level, offset + i)));
}

let defaultSet: readonly Problem[] | null = null;

/** The built-in default set: 100 problems per level, 500 in all, the same everywhere. */
export function defaultProblemSet(): readonly Problem[] {
  defaultSet ??= [1, 2, 3, 4, 5].flatMap((level) => problemsByLevel(level));
  return defaultSet;
}
