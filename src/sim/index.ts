/**
 * The simulated world (design.md §8): procedural word problems, a ladder of policy models, a PRM,
 * and `SimBackend`, the app's built-in default backend. See docs/sim.md.
 */
export { SimBackend, type SimBackendOptions } from './sim-backend';
export {
  DEFAULT_PER_LEVEL, SIM_SET_SEED, defaultProblemSet, parseSimId, problemsByLevel, simProblem, simProblemId,
  simStructure, type SimOp, type SimStructure,
} from './problems';
export { HYPOTHETICAL_MODELS, HYPOTHETICAL_NOTE, HYPOTHETICAL_TAG, hypotheticalNote, isHypotheticalModel, modelLabel } from './labels';
export { REFERENCE_PARAMS, SIM_MODELS, SIM_PRM, WORLD, simModel, type SimModelId, type SimModelSpec, type WorldParams } from './models';
export {
  PRM_PRESETS, PRM_PRESET_LABELS, PRM_PRESET_SHORT, prmSettingLabel, prmShortLabel, auroc, measureAuroc, prmQuality, prmReward, type AurocOptions, type PrmPreset, type PrmQuality, type PrmSetting,
} from './prm';
export { KIND_NAMES, SimState, type StepKind } from './state';
export { countTokens, truncateTokens } from './tokenizer';
export { greedyStats, samplingStats, stepErrorRate, type GreedyStats, type SamplingStats } from './measure';
export type { OpKind } from './themes';
