/**
 * Which strategies a source can run without PRM rewards, and why not — one wording for the
 * Explorer's strategy controls and for `checkParams`, built on `rewardNeed` /
 * `blockedWithoutPrm` (src/backends/reward-need.ts), the single source of the reasons.
 */
import { blockedWithoutPrm, rewardNeed } from '../backends/reward-need';
import { defaultSpec, type StrategyName, type StrategySpec } from '../search/strategies/index';
import { prmModelFor } from './catalog';
import type { ExplorerParams } from './explorer-store';

export { rewardNeed };

/** Whether the run described by `params` has PRM rewards (sim PRM on, a trace with rewards, a live PRM). */
export function hasRewards(params: ExplorerParams): boolean {
  return prmModelFor(params) !== null;
}

/**
 * Why `spec` cannot run on `params`' source, as a sentence for a disabled control, or null when it
 * can: "REBASE splits its width by PRM rewards, and this backend has no PRM (add one in the
 * Backends panel)" for a live server; "… , and the PRM is off" on the sim; "… , and this trace
 * has no PRM rewards" for a bundle.
 */
export function rewardBlock(params: ExplorerParams, spec: StrategySpec): string | null {
  if (hasRewards(params)) return null;
  if (params.source.kind === 'live') return blockedWithoutPrm(spec, { prm: null });
  const need = rewardNeed(spec);
  if (need === null) return null;
  const sentence = `${need[0].toUpperCase()}${need.slice(1)}`;
  return params.source.kind === 'sim' ? `${sentence}, and the PRM is off` : `${sentence}, and this trace has no PRM rewards`;
}

/**
 * The spec the strategy picker switches to for `name` on `params`' source: the defaults, with a
 * plain majority vote for sampling when there are no rewards (so that choice stays available).
 */
export function pickableSpec(params: ExplorerParams, name: StrategyName): StrategySpec {
  const spec = defaultSpec(name);
  if (spec.name === 'sample' && !hasRewards(params)) return { name: 'sample', params: { ...spec.params, aggregate: 'majority' } };
  return spec;
}

/** A spec that runs without rewards, for a source switched to without a PRM: `spec` itself when it can. */
export function runnableSpec(params: ExplorerParams, spec: StrategySpec): StrategySpec {
  if (rewardBlock(params, spec) === null) return spec;
  return pickableSpec(params, 'sample');
}
