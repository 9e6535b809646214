/**
 * The Compare view's URL codec:
 *
 *   ?view=compare&problem=sim-L3-0002&model=sim-7B&prm=default&seed=0
 *    &panes=rebase:width=16|mcts:budget=64|sample|beam&unit=flops&c=1.2e12&sync=1
 *
 * `panes` lists 2–4 strategies, `|`-separated, each `name` or `name:key=value,key=value` with only
 * the parameters that differ from the defaults (spec-query.ts, the Explorer's own checks). The
 * panes share the sim problem, model, PRM and seed. `c` is the playhead in the unit (absent = play
 * from the start). Decoding never throws: a bad value falls back with a notice naming it.
 */
import { defaultSpec, STRATEGY_NAMES, type StrategyName, type StrategySpec } from '../search/strategies/index';
import { parseSimId, SIM_MODELS } from '../sim/index';
import { COMPARE_UNITS, type CompareUnit } from './compare-timeline';
import { DEFAULT_PARAMS, type PrmChoice } from './explorer-store';
import { specFromQuery, specToQuery } from './spec-query';
import { firstValues, parseNumber, parsePrm, parseWhole, parseWord, SEED_MAX, shown, valueReader, type Parsed } from './url-values';

export const MIN_PANES = 2;
export const MAX_PANES = 4;

/** Everything a Compare link says. */
export interface CompareUrlState {
  problemId: string;
  model: string;
  prm: PrmChoice;
  seed: number;
  panes: StrategySpec[];
  unit: CompareUnit;
  /** Playhead (compute in `unit`), or null: play from the start. */
  c: number | null;
  sync: boolean;
}

/** The default line-up: REBASE, MCTS and weighted majority at comparable sizes. */
export function defaultPanes(): StrategySpec[] {
  const rebase = defaultSpec('rebase');
  const mcts = defaultSpec('mcts');
  const sample = defaultSpec('sample');
  return [
    { ...rebase, params: { ...rebase.params, width: 16 } },
    mcts,
    { ...sample, params: { ...sample.params, n: 16, aggregate: 'weighted-majority' } },
  ];
}

export function defaultCompareState(): CompareUrlState {
  return {
    problemId: DEFAULT_PARAMS.problemId, model: DEFAULT_PARAMS.model, prm: DEFAULT_PARAMS.prm, seed: DEFAULT_PARAMS.seed,
    panes: defaultPanes(), unit: 'flops', c: null, sync: true,
  };
}

const OWN_KEYS = new Set(['view', 'problem', 'model', 'prm', 'seed', 'panes', 'unit', 'c', 'sync']);
const SIM_MODEL_IDS = SIM_MODELS.map((m) => m.id as string);

/** Keep ':', ',', '=' and '|' readable in the address bar (all are fine inside a query value). */
const esc = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%3D/gi, '=').replace(/%7C/gi, '|');

/** One pane in the URL: `name` or `name:key=value,…`. */
export function formatPane(spec: StrategySpec): string {
  const q = specToQuery(spec);
  return q.length ? `${spec.name}:${q.map(([k, v]) => `${k}=${v}`).join(',')}` : spec.name;
}

/**
 * The query string (with "?") of a Compare state; another pane view (the Stage) names itself in
 * `view` and appends its own keys.
 */
export function encodeCompareUrl(s: CompareUrlState, view = 'compare', extra: readonly (readonly [string, string])[] = []): string {
  const out: (readonly [string, string])[] = [
    ['view', view], ['problem', s.problemId], ['model', s.model], ['prm', String(s.prm)], ['seed', String(s.seed)],
    ['panes', s.panes.map(formatPane).join('|')], ['unit', s.unit],
  ];
  if (s.c !== null) out.push(['c', String(s.c)]);
  out.push(['sync', s.sync ? '1' : '0'], ...extra);
  return `?${out.map(([k, v]) => `${esc(k)}=${esc(v)}`).join('&')}`;
}

export interface DecodedCompareUrl {
  state: CompareUrlState;
  notices: string[];
}

/** How another view that shows panes on one clock (the Stage) reads the same keys. */
export interface PaneViewOptions {
  /** Named in notices ("the Compare view"). */
  label: string;
  minPanes: number;
  maxPanes: number;
  defaults: () => CompareUrlState;
  /** The view's own further keys (not reported as unknown). */
  extraKeys: ReadonlySet<string>;
}

const COMPARE_OPTIONS: PaneViewOptions = { label: 'the Compare view', minPanes: MIN_PANES, maxPanes: MAX_PANES, defaults: defaultCompareState, extraKeys: new Set() };

/** Read a Compare URL's query string (or another pane view's, with `opts`). Never throws. */
export function decodeCompareUrl(search: string, opts: PaneViewOptions = COMPARE_OPTIONS): DecodedCompareUrl {
  try {
    return decode(search, opts);
  } catch (err) {
    return { state: opts.defaults(), notices: [`This link could not be read (${err instanceof Error ? err.message : String(err)}) — showing the default line-up`] };
  }
}

/** Decode one pane's text; null (with a notice) when its strategy is unknown. */
export function parsePane(text: string, index: number, notices: string[]): StrategySpec | null {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  const label = `pane ${index + 1}`;
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
    notices.push(`"panes": ${label} "${shown(text)}" is not a strategy (expected one of ${STRATEGY_NAMES.join(', ')}) — left out`);
    return null;
  }
  const entries = new Map<string, string>();
  if (colon >= 0) {
    for (const part of text.slice(colon + 1).split(',')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      if (eq <= 0) {
        notices.push(`"panes": ${label} has "${shown(part)}", not key=value — ignored`);
        continue;
      }
      const key = part.slice(0, eq);
      if (!entries.has(key)) entries.set(key, part.slice(eq + 1));
    }
  }
  const r = specFromQuery(name as StrategyName, entries);
  // spec-query words its notices for the Explorer; say which pane they are about.
  notices.push(...r.notices.map((n) => `${label}: ${n.replace('a setting of the Explorer or ', '')}`));
  return r.spec;
}

function decode(search: string, opts: PaneViewOptions): DecodedCompareUrl {
  const notices: string[] = [];
  const first = firstValues(search, notices);
  for (const key of first.keys()) if (!OWN_KEYS.has(key) && !opts.extraKeys.has(key)) notices.push(`"${shown(key)}" is not a setting of ${opts.label} — ignored`);
  const read = valueReader(first, notices);
  const d = opts.defaults();
  const simId = (v: string): Parsed<string> => (parseSimId(v) ? { ok: true, value: v } : { ok: false, reason: 'expected a sim problem id such as sim-L3-0017' });
  const problemId = read('problem', simId, d.problemId);
  const model = read('model', (v) => parseWord(v, SIM_MODEL_IDS), d.model);
  const prm = read('prm', parsePrm, d.prm);
  const seed = read('seed', (v) => parseWhole(v, 0, SEED_MAX), d.seed);
  const unit = read('unit', (v) => parseWord(v, COMPARE_UNITS), d.unit);
  const c = read<number | null>('c', (v) => {
    const x = parseNumber(v);
    return x.ok && x.value >= 0 ? x : { ok: false, reason: 'expected a compute value ≥ 0' };
  }, null, () => 'the start');
  const sync = read('sync', (v) => (v === '1' || v === '0' ? { ok: true, value: v === '1' } : { ok: false, reason: 'expected 1 or 0' }), d.sync, (x) => (x ? '1' : '0'));

  let panes = d.panes;
  const raw = first.get('panes');
  if (raw !== undefined) {
    const parts = raw.split('|').filter((p) => p.trim() !== '');
    const { minPanes: lo, maxPanes: hi } = opts;
    if (parts.length > hi) notices.push(`"panes" lists ${parts.length} strategies; ${opts.label} shows at most ${hi} — using the first ${hi}`);
    const specs = parts.slice(0, hi).map((p, i) => parsePane(p, i, notices)).filter((s): s is StrategySpec => s !== null);
    if (specs.length >= lo) panes = specs;
    else {
      const needs = lo === hi ? `${lo}` : `${lo} to ${hi}`;
      notices.push(`"panes=${shown(raw)}" gives ${specs.length} valid strateg${specs.length === 1 ? 'y' : 'ies'}; ${opts.label} needs ${needs} — using the default line-up`);
    }
  }
  return { state: { problemId, model, prm, seed, panes, unit, c, sync }, notices };
}
