/**
 * Valibot schema of the trace bundle v1 (design.md §7). Field order here is the order
 * `serializeBundle` writes. Checks that span several fields (ids that must exist, cycles,
 * roles) live in checks.ts; this file checks each value on its own.
 */
import * as v from 'valibot';
import type {
  Bundle, BundleMeta, BundleModel, BundleProblem, Pool, PoolNode, PoolSampling, RunRecord, TraceSource,
} from './bundle';
import { RunResultSchema, SearchEventSchema } from './event-schema';
import {
  arr, bool, finite, finite0, id, int, int1, int0, jsonObject, obj, oneOf, opt, reward, sortedRecord, str,
} from './schema-parts';

/** The `format` every bundle carries. */
export const FORMAT = 'inference-frontier-trace';
/** Versions this build reads. */
export const SUPPORTED_VERSIONS = [1] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isSource(x: unknown): x is TraceSource {
  return x === 'sim' || x === 'live' || (typeof x === 'string' && /^import:\S+$/.test(x));
}

export const MetaSchema = obj({
  title: str,
  createdAt: v.pipe(v.string('must be a string'), v.regex(ISO_DATE, 'must be an ISO 8601 date or timestamp, e.g. "2026-11-26T12:00:00Z"')),
  source: v.custom<TraceSource>(isSource, 'must be "sim", "live" or "import:<format>"'),
  notes: opt(str),
});

export const ModelSchema = obj({
  role: oneOf(['policy', 'prm']),
  name: id,
  params: finite0,
});

export const ProblemSchema = obj({
  id,
  question: str,
  answer: str,
  dataset: opt(str),
  level: opt(finite),
  subject: opt(str),
  grading: opt(oneOf(['math', 'gsm8k'])),
});

export const SamplingSchema = obj({
  temperature: finite0,
  maxStepTokens: opt(int1),
  stop: opt(arr(str)),
});

export const PoolNodeSchema = obj({
  id,
  parent: v.nullable(v.pipe(v.string('must be a node id (string) or null'), v.nonEmpty('must be a node id (string) or null'))),
  text: str,
  tokens: int0,
  reward,
  terminal: bool,
  answer: opt(str),
  correct: opt(bool),
  finishReason: opt(oneOf(['stop', 'length', 'eos'])),
});

export const PoolSchema = obj({
  problemId: id,
  policy: id,
  prm: v.nullable(v.pipe(v.string('must be a model id (string) or null'), v.nonEmpty('must be a model id (string) or null'))),
  sampling: SamplingSchema,
  promptTokens: opt(int0),
  nodes: arr(PoolNodeSchema),
});

export const RunSchema = obj({
  id,
  problemId: id,
  strategy: obj({ name: id, params: jsonObject }),
  seed: int,
  events: arr(SearchEventSchema),
  result: RunResultSchema,
});

/** The whole bundle. `format` and `version` are prechecked for a clearer message. */
export const BundleSchema = obj({
  format: v.literal(FORMAT, `must be "${FORMAT}"`),
  version: v.literal(1, 'must be 1'),
  meta: MetaSchema,
  models: sortedRecord(ModelSchema, 'model ids must not be empty'),
  problems: arr(ProblemSchema),
  pools: arr(PoolSchema),
  runs: opt(arr(RunSchema)),
});

// ---- compile-time agreement between these schemas and the interfaces in bundle.ts ----------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type Exact<A, B> = Same<A, B> extends true ? SameKeys<A, B> : false;
type Assert<T extends true> = T;
type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export type _BundleSchemaChecks = [
  Assert<Exact<Out<typeof MetaSchema>, BundleMeta>>,
  Assert<Exact<Out<typeof ModelSchema>, BundleModel>>,
  Assert<Exact<Out<typeof ProblemSchema>, BundleProblem>>,
  Assert<Exact<Out<typeof SamplingSchema>, PoolSampling>>,
  Assert<Exact<Out<typeof PoolNodeSchema>, PoolNode>>,
  Assert<Exact<Out<typeof PoolSchema>, Pool>>,
  Assert<Exact<Out<typeof RunSchema>, RunRecord>>,
  Assert<Exact<Out<typeof BundleSchema>, Bundle>>,
];
