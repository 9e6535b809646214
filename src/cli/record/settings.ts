/**
 * The \`record\` command's flags, all checked before anything touches the network or the disk:
 * the live backend config (keys from the environment only), the journal's record of the settings
 * (no keys), the grid and the problem set.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError, normalizeBaseUrl, parseDataset, PROMPT_PRESETS, rewardNeed, SERVER_KINDS, type LiveBackendConfig, type PrmConfig } from '../../backends/index';
import { findModelParams } from '../../search/models';
import { isSweepStrategy, specForBudget, SWEEP_STRATEGIES, type SweepStrategy } from '../../search/strategies/index';
import type { Problem } from '../../search/types';
import { SIM_MODELS, SIM_PRM } from '../../sim/index';
import { choice, intOption, listOption, UsageError, type Parsed } from '../args';
import { DEFAULT_BUDGETS } from '../commands/sweep';
import { resolveSource } from '../sources';
import type { RecordConfig } from './journal';
import { parseShard } from './work';

export const DEFAULT_RECORD_PROBLEMS = 10;
export const PRM_TYPES = ['none', 'pooling', 'shepherd-logprobs', 'shepherd-per-step', 'judge', 'json'] as const;
/** How --prm pooling reads a row (prm-pooling.ts). */
export const PRM_OUTPUTS = ['classes', 'probability', 'logit'] as const;

/** Environment variables (API keys are read from here only). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface Settings {
  config: RecordConfig;
  live: LiveBackendConfig;
  problems: Problem[];
  strategies: SweepStrategy[];
  budgets: number[];
  secrets: string[];
  prmName: string | null;
}

/** Every flag checked, before anything touches the network or the disk. */
export function settings(values: Parsed['values'], env: Env): Settings {
  const url = values.url as string | undefined;
  const model = values.model as string | undefined;
  if (!url) throw new UsageError('record needs --url (the policy server, e.g. http://127.0.0.1:8000)');
  if (!model) throw new UsageError('record needs --model (the served policy model name)');
  const baseUrl = checkedUrl('url', url);
  const params = modelParams('params', values.params as string | undefined, model);
  const format = choice('format', values.format as string | undefined, Object.keys(PROMPT_PRESETS) as (keyof typeof PROMPT_PRESETS)[], 'plain');
  const kind = values.kind === undefined ? undefined : choice('kind', values.kind as string, SERVER_KINDS, 'unknown');
  const maxStepTokens = intOption('max-step-tokens', values['max-step-tokens'] as string | undefined, 256, 1, 32768);

  const keyEnv = (values['api-key-env'] as string | undefined) ?? 'IF_API_KEY';
  const apiKey = env[keyEnv] || undefined;
  if (values['api-key-env'] !== undefined && !apiKey) throw new UsageError(`--api-key-env: the environment variable ${keyEnv} is not set`);

  const prmType = choice('prm', values.prm as string | undefined, PRM_TYPES, 'none');
  let prm: PrmConfig | null = null;
  let prmConfig: RecordConfig['prm'] = null;
  let prmName: string | null = null;
  let prmKey: string | undefined;
  const outcome = values['prm-outcome'] === true;
  const output = choice('prm-output', values['prm-output'] as string | undefined, PRM_OUTPUTS, 'classes');
  if (values['prm-output'] !== undefined && prmType !== 'pooling') throw new UsageError(`--prm-output applies to --prm pooling only (got --prm ${prmType})`);
  if (outcome && prmType === 'none') throw new UsageError('--prm-outcome needs a PRM (--prm …)');
  // Only what differs from the defaults joins the journal's config, so older journals still resume.
  const scope = { ...(outcome ? { outcome: 1 } : {}), ...(output !== 'classes' ? { output } : {}) };
  if (prmType !== 'none') {
    const prmEnv = (values['prm-api-key-env'] as string | undefined) ?? 'IF_PRM_API_KEY';
    prmKey = env[prmEnv] || undefined;
    if (values['prm-api-key-env'] !== undefined && !prmKey) throw new UsageError(`--prm-api-key-env: the environment variable ${prmEnv} is not set`);
    const prmModel = values['prm-model'] as string | undefined;
    if (prmType === 'json') {
      const endpoint = values['prm-url'] as string | undefined;
      if (!endpoint) throw new UsageError('--prm json needs --prm-url, the endpoint URL (e.g. http://127.0.0.1:8000/prm)');
      const origin = new URL(checkedUrl('prm-url', endpoint)).origin;
      prmKey ??= origin === new URL(baseUrl).origin ? apiKey : undefined;
      prmName = prmModel ?? 'JSON PRM';
      const prmParams = modelParams('prm-params', values['prm-params'] as string | undefined, prmName);
      prm = { type: 'json', url: endpoint, name: prmName, params: prmParams, apiKey: prmKey, ...(outcome ? { outcome } : {}) };
      prmConfig = { type: 'json', url: endpoint, name: prmName, params: prmParams, ...scope };
    } else {
      if (!prmModel) throw new UsageError(`--prm ${prmType} needs --prm-model (the served PRM model name)`);
      const prmBase = checkedUrl('prm-url', (values['prm-url'] as string | undefined) ?? url);
      prmKey ??= new URL(prmBase).origin === new URL(baseUrl).origin ? apiKey : undefined;
      prmName = prmModel;
      const prmParams = modelParams('prm-params', values['prm-params'] as string | undefined, prmModel);
      prm = { type: prmType, baseUrl: prmBase, model: prmModel, params: prmParams, apiKey: prmKey, ...(kind ? { kind } : {}), ...(outcome ? { outcome } : {}), ...(output !== 'classes' ? { output } : {}) } as PrmConfig;
      prmConfig = { type: prmType, baseUrl: prmBase, model: prmModel, params: prmParams, ...scope };
    }
  }

  const strategies = listOption(values.strategies as string | undefined, ['rebase']);
  for (const st of strategies) if (!isSweepStrategy(st)) throw new UsageError(`--strategies: unknown strategy "${st}" (strategies: ${SWEEP_STRATEGIES.join(', ')})`);
  const budgets = [...new Set(listOption(values.budgets as string | undefined, DEFAULT_BUDGETS.map(String)).map((b) => intOption('budgets', b, 1, 1, 4096)))].sort((a, b) => a - b);
  if (prm === null) {
    for (const st of strategies as SweepStrategy[]) {
      const need = rewardNeed(specForBudget(st, budgets[0]));
      if (need) throw new UsageError(`--strategies ${st}: ${need}, and no PRM is set (--prm ${PRM_TYPES.slice(1).join('|')})`);
    }
  }
  const seed = intOption('seed', values.seed as string | undefined, 0, 0, 2 ** 32 - 1);
  const subsample = !values['no-subsample'];
  const { problems, source } = problemSet(values);
  const shard = parseShard(values.shard as string | undefined);

  const config: RecordConfig = {
    policy: { baseUrl, model, params, format, ...(kind ? { kind } : {}), maxStepTokens },
    prm: prmConfig,
    grid: { strategies: SWEEP_STRATEGIES.filter((x) => strategies.includes(x)), budgets, seed, subsample },
    problems: { source, count: problems.length, digest: digest(problems) },
    shard,
  };
  const live: LiveBackendConfig = {
    policy: { baseUrl, model, params, format, apiKey, ...(kind ? { kind } : {}) },
    prm,
    http: { concurrency: intOption('requests', values.requests as string | undefined, 16, 1, 4096) },
  };
  return { config, live, problems, strategies: config.grid.strategies as SweepStrategy[], budgets, secrets: [apiKey, prmKey].filter((k): k is string => !!k), prmName };
}

function checkedUrl(flag: string, url: string): string {
  try {
    return normalizeBaseUrl(url);
  } catch (e) {
    throw new UsageError(`--${flag}: ${(e as Error).message}`);
  }
}

/** A parameter count from the flag, the sim ladder or the model registry. */
function modelParams(flag: string, value: string | undefined, name: string): number {
  if (value !== undefined) {
    const n = Number(value);
    if (!(Number.isFinite(n) && n > 0)) throw new UsageError(`--${flag} must be a positive number such as 7e9 (got "${value}")`);
    return n;
  }
  const known = SIM_MODELS.find((m) => m.id === name)?.params ?? (name === SIM_PRM.name ? SIM_PRM.params : undefined) ?? findModelParams(name);
  if (known === undefined) throw new UsageError(`"${name}" is not in the model registry: give its parameter count with --${flag} (needed for FLOPs)`);
  return known;
}

function problemSet(values: Parsed['values']): { problems: Problem[]; source: string } {
  const file = values.dataset as string | undefined;
  if (file === undefined) {
    const sim = resolveSource({ problem: values.problem, level: values.level, problems: values.problems }, DEFAULT_RECORD_PROBLEMS);
    return { problems: sim.problems, source: 'sim' };
  }
  if (values.level !== undefined) throw new UsageError('--level applies to sim problems, not to a --dataset');
  let text: string;
  try {
    const bytes = readFileSync(file);
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let problems: Problem[];
  try {
    problems = parseDataset(text);
  } catch (e) {
    if (e instanceof DatasetError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const ids = listOption(values.problem as string | undefined, []);
  if (ids.length) {
    const missing = ids.find((id) => !problems.some((p) => p.id === id));
    if (missing) throw new UsageError(`--problem: ${file} has no problem "${missing}" (ids look like ${problems[0]?.id ?? '?'})`);
    problems = problems.filter((p) => ids.includes(p.id));
  }
  if (values.problems !== undefined) problems = problems.slice(0, intOption('problems', values.problems as string, problems.length));
  if (problems.length === 0) throw new UsageError(`${file}: no problems to record`);
  return { problems, source: `dataset:${basename(file)}` };
}

/** A fingerprint of the problem set (ids, questions, gold answers), so a resume records the same one. */
function digest(problems: readonly Problem[]): string {
  const h = createHash('sha256');
  for (const p of problems) h.update(`${p.id}\u0000${p.question}\u0000${p.answer}\u0001`);
  return h.digest('hex').slice(0, 16);
}
