/**
 * The sim's process reward model, "sim-PRM-34B" (a Math-Shepherd Llemma-34B analogue).
 *
 * It reads each step and knows the truth — whether the step is right given its inputs and whether
 * the path is still right — and reports sigmoid(±margin + noise). Quality is one number q in
 * [0, 1] (or a named preset) that sets:
 * - margin: how far apart right and wrong steps are on the logit scale;
 * - noise: σ of a Gaussian added to the logit. Most of it (1 − PATH_SHARE of the variance) is
 *   keyed on the step's own content — the same step reads the same way on whatever path it
 *   appears — and the rest on the path's identity (same text → same reward, whoever asks and in
 *   whatever order);
 * - falsePositive: the chance that a plausible wrong step (a digit slip most of all) is taken as
 *   right, decided per step content (a given error fools the PRM on every path that makes it);
 *   a PRM fooled by an error keeps trusting the path after it;
 * - carry: how strongly right steps after a noticed error are still marked down.
 * A rambling or looping step (no progress) is read like a right step: on real Math-Shepherd
 * scores a step that computes nothing moves the score no more than a computing step does
 * (docs/sim.md "Rambling"), so it gets no mark-down of its own.
 */
import { createRng, hashSeed } from '../search/rng';
import type { Problem } from '../search/types';
import { ModelTables } from './error-model';
import { combine, gaussian, unit } from './hash';
import { WORLD, simModel, type SimModelId, type WorldParams } from './models';
import { compileProblem } from './phrasing';
import { StepSampler, sampleChain } from './policy';
import { defaultProblemSet, simStructure } from './problems';
import { KIND_CORRECT, KIND_LOOP, KIND_RAMBLE, KIND_SKIP, KIND_SLIP, KIND_STALE, KIND_TEMPT, KIND_TRUNCATED, type SimState } from './state';

export type PrmPreset = 'weak' | 'default' | 'strong';
/** A preset name, or a quality in [0, 1]. */
export type PrmSetting = PrmPreset | number;

/**
 * Quality of each preset. `default` is fitted by `npx tsx scripts/check-paper.ts --fit-prm` to one
 * sampling-side marginal only — Table 4's weighted-voting − majority-voting gap (Llemma-7B at
 * n = 32, Llemma-34B at n = 8) — and to nothing a tree search produced (docs/sim.md).
 */
export const PRM_PRESETS: Readonly<Record<PrmPreset, number>> = { weak: 0.02, default: 0.095, strong: 0.6 };

/** What each preset stands for, as the UI and the CLI name it. */
export const PRM_PRESET_LABELS: Readonly<Record<PrmPreset, string>> = {
  weak: 'weak PRM (below the paper’s)',
  default: 'paper-fitted PRM (Table 4’s WV − MV gap)',
  strong: 'strong PRM, like today’s Qwen2.5-Math-PRM (not calibrated)',
};

/** Short names for a header line. */
export const PRM_PRESET_SHORT: Readonly<Record<PrmPreset, string>> = { weak: 'weak PRM', default: 'paper-fitted PRM', strong: 'strong PRM' };

/** A PRM setting (or 'none') in a few words: the preset's short name, or its quality. */
export function prmShortLabel(setting: PrmSetting | 'none'): string {
  if (setting === 'none') return 'no PRM';
  return typeof setting === 'number' ? `PRM quality ${setting}` : PRM_PRESET_SHORT[setting];
}

/** The name of a PRM setting: its preset label, or its quality. */
export function prmSettingLabel(setting: PrmSetting): string {
  return typeof setting === 'number' ? `PRM quality ${setting}` : PRM_PRESET_LABELS[setting];
}

/** The knobs a quality setting resolves to (see the module comment). */
export interface PrmQuality {
  quality: number;
  margin: number;
  noise: number;
  falsePositive: number;
  carry: number;
}

/** How easily each kind of wrong step passes for right (a slip is the easiest to miss). */
const PLAUSIBILITY = new Float64Array(8);
PLAUSIBILITY[KIND_CORRECT] = 0;
PLAUSIBILITY[KIND_TEMPT] = 1;
PLAUSIBILITY[KIND_SLIP] = 0.1;
PLAUSIBILITY[KIND_SKIP] = 0.3;
PLAUSIBILITY[KIND_STALE] = 0.3;
PLAUSIBILITY[KIND_TRUNCATED] = 0;
PLAUSIBILITY[KIND_RAMBLE] = 0;
PLAUSIBILITY[KIND_LOOP] = 0;

/**
 * σ of the logit noise and the share of its variance that belongs to the path rather than to the
 * step's content, both measured on real Math-Shepherd scores of pairs of solutions to the same
 * MATH500 problem (docs/sim.md "The PRM"): two solutions with different wrong answers differ by
 * 0.85·√2 in last-step logit, two with the same answer by 0.63·√2 — so σ = 0.85 and the path's
 * share is (0.63 / 0.85)² ≈ 0.55. Not fitted; quality moves the margin, the false positives and
 * the carry only.
 */
export const NOISE = 0.85;
export const PATH_SHARE = 0.55;
const W_CONTENT = Math.sqrt(1 - PATH_SHARE);
const W_PATH = Math.sqrt(PATH_SHARE);

// Module-level copies of hot imports: tsx and vitest turn each use of an import into a getter call.
const mix = combine;
const normal = gaussian;
const uniform = unit;

const SALT_NOISE = 0x9e37;
const SALT_FOOLED = 0xf001;

/** The knobs of a quality setting; numbers outside [0, 1] and unknown presets are errors. */
export function prmQuality(setting: PrmSetting): PrmQuality {
  const q = typeof setting === 'number' ? setting : PRM_PRESETS[setting];
  if (q === undefined) throw new Error(`unknown PRM preset "${String(setting)}" (weak, default, strong, or a number in [0, 1])`);
  if (!(q >= 0 && q <= 1)) throw new Error(`PRM quality must be in [0, 1], got ${q}`);
  return { quality: q, margin: 0.5 + 2.5 * q, noise: NOISE, falsePositive: 0.9 * (1 - q), carry: 0.3 + 0.6 * q };
}

function fooled(hash: number, kind: number, q: PrmQuality): boolean {
  return uniform(mix(hash, SALT_FOOLED)) < q.falsePositive * PLAUSIBILITY[kind];
}

/** The reward in (0, 1) of the last step of the path whose state is `s`. */
export function prmReward(s: SimState, q: PrmQuality): number {
  let logit: number;
  if (s.ok) logit = q.margin;
  else if (!s.stepOk) logit = fooled(s.content, s.kind, q) ? q.margin : -q.margin;
  else logit = fooled(s.errHash, s.errKind, q) ? 0.8 * q.margin : -q.carry * q.margin;
  const noise = W_CONTENT * normal(mix(s.content, SALT_NOISE)) + W_PATH * normal(mix(s.hash, SALT_NOISE));
  return 1 / (1 + Math.exp(-(logit + q.noise * noise)));
}

/**
 * Area under the ROC curve of `scores` separating `positive` from the rest (ties count half),
 * by the rank-sum (Mann–Whitney) formula. NaN when one class is empty.
 */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positive[order[t]]) {
        rankSum += rank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  return pos === 0 || neg === 0 ? Number.NaN : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface AurocOptions {
  /** Policy whose sampled steps are scored (default sim-7B). */
  policy?: SimModelId;
  /** Default: the default problem set. */
  problems?: readonly Problem[];
  /** Solutions sampled per problem at temperature 1 (default 4). */
  samples?: number;
  seed?: number;
  world?: Partial<WorldParams>;
}

/**
 * Step-level AUROC of a PRM setting: how well its rewards separate steps on a still-right path
 * (the positive class: this step and every step before it right) from steps on a path that has
 * gone wrong (the negative class: this step wrong, or a right step after an earlier error),
 * over every step of solutions the policy samples at temperature 1.
 */
export function measureAuroc(setting: PrmSetting, opts: AurocOptions = {}): number {
  const q = prmQuality(setting);
  const model = simModel(opts.policy ?? 'sim-7B');
  const world = { ...WORLD, ...opts.world };
  const samples = opts.samples ?? 4;
  const rng = createRng(hashSeed(opts.seed ?? 1, 'auroc'));
  const scores: number[] = [];
  const positive: boolean[] = [];
  for (const p of opts.problems ?? defaultProblemSet()) {
    const sampler = new StepSampler(new ModelTables(compileProblem(simStructure(p)), model, world), 1);
    for (let i = 0; i < samples; i++) {
      for (const step of sampleChain(sampler, rng, 256, 25)) {
        const st = step.ref as SimState;
        scores.push(prmReward(st, q));
        positive.push(st.ok);
      }
    }
  }
  return auroc(scores, positive);
}
