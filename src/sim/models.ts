/**
 * The sim's policy models and the world's constants. The ladder mirrors real model sizes so
 * FLOPs (2 × params × tokens) are real-sized; only sim-7B and sim-34B have calibration targets
 * (Llemma-7B and Llemma-34B on MATH500, paper-notes.md Table 4). The two smaller models follow
 * the same power law in size and have no target: they are hypothetical (extrapolated), and the UI
 * says so wherever they appear (labels.ts).
 */

export type SimModelId = 'sim-410M' | 'sim-1.4B' | 'sim-7B' | 'sim-34B';

export interface SimModelSpec {
  id: SimModelId;
  /** Parameter count used for FLOPs. */
  params: number;
  /** Simulated decode latency per generated token of one call (ms), for `wallMs`. */
  msPerToken: number;
  /** What the model stands for, and the paper's numbers it is calibrated to (if any). */
  analogue: string;
  target: { greedyAccuracy: number; tokensPerSolution: number; source: string } | null;
}

export const SIM_MODELS: readonly SimModelSpec[] = [
  { id: 'sim-410M', params: 4.05e8, msPerToken: 4, analogue: 'hypothetical, extrapolated: Pythia-410M size, no measured target', target: null },
  { id: 'sim-1.4B', params: 1.41e9, msPerToken: 6, analogue: 'hypothetical, extrapolated: Pythia-1.4B size, no measured target', target: null },
  {
    id: 'sim-7B', params: 6.74e9, msPerToken: 12, analogue: 'Llemma-7B on MATH500',
    target: { greedyAccuracy: 0.3, tokensPerSolution: 291, source: 'paper Table 4: greedy 30.0 %, 3.92e12 FLOPs / (2 × 6.74e9)' },
  },
  {
    id: 'sim-34B', params: 3.37e10, msPerToken: 28, analogue: 'Llemma-34B on MATH500',
    target: { greedyAccuracy: 0.33, tokensPerSolution: 282, source: 'paper Table 4: greedy 33.0 %, 19.0e12 FLOPs / (2 × 3.37e10)' },
  },
];

/** The sim's process reward model: a Math-Shepherd Llemma-34B analogue. */
export const SIM_PRM = { name: 'sim-PRM-34B', params: 3.37e10 } as const;

/** Look up a policy model; throws with the valid ids when unknown. */
export function simModel(id: string): SimModelSpec {
  const m = SIM_MODELS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown sim model "${id}" (known: ${SIM_MODELS.map((x) => x.id).join(', ')})`);
  return m;
}

/** Parameter count the size power laws are anchored at (sim-7B). */
export const REFERENCE_PARAMS = 6.74e9;

/**
 * Constants of the error model (see docs/sim.md). The structural ones were set once from what
 * real solutions look like and are not fitted. Only four are calibrated — `errorScale`, `alpha`,
 * `verbosity`, `verbositySlope` — by `npx tsx scripts/calibrate-sim.ts --fit`, to the greedy
 * accuracy and tokens per solution of sim-7B and sim-34B, and to nothing else.
 */
export interface WorldParams {
  /** Calibrated. Error hazard of an average step of an average level-3 problem for sim-7B. */
  errorScale: number;
  /** Calibrated. Power-law exponent: every error hazard scales as (params / 6.74e9)^(−alpha). */
  alpha: number;
  /** Calibrated. Preference for longer phrasings at 6.74e9 params (log-weight per verbosity rank). */
  verbosity: number;
  /** Calibrated. Change of that preference per e-fold of parameters. */
  verbositySlope: number;
  /** Each level multiplies every hazard by this (harder wording; numbers also grow per level). */
  levelGrowth: number;
  /** The trap's hazard relative to an ordinary step's. */
  trapRatio: number;
  /** Spread (σ of the log) of per-step hardness, shared by all models. */
  hardnessSpread: number;
  /** Spread of a problem's trap strength, shared by all models. */
  trapSpread: number;
  /** Spread of how strongly one model falls for a trap, per (problem, model). */
  trapModelSpread: number;
  /** Range of the share of ordinary errors that take the step's single tempting wrong form. */
  temptShare: readonly [number, number];
  /** How the rest of the ordinary errors split: digit slip, skipped step (stale takes the rest). */
  slipShare: number;
  skipShare: number;
  /**
   * A rambling (no-progress) step's hazard relative to `errorScale`, under the same size and level
   * scaling. Set once from recorded real solutions (docs/sim.md, "Rambling"), not fitted.
   */
  rambleRatio: number;
  /** Chance that a rambling step is followed by another one. Set once, not fitted. */
  rambleRepeat: number;
  /** The hazard of falling into a degenerate loop, relative to `errorScale`. Set once, not fitted. */
  loopRatio: number;
  /** Chance that a loop step is followed by another one. Set once, not fitted. */
  loopRepeat: number;
}

export const WORLD: WorldParams = {
  errorScale: 0.1070,
  alpha: 0.08878,
  verbosity: 0.4934,
  verbositySlope: -0.07369,
  levelGrowth: 1.4,
  trapRatio: 5,
  hardnessSpread: 0.8,
  trapSpread: 1.0,
  trapModelSpread: 0.5,
  temptShare: [0.1, 0.5],
  slipShare: 0.55,
  skipShare: 0.2,
  rambleRatio: 0.59,
  rambleRepeat: 0.2,
  loopRatio: 0.033,
  loopRepeat: 0.99,
};
