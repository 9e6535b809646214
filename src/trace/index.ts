/**
 * src/trace: the trace bundle v1 (types, parse + validate, serialise), a builder, and the
 * replay and recording backends. Pure TypeScript: no DOM, no Node modules, no unseeded random numbers.
 */
export type {
  Bundle, BundleMeta, BundleModel, BundleProblem, Pool, PoolNode, PoolSampling, RunRecord, RunResult, TraceSource,
} from './bundle';
export {
  BundleError, FORMAT, SUPPORTED_VERSIONS, defaultFinishReason, isGzip, parseBundle, parseBundleText, serializeBundle,
} from './bundle';
export { BundleBuilder, type NodeInput, type RunInput } from './builder';
export { ReplayBackend, type ReplayCoverage } from './replay-backend';
export {
  RecordingBackend, isRecordedRef, unwrapPrefix, type RecordedRef, type RecordingOptions,
} from './recording-backend';
export {
  IMPORT_FORMATS, ImportError, LINE_FORMATS, createImporter, detectFormat, importAny, importText,
  type DetectedFormat, type ImportAnyOptions, type ImportFormat, type ImportOptions, type ImportResult,
} from './import/index';
