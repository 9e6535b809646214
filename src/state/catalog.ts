/**
 * What each source offers: its problems and policy models. The sim's come from src/sim; a bundle's
 * from the `BundleSummary` the worker returned when it loaded the file (the bundle itself stays in
 * the worker). Loaded summaries are kept here by source ("fixture:sim-rebase", "file:my.trace.json")
 * for the page's life, so switching back to a loaded source needs no reload.
 */
import { defaultSpec, type StrategySpec } from '../search/strategies/index';
import type { Problem } from '../search/types';
import { defaultProblemSet, isHypotheticalModel, modelLabel, parseSimId, SIM_MODELS, SIM_PRM, simProblem } from '../sim/index';
import { getSearchBridge } from '../workers/bridge';
import type { BundleSummary } from '../workers/protocol';
import type { ExplorerParams, SourceRef } from './explorer-store';
import { policyParamsOf, prmInfoOf } from './live-config';
import { liveServer, useLive } from './live-store';
import { checkSpec } from './spec-query';
import { formatSource } from './url-values';

/** A policy model a source offers. */
export interface CatalogModel {
  id: string;
  name: string;
  /** Parameter count, for FLOPs. */
  params: number;
  /** What it stands for (sim: its real-world analogue). */
  note?: string;
}

/** A trace bundle shipped with the app (fixtures/), served as a static asset. */
export interface Fixture {
  /** File stem, as in `src=fixture:<name>`. */
  name: string;
  url: string;
}

// Eager: the values are just asset URLs, and a lazy glob would add one tiny chunk per fixture.
const fixtureUrls = import.meta.glob('../../fixtures/*.trace.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** The shipped fixtures, by name. */
export const FIXTURES: readonly Fixture[] = Object.entries(fixtureUrls)
  .map(([path, url]) => ({ name: path.replace(/^.*\//, '').replace(/\.trace\.json$/, ''), url }))
  .sort((a, b) => a.name.localeCompare(b.name));

const bundles = new Map<string, BundleSummary>();

/** The sources that are a loaded bundle (a recording is one once opened). */
export type BundleSource = Exclude<SourceRef, { kind: 'sim' } | { kind: 'live' }>;

/** Remember a loaded bundle under its source (a later load of the same name replaces it). */
export function registerBundle(source: BundleSource, summary: BundleSummary): void {
  bundles.set(formatSource(source), summary);
}

/** The loaded bundle of a source; undefined for the sim, a live server, or a source not loaded yet. */
export function bundleFor(source: SourceRef): BundleSummary | undefined {
  return source.kind === 'sim' || source.kind === 'live' ? undefined : bundles.get(formatSource(source));
}

/**
 * Whether a source's problems are the sim's: the sim itself, and a live server while no dataset
 * is loaded (serve-sim reads them; any server can be given them as word problems).
 */
export function usesSimProblems(source: SourceRef): boolean {
  return source.kind === 'sim' || (source.kind === 'live' && useLive.getState().dataset === null);
}

/** The problems of a source: the sim's default set (500, levels 1–5), a live dataset's, or a bundle's. */
export function problemsFor(source: SourceRef): readonly Problem[] {
  if (usesSimProblems(source)) return defaultProblemSet();
  if (source.kind === 'live') return useLive.getState().dataset?.problems ?? [];
  return bundleFor(source)?.problems ?? [];
}

/** One problem of a source. Any valid sim id works, not only the default set's. */
export function problemFor(source: SourceRef, id: string): Problem | undefined {
  if (usesSimProblems(source)) return parseSimId(id) ? simProblem(id) : undefined;
  if (source.kind === 'live') return useLive.getState().dataset?.problems.find((p) => p.id === id);
  return bundleFor(source)?.problems.find((p) => p.id === id);
}

// The name says "(hypothetical)" for the sim models that extrapolate (sim/labels.ts).
const SIM_CATALOG: readonly CatalogModel[] = SIM_MODELS.map((m) => ({ id: m.id, name: modelLabel(m.id), params: m.params, note: m.analogue }));

/** The policy models of a source: the sim ladder, or a bundle's models with role 'policy'. */
export function modelsFor(source: SourceRef): readonly CatalogModel[] {
  if (source.kind === 'sim') return SIM_CATALOG;
  if (source.kind === 'live') {
    const server = liveServer(source.id);
    return server ? [{ id: server.model, name: server.model, params: policyParamsOf(server) ?? 0, note: `live: ${server.name} (${server.baseUrl})` }] : [];
  }
  const models = bundleFor(source)?.models ?? {};
  // A bundle recorded from the sim keeps the sim's ids, so its small models are hypothetical too.
  return Object.entries(models).filter(([, m]) => m.role === 'policy')
    .map(([id, m]) => ({ id, name: isHypotheticalModel(id) ? modelLabel(id) : m.name, params: m.params }));
}

/** Parameter count of the run's policy model (for FLOPs labels); null when unknown. */
export function policyParamsFor(params: ExplorerParams): number | null {
  return modelsFor(params.source).find((m) => m.id === params.model)?.params ?? null;
}

/** The run's PRM (name and parameter count), null when it runs without one. */
export function prmModelFor(params: ExplorerParams): { name: string; params: number } | null {
  if (params.source.kind === 'sim') return params.prm === 'none' ? null : { ...SIM_PRM };
  if (params.source.kind === 'live') {
    const server = liveServer(params.source.id);
    return server ? prmInfoOf(server) : null;
  }
  const prm = Object.values(bundleFor(params.source)?.models ?? {}).find((m) => m.role === 'prm');
  return prm ? { name: prm.name, params: prm.params } : null;
}

/** The pool size assumed for a bundle without recorded runs (the fixtures' and a common choice). */
const POOL_GUESS = 16;

/**
 * What to show first of a freshly loaded bundle: its first problem and policy model, and a
 * strategy its pools can serve — the first recorded run's strategy and seed for that problem;
 * otherwise sampling (weighted vote with a PRM, majority without one), since a pool of sampled
 * solutions cannot feed a tree search's widths. A shortfall still shows as "incomplete".
 */
export function bundleDefaults(summary: BundleSummary, seed: number): Pick<ExplorerParams, 'model' | 'problemId' | 'spec' | 'seed'> {
  const problemId = summary.problems[0]?.id ?? '';
  const model = Object.entries(summary.models).find(([, m]) => m.role === 'policy')?.[0] ?? '';
  const run = summary.runs.find((r) => r.problemId === problemId);
  if (run) {
    try {
      return { model, problemId, spec: checkSpec(run.strategy), seed: run.seed };
    } catch {
      // A recorded strategy this build does not know (or too large to draw): fall through.
    }
  }
  const hasPrm = Object.values(summary.models).some((m) => m.role === 'prm');
  const spec: StrategySpec = { name: 'sample', params: { ...defaultSpec('sample').params, n: POOL_GUESS, aggregate: hasPrm ? 'weighted-majority' : 'majority' } };
  return { model, problemId, spec, seed };
}

/** Fetch a shipped fixture and load it into the worker; throws with a readable message. */
export async function loadFixture(name: string): Promise<BundleSummary> {
  const fixture = FIXTURES.find((f) => f.name === name);
  if (!fixture) throw new Error(`There is no built-in trace named "${name}" (built in: ${FIXTURES.map((f) => f.name).join(', ') || 'none'}).`);
  const res = await fetch(fixture.url);
  if (!res.ok) throw new Error(`The built-in trace ${name} could not be fetched (HTTP ${res.status}).`);
  const summary = await getSearchBridge().loadBundle(`${name}.trace.json`, await res.text());
  registerBundle({ kind: 'fixture', name }, summary);
  return summary;
}

/**
 * Read a Library recording from IndexedDB and load it into the worker as a bundle (replayed like
 * any trace); throws with a readable message when it is gone.
 */
export async function loadRecording(id: string): Promise<BundleSummary> {
  const [{ recordingToBundle }, { serializeBundle }] = await Promise.all([import('./recording-db'), import('../trace/index')]);
  const bundle = await recordingToBundle(id);
  const summary = await getSearchBridge().loadBundle(`${id}.trace.json`, serializeBundle(bundle));
  registerBundle({ kind: 'recording', id }, summary);
  return summary;
}
