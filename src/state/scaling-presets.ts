/**
 * The Scaling view's presets and the canonical form of a setup. A preset is a whole setup; a link
 * names the preset its setup equals (`preset=default`), and a setup that differs from every preset
 * is "custom". Canonical form (sorted, de-duplicated lists) makes equal setups compare and encode
 * equal, whatever order the toggles were pressed in.
 */
import { SWEEP_STRATEGIES, type SweepStrategy } from '../search/strategies/index';
import { SIM_MODELS } from '../sim/index';
import { modelsFor } from './catalog';
import { DEFAULT_SETUP, type ScalingSetup } from './scaling-store';
import { formatSource } from './url-values';

export const PRESET_IDS = ['default', 'paper-fig4', 'quick'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface ScalingPreset {
  id: PresetId;
  label: string;
  /** One sentence for the preset picker's hint. */
  description: string;
  setup: ScalingSetup;
}

const ALL_STRATEGIES: SweepStrategy[] = [...SWEEP_STRATEGIES];

/**
 * The presets. "Paper Figure 4" lays the sim out like the paper's Figure 4 (Llemma-7B against
 * Llemma-34B → sim-7B and sim-34B, every strategy). MCTS runs 8·n generated nodes at budget n, so
 * n = 4, 8 and 16 are the paper's 32, 64 and 128 node budgets; a sweep has one budget list for
 * every strategy, so MCTS also runs at the preset's other n (docs/scaling.md).
 */
export const PRESETS: readonly ScalingPreset[] = [
  {
    id: 'default', label: 'Default',
    description: 'The two sizes the paper measured (sim-7B, sim-34B), all seven strategies, n = 1–32, 200 problems: done within seconds.',
    setup: DEFAULT_SETUP,
  },
  {
    id: 'paper-fig4', label: 'Paper Figure 4',
    description: 'Two model sizes like Llemma-7B vs 34B (sim-7B, sim-34B), every strategy, n = 1–64, 100 problems. MCTS at n = 4/8/16 is the paper\'s 32/64/128 nodes.',
    setup: { ...DEFAULT_SETUP, models: ['sim-7B', 'sim-34B'], strategies: ALL_STRATEGIES, budgets: [1, 2, 4, 8, 16, 32, 64], count: 100 },
  },
  {
    id: 'quick', label: 'Quick',
    description: 'One model (sim-7B), all seven strategies, n = 1–16, 50 problems.',
    setup: { ...DEFAULT_SETUP, models: ['sim-7B'], budgets: [1, 2, 4, 8, 16], count: 50 },
  },
];

/** A preset by id (`default` for anything else). */
export function presetById(id: string): ScalingPreset {
  return PRESETS.find((p) => p.id === id) ?? PRESETS[0];
}

const ascending = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** The order models are listed in: the source's (the sim's ladder), unknown ids last by name. */
function modelOrder(setup: ScalingSetup): string[] {
  const known = setup.source.kind === 'sim' ? SIM_MODELS.map((m) => m.id as string) : modelsFor(setup.source).map((m) => m.id);
  const rank = (id: string) => {
    const i = known.indexOf(id);
    return i < 0 ? known.length : i;
  };
  return [...new Set(setup.models)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The setup with its lists sorted and de-duplicated (models in the source's order). */
export function canonicalSetup(setup: ScalingSetup): ScalingSetup {
  // `official` is the default vote rule: stored as an absent field, so old and new setups agree.
  const { voteRule, ...rest } = setup;
  return {
    ...rest,
    ...(voteRule === 'first-vote' ? { voteRule } : {}),
    models: modelOrder(setup),
    strategies: SWEEP_STRATEGIES.filter((s) => setup.strategies.includes(s)),
    budgets: ascending(setup.budgets),
    levels: ascending(setup.levels),
    seeds: ascending(setup.seeds),
  };
}

/** A setup as a stable string (equal setups, equal keys). */
export function setupKey(setup: ScalingSetup): string {
  const c = canonicalSetup(setup);
  // The vote rule only when it is not the default, so the keys of older setups are unchanged.
  return JSON.stringify([formatSource(c.source), c.models, c.strategies, c.budgets, c.levels, c.count, c.seeds, c.subsample, c.prm, ...(c.voteRule ? [c.voteRule] : [])]);
}

/** Whether two setups run the same sweep. */
export function sameSetup(a: ScalingSetup, b: ScalingSetup): boolean {
  return setupKey(a) === setupKey(b);
}

/** The preset a setup equals, or null ("custom"). */
export function presetOf(setup: ScalingSetup): PresetId | null {
  const key = setupKey(setup);
  return PRESETS.find((p) => setupKey(p.setup) === key)?.id ?? null;
}
