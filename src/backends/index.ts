/** The live backends: what the UI, the workers and the CLI import (docs/backends.md). */
export { createHttpBackend, modelInfo, splitEndpoint, type BackendEnv, type LiveBackendConfig, type PolicyConfig, type PrmConfig, type PrmType } from './config';
export { parseDataset, parseGsm8k, parseMath500, detectDataset, gsm8kGold, DatasetError, type DatasetName, type DatasetOptions } from './datasets';
export { BackendError, isBackendError, redact, serverLabel, type FailureKind } from './errors';
export { CORS_FLAGS, explainFailure, guessKindFromUrl, type ExplainContext } from './explain';
export { HttpBackend, type HttpBackendOptions, type HttpStepRef } from './http-backend';
export { backoffDelay, HttpClient, HTTP_DEFAULTS, normalizeBaseUrl, parseRetryAfter, type FetchLike, type HttpOptions, type RequestSpec } from './http-client';
export { CompletionsPolicy, type PolicyOptions } from './policy';
export { OutcomeOnly, PrmScorer, pathTexts, type PrmAdapter } from './prm';
export { JUDGE_PROMPT, JudgePrm, judgePrompt, type JudgePrmOptions } from './prm-judge';
export { JsonPrm } from './prm-json';
export { POOLING_OUTPUTS, PoolingPrm, QWEN_PRM_TEMPLATE, type PoolingOutput, type PoolingPrmOptions } from './prm-pooling';
export { MATH_SHEPHERD, PerStepPrm, PromptLogprobsPrm, shepherdText, type ShepherdTokenIds } from './prm-shepherd';
export { probeServer, type ProbeOptions, type ProbeResult, type Tri } from './probe';
export { DEFAULT_ANSWER_PATTERN, DEFAULT_FORMAT, PROMPT_PRESETS, StepFormat, type PromptFormat, type PromptPreset } from './prompt';
export { blockedWithoutPrm, rewardNeed } from './reward-need';
export { SERVER_KINDS, SERVER_NAMES, type ServerKind } from './tokenize';
