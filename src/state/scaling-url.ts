/**
 * The Scaling view's URL codec: state ↔ query string (docs/scaling.md lists the keys).
 *
 * `?view=scaling&preset=default&src=sim&models=sim-1.4B,sim-7B&strategies=greedy,…&budgets=1,2,4
 *  &levels=1,2,3,4,5&count=200&seeds=0&sub=1&prm=default&conv=paper&overlay=0`
 *
 * The encoder writes every setup key (so a link reruns the same sweep even if a preset changes
 * later) and names the preset the setup equals; `rule`, `target` and `point` only when set. The
 * decoder starts from the named preset (Default without one) and lets each key override it. Every
 * key is validated: a bad value falls back with a notice naming the key, the value and the value
 * used; a list keeps its valid items; an unknown key is ignored with a notice; nothing throws.
 * Bundle model ids can only be checked once the bundle is loaded (scaling-actions.ts does it).
 */
import { VOTE_RULES, type VoteRule } from '../search/aggregate';
import { SWEEP_STRATEGIES, type SweepStrategy } from '../search/strategies/index';
import { SIM_MODELS, type PrmSetting } from '../sim/index';
import type { SourceRef } from './explorer-store';
import { canonicalSetup, presetById, presetOf, PRESET_IDS, type PresetId } from './scaling-presets';
import { readList, readPoint, type Reader } from './scaling-url-values';
import {
  BUDGETS, CONVENTION_IDS, initialScalingState, LEVELS, MAX_COUNT, MAX_SEEDS,
  type ConventionId, type PointKey, type ScalingSetup, type ScalingState,
} from './scaling-store';
import { firstValues, formatSource, parseName, parseNumber, parsePrm, parseSource, parseWhole, parseWord, SEED_MAX, shown, valueReader, type Parsed } from './url-values';

/** Everything a link can say about the Scaling view. */
export interface ScalingUrlState extends Pick<ScalingState, 'setup' | 'convention' | 'overlay' | 'oracle' | 'rule' | 'target' | 'point'> {
  view: 'scaling';
  /** The preset the link named (its setup is the base the other keys override). */
  preset: PresetId | null;
}

export interface DecodedScalingUrl {
  state: ScalingUrlState;
  notices: string[];
}

/** What the encoder reads: the store's state (or any object with these fields). */
export type EncodableScalingState = Pick<ScalingState, 'setup' | 'convention' | 'overlay' | 'rule' | 'target' | 'point'> & Partial<Pick<ScalingState, 'oracle'>>;

const OWN_KEYS = new Set(['view', 'preset', 'src', 'models', 'strategies', 'budgets', 'levels', 'count', 'seeds', 'sub', 'votes', 'prm', 'conv', 'overlay', 'oracle', 'rule', 'target', 'point']);
const SIM_IDS = SIM_MODELS.map((m) => m.id as string);

/** Escape a value but leave ':' and ',' readable ('+' stays escaped: a query reads it as a space). */
const esc = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/** A FLOPs value as the URL writes it: 4 significant digits (1.235e14). */
export const formatFlopsParam = (x: number): string => Number(x.toPrecision(4)).toExponential().replace('e+', 'e');
/** An accuracy as the URL writes it: 4 decimals. */
export const formatAccuracyParam = (x: number): string => String(Number(x.toFixed(4)));

/** The query string (with its leading "?") of a Scaling state. */
export function encodeScalingUrl(state: EncodableScalingState): string {
  const s = canonicalSetup(state.setup);
  const out: [string, string][] = [['view', 'scaling']];
  const preset = presetOf(s);
  if (preset) out.push(['preset', preset]);
  out.push(
    ['src', formatSource(s.source)], ['models', s.models.join(',')], ['strategies', s.strategies.join(',')],
    ['budgets', s.budgets.join(',')], ['levels', s.levels.join(',')], ['count', String(s.count)],
    ['seeds', s.seeds.join(',')], ['sub', s.subsample ? '1' : '0'],
  );
  // Written only for the non-default rule: a link without `votes` means official.
  if (s.voteRule === 'first-vote') out.push(['votes', s.voteRule]);
  if (s.source.kind === 'sim') out.push(['prm', String(s.prm)]);
  out.push(['conv', state.convention], ['overlay', state.overlay ? '1' : '0']);
  // Written only when on (added with the planner): older links stay as they were.
  if (state.oracle) out.push(['oracle', '1']);
  if (state.rule !== null) out.push(['rule', formatFlopsParam(state.rule)]);
  if (state.target !== null) out.push(['target', formatAccuracyParam(state.target)]);
  if (state.point) out.push(['point', `${state.point.model},${state.point.strategy},${state.point.budget}`]);
  return `?${out.map(([k, v]) => `${esc(k)}=${esc(v)}`).join('&')}`;
}

/** Read a Scaling URL's query string (with or without "?"). Never throws. */
export function decodeScalingUrl(search: string): DecodedScalingUrl {
  try {
    return decode(search);
  } catch (err) {
    // A last line of defence: every branch below is meant to be total.
    return { state: defaults(null), notices: [`This link could not be read (${err instanceof Error ? err.message : String(err)}) — showing the Default preset`] };
  }
}

function defaults(preset: PresetId | null): ScalingUrlState {
  const d = initialScalingState;
  return { view: 'scaling', preset, setup: presetById(preset ?? 'default').setup, convention: d.convention, overlay: d.overlay, oracle: d.oracle, rule: d.rule, target: d.target, point: d.point };
}

const bool = (v: string): Parsed<boolean> => (v === '1' || v === '0' ? { ok: true, value: v === '1' } : { ok: false, reason: 'expected 1 or 0' });
const sweepPrm = (v: string): Parsed<PrmSetting> => {
  const p = parsePrm(v);
  return p.ok && p.value !== 'none' ? (p as Parsed<PrmSetting>) : { ok: false, reason: 'expected weak, default, strong or a number in [0, 1]: a sweep needs a PRM' };
};
const convention = (v: string): Parsed<ConventionId> => parseWord(v === 'prefill prm' ? 'prefill+prm' : v, CONVENTION_IDS);
const positive = (v: string): Parsed<number> => {
  const x = parseNumber(v);
  return x.ok && x.value > 0 ? x : { ok: false, reason: 'expected a number of FLOPs above 0, such as 1.5e14' };
};
const accuracy = (v: string): Parsed<number> => {
  const x = parseNumber(v);
  return x.ok && x.value > 0 && x.value <= 1 ? x : { ok: false, reason: 'expected an accuracy above 0 and at most 1, such as 0.45' };
};

function decode(search: string): DecodedScalingUrl {
  const notices: string[] = [];
  const first = firstValues(search, notices);
  const read: Reader = valueReader(first, notices);
  const list = <T>(key: string, item: (v: string) => Parsed<T>, fallback: T[], max = Infinity): T[] => readList(first, notices, key, item, fallback, max);

  const view = read('view', (v) => parseWord(v, ['scaling'] as const), 'scaling' as const);
  const preset = read<PresetId | null>('preset', (v) => parseWord(v, PRESET_IDS), null, () => 'the Default preset');
  const base = presetById(preset ?? 'default').setup;
  const source = read<SourceRef>('src', parseSource, base.source, formatSource);
  const sim = source.kind === 'sim';
  const models = sim
    ? list('models', (v) => parseWord(v, SIM_IDS), base.models)
    : list('models', parseName, []);
  const strategies = list<SweepStrategy>('strategies', (v) => parseWord(v, SWEEP_STRATEGIES), base.strategies);
  const budgets = list('budgets', (v) => {
    const b = parseWhole(v, 1, 256);
    return b.ok && (BUDGETS as readonly number[]).includes(b.value) ? b : { ok: false, reason: 'expected a power of two from 1 to 256' };
  }, base.budgets);
  const levels = list('levels', (v) => parseWhole(v, LEVELS[0], LEVELS[LEVELS.length - 1]), base.levels);
  let count = read('count', (v) => parseWhole(v, 1, MAX_COUNT), base.count);
  if (sim && count > levels.length * 100) {
    notices.push(`"count=${count}" is more than levels ${levels.join(', ')} hold — using ${levels.length * 100}`);
    count = levels.length * 100;
  }
  const seeds = list('seeds', (v) => parseWhole(v, 0, SEED_MAX), base.seeds, MAX_SEEDS);
  const setup: ScalingSetup = canonicalSetup({
    source, models, strategies, budgets, levels, count, seeds,
    subsample: read('sub', bool, base.subsample, (x) => (x ? '1' : '0')),
    voteRule: read<VoteRule>('votes', (v) => parseWord(v, VOTE_RULES), base.voteRule ?? 'official'),
    prm: sim ? read('prm', sweepPrm, base.prm) : base.prm,
  });
  const d = initialScalingState;
  const state: ScalingUrlState = {
    view, preset, setup,
    convention: read('conv', convention, d.convention),
    overlay: read('overlay', bool, d.overlay, (x) => (x ? '1' : '0')),
    oracle: read('oracle', bool, d.oracle, (x) => (x ? '1' : '0')),
    rule: read<number | null>('rule', positive, null, () => 'no rule'),
    target: read<number | null>('target', accuracy, null, () => 'the readout\'s own target'),
    point: read<PointKey | null>('point', readPoint, null, () => 'no point opened'),
  };
  for (const key of first.keys()) {
    if (!OWN_KEYS.has(key)) notices.push(`"${shown(key)}=${shown(first.get(key)!)}" is not a setting of the Scaling view — ignored`);
  }
  return { state, notices };
}
