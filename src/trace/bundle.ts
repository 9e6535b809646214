/**
 * The trace bundle, version 1 (design.md §7; the format is documented field by field in
 * docs/trace-format.md). A bundle holds recorded pools of sampled steps per problem, which a
 * ReplayBackend serves again, and optionally recorded runs (their event streams).
 *
 * This module is pure: no DOM, no Node modules. Files may be gzip-compressed
 * (`*.trace.json.gz`); the I/O layers decompress, {@link isGzip} tells them when.
 */
import * as v from 'valibot';
import type { DoneEvent, SearchEvent } from '../search/events';
import type { FinishReason, Problem } from '../search/types';
import { BundleSchema, FORMAT, SUPPORTED_VERSIONS } from './schema';
import { checkBundle } from './checks';
import { BundleError, issueToError, pathOf } from './errors';

export { BundleError } from './errors';
export { FORMAT, SUPPORTED_VERSIONS } from './schema';

/** Where a bundle came from: the simulator, a live server, or an importer (`import:<format>`). */
export type TraceSource = 'sim' | 'live' | `import:${string}`;

/** Bundle-level description. Added in v1. */
export interface BundleMeta {
  title: string;
  /** ISO 8601 date or timestamp. */
  createdAt: string;
  source: TraceSource;
  notes?: string;
}

/** A model the bundle's pools refer to by id. Added in v1. */
export interface BundleModel {
  role: 'policy' | 'prm';
  name: string;
  /** Parameter count, for FLOPs (0 when unknown or not a network, e.g. human labels). */
  params: number;
}

/** A problem, exactly the search engine's `Problem` (src/search/types.ts). Added in v1. */
export type BundleProblem = Problem;

/** How a pool's steps were sampled. Added in v1. */
export interface PoolSampling {
  temperature: number;
  maxStepTokens?: number;
  stop?: string[];
}

/** One recorded step. `parent: null` = a first step after the question. Added in v1. */
export interface PoolNode {
  /** Unique within its pool. */
  id: string;
  parent: string | null;
  text: string;
  /** Completion tokens the policy generated for this step. */
  tokens: number;
  /** PRM reward in [0, 1] of this step given its path; null when not scored. */
  reward: number | null;
  terminal: boolean;
  answer?: string;
  /** Whether `answer` grades as correct, when the producer knew. */
  correct?: boolean;
  /** Absent = the default, {@link defaultFinishReason}. */
  finishReason?: FinishReason;
}

/** Every step sampled for one problem with one policy (and scored with one PRM). Added in v1. */
export interface Pool {
  problemId: string;
  /** Id of a `policy` model in `models`. */
  policy: string;
  /** Id of a `prm` model in `models`, or null when the steps were never scored. */
  prm: string | null;
  sampling: PoolSampling;
  /**
   * Prompt tokens of the question as the policy server counted them (the `prefill` compute
   * convention charges them once per run). Optional; added in v1.
   */
  promptTokens?: number;
  /** Children of a node keep their order in this array (the recorded order). */
  nodes: PoolNode[];
}

/** The `done` event's fields without its `type`. Added in v1. */
export type RunResult = Omit<DoneEvent, 'type'>;

/** One recorded strategy run. Its events' node ids are the run tree's integer ids. Added in v1. */
export interface RunRecord {
  id: string;
  problemId: string;
  strategy: { name: string; params: Record<string, unknown> };
  seed: number;
  events: SearchEvent[];
  result: RunResult;
}

/** A whole trace bundle, version 1. */
export interface Bundle {
  format: typeof FORMAT;
  version: 1;
  meta: BundleMeta;
  /** Keyed by model id. */
  models: Record<string, BundleModel>;
  problems: BundleProblem[];
  pools: Pool[];
  /** Optional. */
  runs?: RunRecord[];
}

/** The finish reason a node without `finishReason` stands for: `eos` when terminal, else `stop`. */
export function defaultFinishReason(terminal: boolean): FinishReason {
  return terminal ? 'eos' : 'stop';
}

/**
 * Validate a parsed JSON value and return a fresh, fully checked Bundle. Throws one
 * {@link BundleError} naming the JSON path of the first problem; never returns a partial bundle.
 */
export function parseBundle(json: unknown): Bundle {
  precheck(json);
  const result = v.safeParse(BundleSchema, json, { abortEarly: true });
  if (!result.success) throw issueToError(result.issues[0]);
  const bundle = result.output as Bundle;
  checkBundle(bundle);
  return bundle;
}

/** Parse bundle text (already decompressed; a leading BOM is ignored) — see {@link parseBundle}. */
export function parseBundleText(text: string): Bundle {
  if (text.charCodeAt(0) === 0x1f && text.charCodeAt(1) === 0x8b) {
    throw new BundleError('', 'this is gzip-compressed data; decompress it before parsing');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new BundleError('', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseBundle(json);
}

/**
 * Serialise a bundle as JSON in a stable key order (schema order; model ids and strategy
 * parameters sorted), ending with a newline. Validates first, so it never writes a file that
 * cannot be read back; `serializeBundle(parseBundle(JSON.parse(serializeBundle(b))))` is
 * byte-identical to `serializeBundle(b)`.
 */
export function serializeBundle(bundle: Bundle, options: { indent?: number } = {}): string {
  return `${JSON.stringify(parseBundle(bundle), null, options.indent)}\n`;
}

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * What is wrong with a version field: a number this build does not read, a string where the number
 * belongs ("1" is not 1), or nothing.
 */
function versionMessage(v: unknown): string {
  const reads = SUPPORTED_VERSIONS.join(', ');
  if (v === undefined) return `unsupported version (missing); this build reads version ${reads}`;
  if (typeof v === 'string' && (SUPPORTED_VERSIONS as readonly number[]).includes(Number(v))) {
    return `must be the number ${v}, not the string "${v}"`;
  }
  return `unsupported version ${JSON.stringify(v)}; this build reads version ${reads}`;
}

/** Format and version first, so a future version's file gets the version message, not noise. */
function precheck(json: unknown): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BundleError('', `must be a JSON object (got ${Array.isArray(json) ? 'an array' : String(json)})`);
  }
  const rec = json as Record<string, unknown>;
  if (rec.format !== FORMAT) {
    throw new BundleError(pathOf(['format']), `must be "${FORMAT}" (got ${JSON.stringify(rec.format) ?? 'nothing'})`);
  }
  if (!(SUPPORTED_VERSIONS as readonly unknown[]).includes(rec.version)) {
    throw new BundleError(pathOf(['version']),
      versionMessage(rec.version));
  }
}
