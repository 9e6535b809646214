/**
 * A sweep setup against what its source offers: validation of setups set from code (the panel),
 * the problems a setup picks, and the worker request and FLOPs parameters it turns into. The
 * URL's own checks live in scaling-url.ts.
 */
import { VOTE_RULES } from '../search/aggregate';
import type { SummaryOptions } from '../search/sweep-summary';
import { isSweepStrategy } from '../search/strategies/index';
import type { Problem } from '../search/types';
import { prmQuality, SIM_PRM } from '../sim/index';
import type { SweepRequest, SweepSource } from '../workers/sweep-protocol';
import { bundleFor, modelsFor, problemsFor } from './catalog';
import { canonicalSetup } from './scaling-presets';
import { BUDGETS, LEVELS, MAX_COUNT, MAX_SEEDS, type ScalingSetup } from './scaling-store';
import { formatSource, SEED_MAX, shown } from './url-values';

export type CheckedSetup = { ok: true; setup: ScalingSetup; notices: string[] } | { ok: false; error: string };

/** Problems of a source at the chosen levels, grouped by level (a bundle problem without a level is kept). */
function groups(source: ScalingSetup['source'], levels: readonly number[]): Problem[][] {
  const byLevel = new Map<number, Problem[]>();
  for (const p of problemsFor(source)) {
    const level = p.level ?? 0;
    if (level !== 0 && !levels.includes(level)) continue;
    const g = byLevel.get(level);
    if (g) g.push(p);
    else byLevel.set(level, [p]);
  }
  return [...byLevel.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/** How many problems the chosen levels of a source hold. */
export function availableProblems(source: ScalingSetup['source'], levels: readonly number[]): number {
  return groups(source, levels).reduce((n, g) => n + g.length, 0);
}

/**
 * The problems a setup runs: `count` problems spread evenly over the chosen levels (the first of
 * each level in the source's order), interleaved level by level so any prefix — what a partial
 * sweep has finished — covers every level alike.
 */
export function problemIdsFor(setup: Pick<ScalingSetup, 'source' | 'levels' | 'count'>): string[] {
  const gs = groups(setup.source, setup.levels);
  const out: string[] = [];
  const longest = Math.max(0, ...gs.map((g) => g.length));
  for (let i = 0; i < longest && out.length < setup.count; i++) {
    for (const g of gs) if (i < g.length && out.length < setup.count) out.push(g[i].id);
  }
  return out;
}

const isWhole = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;

/**
 * Check every field of a setup against its source; on success it comes back canonical, with
 * `count` lowered to what the levels hold (and a notice saying so). The error names the field.
 */
export function checkSetup(input: ScalingSetup): CheckedSetup {
  const s = canonicalSetup(input);
  const where = formatSource(s.source);
  if (s.source.kind !== 'sim' && !bundleFor(s.source)) return { ok: false, error: `source ${where} is not loaded (load the trace first)` };
  const models = modelsFor(s.source).map((m) => m.id);
  if (s.models.length === 0) return { ok: false, error: 'choose at least one model' };
  const stranger = s.models.find((m) => !models.includes(m));
  if (stranger !== undefined) return { ok: false, error: `model "${shown(String(stranger))}" is not a policy model of ${where} (${models.join(', ')})` };
  if (s.strategies.length === 0 || !input.strategies.every((x) => isSweepStrategy(String(x)))) return { ok: false, error: 'choose at least one strategy (greedy, majority, best-of-n, weighted-majority, beam, mcts, rebase)' };
  if (s.budgets.length === 0 || !s.budgets.every((b) => (BUDGETS as readonly number[]).includes(b))) return { ok: false, error: `budgets are powers of two from 1 to 256 (at least one), got ${shown(s.budgets.join(','))}` };
  if (s.levels.length === 0 || !s.levels.every((l) => (LEVELS as readonly number[]).includes(l))) return { ok: false, error: `levels are 1 to 5 (at least one), got ${shown(s.levels.join(','))}` };
  if (!isWhole(s.count, 1, MAX_COUNT)) return { ok: false, error: `count ${shown(String(s.count))} is not a whole number from 1 to ${MAX_COUNT}` };
  if (s.seeds.length === 0 || s.seeds.length > MAX_SEEDS || !s.seeds.every((x) => isWhole(x, 0, SEED_MAX))) return { ok: false, error: `seeds are 1 to ${MAX_SEEDS} whole numbers from 0 to ${SEED_MAX}` };
  if (typeof s.subsample !== 'boolean') return { ok: false, error: 'sub-sampling is on or off' };
  if (input.voteRule !== undefined && !(VOTE_RULES as readonly unknown[]).includes(input.voteRule)) return { ok: false, error: `vote ties are ${VOTE_RULES.join(' or ')}, got ${shown(String(input.voteRule))}` };
  try {
    prmQuality(s.prm);
  } catch {
    return { ok: false, error: `PRM ${shown(String(s.prm))} is not weak, default, strong or a number in [0, 1] (a sweep needs a PRM)` };
  }
  const available = availableProblems(s.source, s.levels);
  if (available === 0) return { ok: false, error: `${where} has no problems at level${s.levels.length > 1 ? 's' : ''} ${s.levels.join(', ')}` };
  if (s.count > available) {
    return { ok: true, setup: { ...s, count: available }, notices: [`Count lowered from ${s.count} to ${available}: that is all the chosen levels hold`] };
  }
  return { ok: true, setup: s, notices: [] };
}

/** The worker's request for a checked setup. */
export function sweepRequestOf(setup: ScalingSetup): SweepRequest {
  const bundle = bundleFor(setup.source);
  const source: SweepSource = bundle ? { kind: 'bundle', bundleKey: bundle.key } : { kind: 'sim', prm: setup.prm };
  return {
    source, models: [...setup.models], strategies: [...setup.strategies], budgets: [...setup.budgets],
    problemIds: problemIdsFor(setup), seeds: [...setup.seeds], subsample: setup.subsample,
    ...(setup.voteRule === 'first-vote' ? { voteRule: setup.voteRule } : {}),
  };
}

/** Parameter counts of a setup's models and PRM, for FLOPs under the other conventions. */
export function flopsParamsOf(setup: ScalingSetup): Required<Pick<SummaryOptions, 'policyParams' | 'prmParams'>> {
  const params = new Map(modelsFor(setup.source).map((m) => [m.id, m.params]));
  const bundle = bundleFor(setup.source);
  const prm = bundle ? Object.values(bundle.models).find((m) => m.role === 'prm') : SIM_PRM;
  return { policyParams: (model) => params.get(model) ?? Number.NaN, prmParams: prm ? prm.params : null };
}
