/**
 * The one codec between the Explorer's URL (a human-readable query string) and its state:
 *
 *   ?view=explorer&src=sim&model=sim-7B&prm=default&problem=sim-L3-0002&s=rebase&width=64&seed=0
 *    &t=120&gran=event&orient=lr&speed=2&sel=17&cam=12.5,-40,1.5
 *
 * `src` is `sim`, `fixture:<stem>` or `file:<name>`; strategy parameters appear only when they
 * differ from the defaults (spec-query.ts). Decoding validates every key: a bad value falls back
 * to its default with a notice naming the key and the value, an unknown key is ignored with a
 * notice, and nothing throws. Bundle model and problem ids can only be checked once the bundle is
 * loaded (explorer-actions.ts does it); here they decode to '' when absent ("the bundle's first").
 */
import { STRATEGY_NAMES, type StrategyName } from '../search/strategies/index';
import { parseSimId, SIM_MODELS } from '../sim/index';
import {
  DEFAULT_PARAMS, initialExplorerState, type Camera, type ExplorerParams, type ExplorerState, type PrmChoice, type SourceRef,
} from './explorer-store';
import { specFromQuery, specToQuery } from './spec-query';
import {
  firstValues, formatCamera, formatSource, parseCamera, parseExplorerSource, parseName, parseNumber, parsePrm, parseWhole,
  parseWord, SEED_MAX, shown, valueReader, type Parsed,
} from './url-values';

/** Everything a link can say about the Explorer. */
export interface ExplorerUrlState extends Pick<ExplorerState, 'params' | 'granularity' | 'orientation' | 'speed' | 'selection' | 'camera'> {
  view: 'explorer';
  /** Playhead to restore (an event index), or null: play the run from the start. */
  t: number | null;
}

export interface DecodedExplorerUrl {
  /** Complete: every key the link lacks or gets wrong holds its default. */
  state: ExplorerUrlState;
  /** One line per value that was invalid or ignored, for the notice bar. */
  notices: string[];
}

/** What the encoder reads: the store's state (or any object with these fields). */
export type EncodableExplorerState = Pick<ExplorerState, 'params' | 'playhead' | 'granularity' | 'orientation' | 'speed' | 'selection' | 'camera'>;

/** The keys the codec owns; every other key is read as a strategy parameter. */
const OWN_KEYS = new Set(['view', 'src', 'model', 'prm', 'problem', 's', 'seed', 't', 'gran', 'orient', 'speed', 'sel', 'cam']);
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 8;
const MAX_INDEX = Number.MAX_SAFE_INTEGER;
const SIM_MODEL_IDS = SIM_MODELS.map((m) => m.id as string);

/** Escape a value but leave ':' and ',' readable (both are legal in a query, RFC 3986 §3.4). */
const esc = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/** The query string (with its leading "?") of an Explorer state. */
export function encodeExplorerUrl(state: EncodableExplorerState): string {
  const p = state.params;
  const out: [string, string][] = [['view', 'explorer'], ['src', formatSource(p.source)]];
  if (p.model) out.push(['model', p.model]);
  if (p.source.kind === 'sim') out.push(['prm', String(p.prm)]);
  if (p.problemId) out.push(['problem', p.problemId]);
  out.push(['s', p.spec.name], ...specToQuery(p.spec), ['seed', String(p.seed)]);
  // A selection refers to the tree at a playhead, so it always travels with one.
  if (state.playhead > 0 || state.selection !== null) out.push(['t', String(state.playhead)]);
  const d = initialExplorerState;
  if (state.granularity !== d.granularity) out.push(['gran', state.granularity]);
  if (state.orientation !== d.orientation) out.push(['orient', state.orientation]);
  if (state.speed !== d.speed) out.push(['speed', String(state.speed)]);
  if (state.selection !== null) out.push(['sel', String(state.selection)]);
  if (state.camera) out.push(['cam', formatCamera(state.camera)]);
  return `?${out.map(([k, v]) => `${esc(k)}=${esc(v)}`).join('&')}`;
}

/** Read an Explorer URL's query string (with or without "?"). Never throws. */
export function decodeExplorerUrl(search: string): DecodedExplorerUrl {
  try {
    return decode(search);
  } catch (err) {
    // A last line of defence: every branch below is meant to be total.
    return { state: defaults(), notices: [`This link could not be read (${err instanceof Error ? err.message : String(err)}) — showing the default view`] };
  }
}

function defaults(): ExplorerUrlState {
  const d = initialExplorerState;
  return { view: 'explorer', params: DEFAULT_PARAMS, t: null, granularity: d.granularity, orientation: d.orientation, speed: d.speed, selection: d.selection, camera: d.camera };
}

function decode(search: string): DecodedExplorerUrl {
  const notices: string[] = [];
  const first = firstValues(search, notices);
  /** The parsed value of `key`, its fallback when absent, or its fallback and a notice when invalid. */
  const read = valueReader(first, notices);
  const d = defaults();

  const view = read('view', (v) => parseWord(v, ['explorer'] as const), 'explorer' as const);
  let source = read<SourceRef>('src', parseExplorerSource, d.params.source, formatSource);
  const fromFile = source.kind === 'file' || source.kind === 'live';
  if (source.kind === 'file') {
    notices.push(`"src=file:${shown(source.name)}" was a file on the computer that made this link, and a link cannot bring it back — showing the simulated world. Load ${shown(source.name)} again to see it.`);
    source = { kind: 'sim' };
  } else if (source.kind === 'live') {
    notices.push(`"src=live:${shown(source.id)}" names a live server, and a link never starts a live run (it would send requests to that server) — showing the simulated world. Its recordings are in the Library; to run it again, choose it under Data source.`);
    source = { kind: 'sim' };
  }
  const sim = source.kind === 'sim';
  // A file link's model and problem ids are the file's: on the sim they fall back quietly.
  const model = sim
    ? read('model', (v) => parseWord(v, SIM_MODEL_IDS), d.params.model, String, fromFile)
    : read('model', parseName, '');
  const prm: PrmChoice = sim ? read('prm', parsePrm, d.params.prm) : d.params.prm;
  const simId = (v: string): Parsed<string> => (parseSimId(v) ? { ok: true, value: v } : { ok: false, reason: 'expected a sim problem id such as sim-L3-0017' });
  const problemId = sim ? read('problem', simId, d.params.problemId, String, fromFile) : read('problem', parseName, '');
  const name = read<StrategyName>('s', (v) => parseWord(v, STRATEGY_NAMES), d.params.spec.name);
  const rest = new Map([...first].filter(([key]) => !OWN_KEYS.has(key)));
  const strategy = specFromQuery(name, rest);
  notices.push(...strategy.notices);
  const seed = read('seed', (v) => parseWhole(v, 0, SEED_MAX), d.params.seed);
  const params: ExplorerParams = { source, model, prm, problemId, spec: strategy.spec, seed };

  const speed = read('speed', (v) => {
    const x = parseNumber(v);
    return x.ok && x.value >= SPEED_MIN && x.value <= SPEED_MAX ? x : { ok: false, reason: `expected a number from ${SPEED_MIN} to ${SPEED_MAX}` };
  }, d.speed);
  return {
    state: {
      view, params,
      t: read<number | null>('t', (v) => parseWhole(v, 0, MAX_INDEX), null, () => 'the start'),
      granularity: read('gran', (v) => parseWord(v, ['event', 'step'] as const), d.granularity),
      orientation: read('orient', (v) => parseWord(v, ['tb', 'lr'] as const), d.orientation),
      speed,
      selection: read<number | null>('sel', (v) => parseWhole(v, 0, MAX_INDEX), null, () => 'no selection'),
      camera: read<Camera | null>('cam', parseCamera, null, () => 'a view that fits the tree'),
    },
    notices,
  };
}
