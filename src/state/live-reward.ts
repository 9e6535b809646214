/**
 * Which strategies a source can run without PRM rewards, and why not — one wording for the
 * Explorer's strategy controls and for `checkParams`, built on `rewardNeed` /
 * `blockedWithoutPrm` (src/backends/reward-need.ts), the single source of the reasons.
 */
import { blockedWithoutPrm, rewardNeed } from '../backends/reward-need';
import { defaultSpec, type StrategyName, type StrategySpec } from '../search/strategies/index';
import { resolveContinuation, resolveDialect, stepwiseBlock } from '../backends/dialect';
import { prmModelFor } from './catalog';
import type { ExplorerParams } from './explorer-store';
import { liveServer } from './live-store';

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
  const step = stepBlock(params, spec);
  if (step !== null) return step;
  if (hasRewards(params)) return null;
  if (params.source.kind === 'live') return blockedWithoutPrm(spec, { prm: null });
  const need = rewardNeed(spec);
  if (need === null) return null;
  const sentence = `${need[0].toUpperCase()}${need.slice(1)}`;
  return params.source.kind === 'sim' ? `${sentence}, and the PRM is off` : `${sentence}, and this trace has no PRM rewards`;
}

const STEP_NAMES: Partial<Record<StrategySpec['name'], string>> = { beam: 'Beam search', mcts: 'MCTS', rebase: 'REBASE' };

/**
 * Why a step-level strategy (beam, MCTS, REBASE) cannot run on a live server, or null: the chat
 * dialect without assistant-prefix continuation starts a new answer on every call (issue 13).
 * Sampling strategies (greedy, voting, best-of-N) draw whole solutions and always run.
 */
export function stepBlock(params: ExplorerParams, spec: StrategySpec): string | null {
  const name = STEP_NAMES[spec.name];
  if (!name || params.source.kind !== 'live') return null;
  const server = liveServer(params.source.id);
  if (!server) return null;
  const { dialect } = resolveDialect(server.dialect ?? undefined, server.kind);
  const { continuation } = resolveContinuation(server.continuation ?? undefined, server.kind);
  const why = stepwiseBlock(dialect, continuation);
  return why === null ? null : `${name} extends partial solutions, and ${why} (set the continuation in the Backends panel if the server has one)`;
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
