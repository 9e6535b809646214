/**
 * Strategy specs: the one serialisable description of "which strategy with which parameters" that
 * the CLI, the URL codec, traces and sweeps share. `parseSpec` validates untrusted input
 * (including numbers and booleans given as strings, as URLs and command lines give them).
 */
import { VOTE_RULES, type Aggregate, type ScoreAgg, type VoteRule } from '../aggregate';
import type { AllocationMode } from '../rebase-allocate';
import { BEAM_DEFAULTS, type BeamParams } from './beam';
import { defaultRootChildren, MCTS_DEFAULTS, type MctsParams } from './mcts';
import { REBASE_DEFAULTS, REBASE_PRESETS, rebasePresetOf, type RebaseParams, type RebasePreset } from './rebase';
import { GREEDY_DEFAULTS, SAMPLE_DEFAULTS, type GreedyParams, type SampleParams } from './sampling';

export type StrategySpec =
  | { name: 'greedy'; params: GreedyParams }
  | { name: 'sample'; params: SampleParams }
  | { name: 'beam'; params: BeamParams }
  | { name: 'mcts'; params: MctsParams }
  | { name: 'rebase'; params: RebaseParams };

export type StrategyName = StrategySpec['name'];
export type ParamsOf<K extends StrategyName> = Extract<StrategySpec, { name: K }>['params'];

export const STRATEGY_NAMES: readonly StrategyName[] = ['greedy', 'sample', 'beam', 'mcts', 'rebase'];

/** An invalid spec; `field` names the offending field (e.g. `params.width`). */
export class SpecError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'SpecError';
  }
}

const DEFAULTS: { [K in StrategyName]: ParamsOf<K> } = {
  greedy: GREEDY_DEFAULTS,
  sample: SAMPLE_DEFAULTS,
  beam: BEAM_DEFAULTS,
  mcts: MCTS_DEFAULTS,
  rebase: REBASE_DEFAULTS,
};

/** The default spec of a strategy (REBASE: the official preset). */
export function defaultSpec<K extends StrategyName>(name: K): Extract<StrategySpec, { name: K }> {
  return { name, params: { ...DEFAULTS[name] } } as Extract<StrategySpec, { name: K }>;
}

const AGGREGATES: readonly Aggregate[] = ['majority', 'best-of-n', 'weighted-majority'];
const SCORE_AGGS: readonly ScoreAgg[] = ['last', 'min', 'mean', 'prod'];
const ALLOCATIONS: readonly AllocationMode[] = ['reference', 'paper'];
const PRESETS: readonly RebasePreset[] = ['official', 'paper'];

type Raw = Record<string, unknown>;

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function num(raw: Raw, key: string, dflt: number, check: (x: number) => boolean, what: string): number {
  const v = raw[key];
  if (v === undefined) return dflt;
  const x = typeof v === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)(e-?\d+)?\s*$/i.test(v) ? Number(v) : v;
  if (typeof x !== 'number' || !Number.isFinite(x) || !check(x)) throw new SpecError(`params.${key}`, `expected ${what}, got ${show(v)}`);
  return x;
}
const int = (raw: Raw, key: string, dflt: number, min = 1): number =>
  num(raw, key, dflt, (x) => Number.isInteger(x) && x >= min, `a whole number ≥ ${min}`);
const optInt = (raw: Raw, key: string): number | undefined => (raw[key] === undefined ? undefined : int(raw, key, 0));

function oneOf<T extends string>(raw: Raw, key: string, dflt: T, options: readonly T[]): T {
  const v = raw[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !options.includes(v as T)) throw new SpecError(`params.${key}`, `expected one of ${options.join(', ')}, got ${show(v)}`);
  return v as T;
}

function bool(raw: Raw, key: string, dflt: boolean): boolean {
  const v = raw[key];
  if (v === undefined) return dflt;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new SpecError(`params.${key}`, `expected true or false, got ${show(v)}`);
}

const temperature = (raw: Raw, d: number) => num(raw, 'temperature', d, (x) => x >= 0, 'a number ≥ 0');
/** The vote fields; an absent `voteRule` (specs written before it existed) is `official`. */
const vote = (raw: Raw, d: { aggregate: Aggregate; scoreAgg: ScoreAgg; voteRule: VoteRule }) => ({
  aggregate: oneOf(raw, 'aggregate', d.aggregate, AGGREGATES),
  scoreAgg: oneOf(raw, 'scoreAgg', d.scoreAgg, SCORE_AGGS),
  voteRule: oneOf(raw, 'voteRule', d.voteRule, VOTE_RULES),
});

function parseRebase(raw: Raw): RebaseParams {
  const d = REBASE_DEFAULTS;
  const preset = raw.preset === undefined ? undefined : oneOf(raw, 'preset', 'official', PRESETS);
  const base = preset ? REBASE_PRESETS[preset] : { tb: d.tb, allocation: d.allocation };
  const tb = num(raw, 'tb', base.tb, (x) => x > 0, 'a number > 0');
  const allocation = oneOf(raw, 'allocation', base.allocation, ALLOCATIONS);
  if (preset && tb !== base.tb) throw new SpecError('params.tb', `${tb} contradicts preset '${preset}' (T_b ${base.tb}); drop one of them`);
  if (preset && allocation !== base.allocation) throw new SpecError('params.allocation', `'${allocation}' contradicts preset '${preset}' ('${base.allocation}'); drop one of them`);
  const named = preset ?? (raw.tb === undefined && raw.allocation === undefined ? 'official' : undefined);
  return {
    width: int(raw, 'width', d.width), tb, allocation, ...(named ? { preset: named } : {}),
    maxDepth: int(raw, 'maxDepth', d.maxDepth), ...vote(raw, d), temperature: temperature(raw, d.temperature),
  };
}

const PARSERS: { [K in StrategyName]: (raw: Raw) => ParamsOf<K> } = {
  greedy: (raw) => ({ maxDepth: int(raw, 'maxDepth', GREEDY_DEFAULTS.maxDepth) }),
  sample: (raw) => {
    const d = SAMPLE_DEFAULTS;
    return { n: int(raw, 'n', d.n), ...vote(raw, d), temperature: temperature(raw, d.temperature), maxDepth: int(raw, 'maxDepth', d.maxDepth) };
  },
  beam: (raw) => {
    const d = BEAM_DEFAULTS;
    const n = int(raw, 'n', d.n);
    const m = int(raw, 'm', Math.min(d.m, n));
    if (m > n) throw new SpecError('params.m', `the beam width m (${m}) must not exceed n (${n})`);
    return { n, m, ...vote(raw, d), temperature: temperature(raw, d.temperature), maxDepth: int(raw, 'maxDepth', d.maxDepth), dvts: bool(raw, 'dvts', d.dvts) };
  },
  mcts: (raw) => {
    const d = MCTS_DEFAULTS;
    const kRoot = optInt(raw, 'kRoot');
    const maxIterations = optInt(raw, 'maxIterations');
    return {
      budget: int(raw, 'budget', d.budget), c: num(raw, 'c', d.c, (x) => x >= 0, 'a number ≥ 0'),
      ...(kRoot !== undefined ? { kRoot } : {}), rollout: bool(raw, 'rollout', d.rollout), ...vote(raw, d),
      temperature: temperature(raw, d.temperature), maxDepth: int(raw, 'maxDepth', d.maxDepth),
      ...(maxIterations !== undefined ? { maxIterations } : {}),
    };
  },
  rebase: parseRebase,
};

const KNOWN: { [K in StrategyName]: readonly string[] } = {
  greedy: ['maxDepth'],
  sample: ['n', 'aggregate', 'scoreAgg', 'voteRule', 'temperature', 'maxDepth'],
  beam: ['n', 'm', 'aggregate', 'scoreAgg', 'voteRule', 'temperature', 'maxDepth', 'dvts'],
  mcts: ['budget', 'c', 'kRoot', 'rollout', 'aggregate', 'scoreAgg', 'voteRule', 'temperature', 'maxDepth', 'maxIterations'],
  rebase: ['width', 'tb', 'allocation', 'preset', 'maxDepth', 'aggregate', 'scoreAgg', 'voteRule', 'temperature'],
};

/**
 * Validate an untrusted `{ name, params? }` and fill in defaults. Missing params take the
 * strategy's defaults; unknown params, wrong types and out-of-range values throw a
 * {@link SpecError} naming the field. For REBASE, `preset` supplies T_b and allocation, and an
 * explicit value that contradicts it is an error.
 */
export function parseSpec(input: unknown): StrategySpec {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SpecError('spec', `expected an object { name, params }, got ${show(input)}`);
  const { name, params, ...rest } = input as Raw;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new SpecError(extra[0], 'unknown field (a spec has only name and params)');
  if (typeof name !== 'string' || !(STRATEGY_NAMES as readonly string[]).includes(name)) {
    throw new SpecError('name', `expected one of ${STRATEGY_NAMES.join(', ')}, got ${show(name)}`);
  }
  const key = name as StrategyName;
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new SpecError('params', `expected an object, got ${show(params)}`);
  }
  const raw = (params ?? {}) as Raw;
  for (const k of Object.keys(raw)) {
    if (raw[k] !== undefined && !KNOWN[key].includes(k)) throw new SpecError(`params.${k}`, `unknown parameter of ${key} (known: ${KNOWN[key].join(', ')})`);
  }
  return { name: key, params: PARSERS[key](raw) } as StrategySpec;
}

const AGG_LABEL: Record<Aggregate, string> = { majority: 'majority vote', 'best-of-n': 'best-of-N', 'weighted-majority': 'weighted vote' };

function voteSuffix(p: { aggregate: Aggregate; scoreAgg: ScoreAgg; voteRule: VoteRule }, dflt: Aggregate): string {
  return (p.aggregate !== dflt ? `, ${AGG_LABEL[p.aggregate]}` : '') + (p.aggregate !== 'majority' && p.scoreAgg !== 'last' ? `, ${p.scoreAgg} score` : '')
    + (p.voteRule !== 'official' ? ', first-vote ties' : '');
}

/** A short human label, e.g. "REBASE N=32, T_b 0.2 (official preset)". */
export function describeSpec(spec: StrategySpec): string {
  const t = (x: number) => (x !== 1 ? `, T=${x}` : '');
  switch (spec.name) {
    case 'greedy':
      return 'Greedy (T=0)';
    case 'sample': {
      const p = spec.params;
      const head = p.aggregate === 'majority' ? 'Majority vote' : p.aggregate === 'best-of-n' ? 'Best-of-N' : 'Weighted majority';
      return `${head} N=${p.n}${voteSuffix(p, p.aggregate)}${t(p.temperature)}`;
    }
    case 'beam': {
      const p = spec.params;
      return `${p.dvts ? 'DVTS' : 'Beam search'} N=${p.n}, m=${p.m}${voteSuffix(p, 'weighted-majority')}${t(p.temperature)}`;
    }
    case 'mcts': {
      const p = spec.params;
      const k = Math.min(p.budget, p.kRoot ?? defaultRootChildren(p.budget));
      return `MCTS ${p.budget} nodes, root ${k}${p.rollout ? ', rollouts' : ''}${voteSuffix(p, 'weighted-majority')}${t(p.temperature)}`;
    }
    case 'rebase': {
      const p = spec.params;
      const preset = p.preset ?? rebasePresetOf(p);
      const tail = preset ? ` (${preset} preset)` : `, ${p.allocation} allocation (custom)`;
      return `REBASE N=${p.width}, T_b ${p.tb}${tail}${voteSuffix(p, 'weighted-majority')}${t(p.temperature)}`;
    }
  }
}
