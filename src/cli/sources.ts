/**
 * Where the CLI's problems and backends come from: the sim (default) or a trace bundle (replay).
 * Shared by `run`, `sweep` and `export-sim`.
 */
import type { Backend } from '../search/backend';
import { parseSpec, SpecError, type StrategySpec } from '../search/strategies/index';
import type { Problem } from '../search/types';
import { defaultProblemSet, parseSimId, problemsByLevel, simProblem, SimBackend, SIM_MODELS, SIM_PRM, prmSettingLabel, type PrmSetting, type SimModelId } from '../sim/index';
import type { Bundle } from '../trace/bundle';
import { ReplayBackend } from '../trace/replay-backend';
import { intOption, listOption, UsageError, type Parsed } from './args';
import { readBundle } from './io';

export const SIM_MODEL_IDS = SIM_MODELS.map((m) => m.id) as SimModelId[];

export const sourceOptions = {
  bundle: { type: 'string' },
  trace: { type: 'string' },
  problems: { type: 'string' },
  problem: { type: 'string' },
  level: { type: 'string' },
  prm: { type: 'string' },
} as const;

export const sourceHelp = `Problems and backend:
  --bundle FILE      replay a trace bundle (.trace.json or .trace.json.gz) instead of the sim
  --trace FILE       the same as --bundle (e.g. a recording made with \`record\`)
  --problem IDS      comma-separated problem ids (sim ids look like sim-L3-0007)
  --level L          sim problems of one level (1–5)
  --problems N       how many problems (the first N of the set)
  --prm Q            sim PRM quality: weak, default, strong, a number in [0,1], or none`;

export interface Source {
  kind: 'sim' | 'bundle';
  bundle?: Bundle;
  /** The file a bundle came from, as the user named it (--bundle or --trace). */
  path?: string;
  problems: Problem[];
  /** A backend for a model on a problem (replays are fresh per run). */
  backendFor(model: string, problem: Problem): Backend;
  /** The models this source offers. */
  models: string[];
  prmLabel: string;
  /** Parameter counts for the FLOPs conventions. */
  policyParams(model: string): number;
  prmParams: number | null;
}

/**
 * The default set reordered level 1, 2, 3, 4, 5, 1, 2, … so that its first N problems span every
 * level evenly (the set itself is ordered by level).
 */
export function interleaveLevels(problems: readonly Problem[]): Problem[] {
  const byLevel = new Map<number, Problem[]>();
  for (const p of problems) {
    const l = p.level ?? 0;
    if (!byLevel.has(l)) byLevel.set(l, []);
    byLevel.get(l)!.push(p);
  }
  const lists = [...byLevel.entries()].sort((a, b) => a[0] - b[0]).map(([, ps]) => ps);
  const out: Problem[] = [];
  for (let i = 0; out.length < problems.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

/** A sim PRM setting from the command line. */
export function prmSetting(value: string | undefined): PrmSetting | null {
  if (value === undefined || value === 'default') return 'default';
  if (value === 'none') return null;
  if (value === 'weak' || value === 'strong') return value;
  const q = Number(value);
  if (value.trim() !== '' && Number.isFinite(q) && q >= 0 && q <= 1) return q;
  throw new UsageError(`--prm must be weak, default, strong, none or a number in [0,1] (got "${value}")`);
}

/** Resolve --bundle/--problem/--level/--problems into problems and a backend factory. */
export function resolveSource(values: Parsed['values'], defaultCount: number): Source {
  const count = values.problems === undefined ? undefined : intOption('problems', values.problems as string, defaultCount);
  const ids = listOption(values.problem as string | undefined, []);
  if (values.bundle !== undefined && values.trace !== undefined) throw new UsageError('--bundle and --trace name the same thing: give one of them');
  if (values.trace !== undefined) values = { ...values, bundle: values.trace };
  if (values.bundle) {
    if (values.level !== undefined) throw new UsageError('--level applies to sim problems, not to a --bundle');
    if (values.prm !== undefined) throw new UsageError('--prm applies to the sim; a bundle carries its own rewards');
    const bundle = readBundle(values.bundle as string);
    let problems = bundle.problems.filter((p) => bundle.pools.some((pool) => pool.problemId === p.id));
    if (ids.length) {
      const missing = ids.find((id) => !problems.some((p) => p.id === id));
      if (missing) throw new UsageError(`${values.bundle}: no pool for problem "${missing}" (it has ${problems.map((p) => p.id).slice(0, 5).join(', ')}${problems.length > 5 ? ', …' : ''})`);
      problems = problems.filter((p) => ids.includes(p.id));
    }
    if (problems.length === 0) throw new UsageError(`${values.bundle}: the bundle has no pools to replay`);
    const models = [...new Set(bundle.pools.map((p) => p.policy))];
    return {
      kind: 'bundle', bundle, path: values.bundle as string, problems: count ? problems.slice(0, count) : problems, models,
      prmLabel: 'recorded rewards',
      policyParams: (model) => bundle.models[model]?.params ?? NaN,
      prmParams: Object.values(bundle.models).find((m) => m.role === 'prm')?.params ?? null,
      backendFor: (model, problem) => new ReplayBackend(bundle, problem.id, model),
    };
  }
  const prm = prmSetting(values.prm as string | undefined);
  let problems: Problem[];
  if (ids.length) {
    problems = ids.map((id) => {
      if (!parseSimId(id)) throw new UsageError(`--problem: "${id}" is not a sim problem id (like sim-L3-0007)`);
      return simProblem(id);
    });
  } else if (values.level !== undefined) {
    const level = intOption('level', values.level as string, 1, 1, 5);
    problems = problemsByLevel(level, count ?? defaultCount);
  } else {
    problems = interleaveLevels(defaultProblemSet()).slice(0, count ?? defaultCount);
  }
  const backends = new Map<string, SimBackend>();
  return {
    kind: 'sim', problems: count ? problems.slice(0, count) : problems, models: SIM_MODEL_IDS,
    prmLabel: prm === null ? 'none' : `sim PRM: ${prmSettingLabel(prm)}`,
    policyParams: (model) => SIM_MODELS.find((m) => m.id === model)?.params ?? NaN,
    prmParams: prm === null ? null : SIM_PRM.params,
    backendFor: (model) => {
      let b = backends.get(model);
      if (!b) {
        if (!(SIM_MODEL_IDS as string[]).includes(model)) throw new UsageError(`unknown sim model "${model}" (models: ${SIM_MODEL_IDS.join(', ')})`);
        b = new SimBackend({ policy: model as SimModelId, prm });
        backends.set(model, b);
      }
      return b;
    },
  };
}

const PARAM_FLAGS: Record<string, string> = {
  n: 'n', m: 'm', width: 'width', tb: 'tb', allocation: 'allocation', preset: 'preset', aggregate: 'aggregate',
  'score-agg': 'scoreAgg', temperature: 'temperature', 'max-depth': 'maxDepth', budget: 'budget', c: 'c',
  'k-root': 'kRoot', rollout: 'rollout', dvts: 'dvts', 'vote-rule': 'voteRule',
};

export const strategyOptions = {
  strategy: { type: 'string', short: 's' },
  params: { type: 'string' },
  ...Object.fromEntries(Object.keys(PARAM_FLAGS).map((k) => [k, { type: 'string' }])),
} as const;

export const strategyHelp = `Strategy:
  --strategy NAME    greedy, sample, beam, mcts, rebase — or majority, best-of-n, weighted-majority
                     (sampling with that vote)
  --params JSON      the strategy's parameters as a JSON object, e.g. '{"width":32,"preset":"paper"}'
  --n --m --width --tb --allocation --preset --aggregate --score-agg --temperature --max-depth
  --budget --c --k-root --rollout --dvts --vote-rule
                     the same parameters one by one (see docs/decisions.md for each);
                     --vote-rule official (default) or first-vote: how votes break ties and
                     treat finished solutions without an answer`;

/** Build a validated spec from --strategy, --params and the per-parameter flags. */
export function resolveSpec(values: Parsed['values']): StrategySpec {
  const name = (values.strategy as string | undefined) ?? 'rebase';
  let params: Record<string, unknown> = {};
  if (values.params !== undefined) {
    try {
      params = JSON.parse(values.params as string);
    } catch {
      throw new UsageError(`--params is not valid JSON: ${values.params}`);
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new UsageError('--params must be a JSON object');
  }
  for (const [flag, key] of Object.entries(PARAM_FLAGS)) if (values[flag] !== undefined) params[key] = values[flag];
  try {
    if (name === 'majority' || name === 'best-of-n' || name === 'weighted-majority') {
      return parseSpec({ name: 'sample', params: { aggregate: name, ...params } });
    }
    return parseSpec({ name, params });
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(`--strategy ${name}: ${e.message}`);
    throw e;
  }
}
