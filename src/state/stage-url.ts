/**
 * The Stage's URL codec (docs/stage.md lists the keys):
 *
 *   ?view=stage&problem=sim-L3-0004&model=sim-7B&prm=default&seed=0&panes=rebase:width=16|mcts:budget=128
 *    &unit=flops&sync=1&budget=16&sweep=default&conv=paper&cols=31,31&max=chart
 *
 * The two tree panes are read with the Compare view's codec (same keys, exactly two panes); the
 * Stage adds the budget the panes share, the sweep behind the chart (a Scaling preset), the FLOPs
 * convention, the column widths and the maximised part. Decoding never throws: a bad value falls
 * back with a notice naming it.
 */
import { specForBudget } from '../search/strategies/index';
import { decodeCompareUrl, encodeCompareUrl, type CompareUrlState, type PaneViewOptions } from './compare-url';
import { DEFAULT_PARAMS } from './explorer-store';
import { PRESET_IDS, type PresetId } from './scaling-presets';
import { BUDGETS, CONVENTION_IDS, type ConventionId } from './scaling-store';
import { firstValues, parseWord, valueReader, type Parsed } from './url-values';

/** The parts of the Stage that can be maximised. */
export const STAGE_PARTS = ['left', 'right', 'chart'] as const;
export type StagePart = (typeof STAGE_PARTS)[number];

/** Column widths of the two tree panes, in % of the Stage's width (the chart takes the rest). */
export type StageCols = readonly [number, number];
export const COL_MIN = 12;
/** The chart keeps at least this share. */
export const CHART_MIN = 20;
export const DEFAULT_COLS: StageCols = [26, 26];

export interface StageUrlState extends CompareUrlState {
  /** The budget the panes share (a sweep budget: REBASE width, samples, MCTS nodes / 8, …). */
  budget: number;
  /** The Scaling preset whose sweep fills the chart. */
  sweep: PresetId;
  conv: ConventionId;
  cols: StageCols;
  max: StagePart | null;
}

/** The Stage opens on REBASE and MCTS at budget 16… */
export const STAGE_BUDGET = 16;
/**
 * …with sim-7B, the smaller of the two sizes the paper measured (Llemma-7B; the Default sweep sets
 * it against sim-34B). sim-410M and sim-1.4B are hypothetical and open only from a link that names
 * them (docs/stage.md).
 */
export const STAGE_MODEL = 'sim-7B';
/**
 * …on the presenter deck's problem: one where sim-7B's greedy chain is wrong, so the two searches
 * have something to find (an example, as a speaker picks one; docs/stage.md).
 */
export const STAGE_PROBLEM = 'sim-L3-0004';

export function defaultStagePanes(budget = STAGE_BUDGET) {
  return [specForBudget('rebase', budget), specForBudget('mcts', budget)];
}

export function defaultStageState(): StageUrlState {
  return {
    problemId: STAGE_PROBLEM, model: STAGE_MODEL, prm: DEFAULT_PARAMS.prm, seed: DEFAULT_PARAMS.seed,
    panes: defaultStagePanes(), unit: 'flops', c: null, sync: false,
    budget: STAGE_BUDGET, sweep: 'default', conv: 'paper', cols: DEFAULT_COLS, max: null,
  };
}

const STAGE_KEYS = new Set(['budget', 'sweep', 'conv', 'cols', 'max']);

const PANE_OPTIONS: PaneViewOptions = { label: 'the Stage', minPanes: 2, maxPanes: 2, defaults: defaultStageState, extraKeys: STAGE_KEYS };

/** Clamp column widths so both panes and the chart keep a usable share. */
export function clampCols(cols: readonly number[]): StageCols {
  const a = Math.min(100 - CHART_MIN - COL_MIN, Math.max(COL_MIN, cols[0] ?? DEFAULT_COLS[0]));
  const b = Math.min(100 - CHART_MIN - a, Math.max(COL_MIN, cols[1] ?? DEFAULT_COLS[1]));
  return [Math.round(a * 10) / 10, Math.round(b * 10) / 10];
}

function parseCols(v: string): Parsed<StageCols> {
  const parts = v.split(',');
  const nums = parts.map(Number);
  if (parts.length !== 2 || nums.some((x) => !Number.isFinite(x))) return { ok: false, reason: 'expected two widths in %, such as 30,30' };
  const c = clampCols(nums);
  if (c[0] !== nums[0] || c[1] !== nums[1]) {
    return { ok: false, reason: `each pane takes ${COL_MIN}–${100 - CHART_MIN - COL_MIN} % and the chart at least ${CHART_MIN} %` };
  }
  return { ok: true, value: c };
}

/** The query string (with "?") of a Stage state. */
export function encodeStageUrl(s: StageUrlState): string {
  const extra: [string, string][] = [['budget', String(s.budget)], ['sweep', s.sweep], ['conv', s.conv], ['cols', `${s.cols[0]},${s.cols[1]}`]];
  if (s.max) extra.push(['max', s.max]);
  return encodeCompareUrl(s, 'stage', extra);
}

export interface DecodedStageUrl {
  state: StageUrlState;
  notices: string[];
}

/** Read a Stage URL's query string. Never throws. */
export function decodeStageUrl(search: string): DecodedStageUrl {
  const d = defaultStageState();
  try {
    const { state: panes, notices } = decodeCompareUrl(search, PANE_OPTIONS);
    // The pane codec already said what is wrong with repeated keys.
    const first = firstValues(search, []);
    const read = valueReader(first, notices);
    const budget = read('budget', (v) => {
      const n = Number(v);
      return (BUDGETS as readonly number[]).includes(n) && String(n) === v ? { ok: true, value: n } : { ok: false, reason: `expected one of ${BUDGETS.join(', ')}` };
    }, d.budget);
    const state: StageUrlState = {
      ...panes,
      // Without `panes` the line-up follows the budget.
      panes: first.has('panes') ? panes.panes : defaultStagePanes(budget),
      budget,
      sweep: read('sweep', (v) => parseWord(v, PRESET_IDS), d.sweep),
      conv: read('conv', (v) => parseWord(v, CONVENTION_IDS), d.conv),
      cols: read('cols', parseCols, d.cols, (c) => c.join(',')),
      max: read<StagePart | null>('max', (v) => parseWord(v, STAGE_PARTS), null, () => 'no part maximised'),
    };
    return { state, notices };
  } catch (err) {
    return { state: d, notices: [`This link could not be read (${err instanceof Error ? err.message : String(err)}) — showing the default Stage`] };
  }
}
