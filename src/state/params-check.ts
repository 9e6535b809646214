/**
 * Validation of Explorer parameters that come from code (the panels, `setParams`) rather than a
 * URL, against what the source offers (catalog.ts), and the run request they turn into. The
 * URL's own checks live in url-codec.ts; both use `checkSpec`, so a spec valid in one is valid in
 * the other.
 */
import { SpecError } from '../search/strategies/index';
import type { RunRequest } from '../workers/protocol';
import { DEFAULT_PARAMS, type ExplorerParams, type SourceRef } from './explorer-store';
import { bundleDefaults, bundleFor, modelsFor, problemFor, problemsFor } from './catalog';
import { policyParamsOf, toBackendConfig } from './live-config';
import { rewardBlock, runnableSpec } from './live-reward';
import { liveKeys, liveServer } from './live-store';
import { checkSpec, specReason } from './spec-query';
import { formatSource, isPrmChoice, SEED_MAX, shown } from './url-values';

export type Checked = { ok: true; params: ExplorerParams } | { ok: false; error: string };

/**
 * Check every field of `p` against its source; on success the spec comes back in canonical form
 * (defaults filled in). The error names the field and the value, e.g.
 * `model "gpt-9" is not a policy model of fixture:sim-rebase (sim-7B)`.
 */
export function checkParams(p: ExplorerParams): Checked {
  const src = p.source;
  const where = formatSource(src);
  if (src.kind === 'live') {
    const server = liveServer(src.id);
    if (!server) return { ok: false, error: `there is no live server "${shown(src.id)}" on this computer (add it in the Backends panel)` };
    if (policyParamsOf(server) === null) return { ok: false, error: `the parameter count of ${shown(server.model)} is unknown (give it in the Backends panel; FLOPs need it)` };
  } else if (src.kind !== 'sim' && !bundleFor(src)) {
    return { ok: false, error: `source ${where} is not loaded (load the trace first)` };
  }
  const models = modelsFor(src).map((m) => m.id);
  if (!models.includes(p.model)) return { ok: false, error: `model "${shown(String(p.model))}" is not a policy model of ${where} (${models.join(', ')})` };
  if (src.kind === 'sim' && !isPrmChoice(p.prm)) return { ok: false, error: `prm ${shown(String(p.prm))} is not weak, default, strong, none or a number in [0, 1]` };
  if (typeof p.problemId !== 'string' || !problemFor(src, p.problemId)) return { ok: false, error: `problem "${shown(String(p.problemId))}" is not a problem of ${where}` };
  if (!(Number.isInteger(p.seed) && p.seed >= 0 && p.seed <= SEED_MAX)) return { ok: false, error: `seed ${shown(String(p.seed))} is not a whole number from 0 to ${SEED_MAX}` };
  try {
    const checked = { ...p, spec: checkSpec(p.spec) };
    // A live run costs server time: one that would end at once for want of rewards is not started.
    const blocked = src.kind === 'live' ? rewardBlock(checked, checked.spec) : null;
    if (blocked) return { ok: false, error: blocked };
    return { ok: true, params: checked };
  } catch (err) {
    return { ok: false, error: err instanceof SpecError ? `${specReason(err)} (got ${shown(JSON.stringify(p.spec))})` : String(err) };
  }
}

/**
 * What switching to a source starts with: on the sim, its default model and problem (any strategy
 * runs there, so the spec stays); on a loaded bundle, `bundleDefaults` — its first problem and
 * model and a strategy and seed its pools can serve.
 */
export function sourceStart(source: SourceRef, seed: number, current: ExplorerParams = DEFAULT_PARAMS): Partial<ExplorerParams> & Pick<ExplorerParams, 'model' | 'problemId'> {
  if (source.kind === 'live') {
    // Keep the problem when the live source has it (the sim's problems without a dataset), and
    // the strategy when the server can run it.
    const model = liveServer(source.id)?.model ?? '';
    const problemId = problemFor(source, current.problemId) ? current.problemId : (problemsFor(source)[0]?.id ?? '');
    return { model, problemId, spec: runnableSpec({ ...current, source, model, problemId }, current.spec) };
  }
  const bundle = bundleFor(source);
  if (!bundle) return { model: DEFAULT_PARAMS.model, problemId: DEFAULT_PARAMS.problemId };
  return bundleDefaults(bundle, seed);
}

/**
 * Fit a link's model and problem to a bundle that has just loaded: an empty id (the link did not
 * name one) takes the bundle's first quietly; an id the bundle lacks takes it with a notice.
 */
export function fitToBundle(p: ExplorerParams): { params: ExplorerParams; notices: string[] } {
  const start = sourceStart(p.source, p.seed);
  const notices: string[] = [];
  const models = modelsFor(p.source).map((m) => m.id);
  let { model, problemId } = p;
  if (!models.includes(model)) {
    if (model) notices.push(`"model=${shown(model)}" is not a policy model of ${formatSource(p.source)} — using ${start.model}`);
    model = start.model;
  }
  if (!problemFor(p.source, problemId)) {
    if (problemId) notices.push(`"problem=${shown(problemId)}" is not a problem of ${formatSource(p.source)} — using ${start.problemId}`);
    problemId = start.problemId;
  }
  return { params: { ...p, model, problemId }, notices };
}

/** The worker's request for a run of these (checked) parameters. */
export function runRequestOf(p: ExplorerParams): RunRequest {
  if (p.source.kind === 'live') {
    const server = liveServer(p.source.id);
    const problem = problemFor(p.source, p.problemId);
    if (!server || !problem) throw new Error(`the live server "${p.source.id}" or the problem "${p.problemId}" is gone`);
    // The keys join the config here, in the worker message only; nothing keeps this request.
    return { source: { kind: 'live', config: toBackendConfig(server, liveKeys(server.id)), problem }, problemId: p.problemId, spec: p.spec, seed: p.seed };
  }
  const bundle = bundleFor(p.source);
  const source: RunRequest['source'] = bundle
    ? { kind: 'bundle', bundleKey: bundle.key, model: p.model }
    : { kind: 'sim', model: p.model, prm: p.prm === 'none' ? null : p.prm };
  return { source, problemId: p.problemId, spec: p.spec, seed: p.seed };
}

/** Whether two parameter sets describe the same run. */
export function sameRun(a: ExplorerParams, b: ExplorerParams): boolean {
  return formatSource(a.source) === formatSource(b.source) && a.model === b.model && a.prm === b.prm
    && a.problemId === b.problemId && a.seed === b.seed && JSON.stringify(a.spec) === JSON.stringify(b.spec);
}
