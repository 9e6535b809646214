/**
 * Small valibot building blocks with the wording BundleError messages use. Every message says
 * what a value must be; errors.ts appends the path and what was found.
 */
import * as v from 'valibot';

/** A JSON object (not null, not an array). */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A strict object (unknown fields are errors, so a misspelt optional field is not silently
 * dropped) that also rejects arrays, which valibot's object schemas would otherwise accept.
 * Output keys come in `entries` order, which is what makes serialisation stable.
 */
export function obj<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(v.unknown(), v.check(isPlainObject, 'must be an object'), v.strictObject(entries));
}

/** A JSON object map with sorted keys (stable serialisation whatever order they came in). */
export function sortedRecord<const S extends v.GenericSchema>(value: S, keyMessage: string) {
  return v.pipe(
    v.unknown(),
    v.check(isPlainObject, 'must be an object'),
    v.record(v.pipe(v.string(), v.nonEmpty(keyMessage)), value),
    v.transform((rec) => Object.fromEntries(Object.keys(rec).sort().map((k) => [k, rec[k]])) as typeof rec),
  );
}

export const str = v.string('must be a string');
export const id = v.pipe(v.string('must be a non-empty string'), v.nonEmpty('must be a non-empty string'));
export const bool = v.boolean('must be true or false');

const INT0 = 'must be a non-negative integer';
export const int0 = v.pipe(v.number(INT0), v.integer(INT0), v.minValue(0, INT0));
const INT1 = 'must be a positive integer';
export const int1 = v.pipe(v.number(INT1), v.integer(INT1), v.minValue(1, INT1));
const INT = 'must be an integer';
export const int = v.pipe(v.number(INT), v.integer(INT));
const FIN = 'must be a finite number';
export const finite = v.pipe(v.number(FIN), v.finite(FIN));
const FIN0 = 'must be a finite number ≥ 0';
export const finite0 = v.pipe(v.number(FIN0), v.finite(FIN0), v.minValue(0, FIN0));
const UNIT = 'must be a number in [0, 1]';
/** A reward or probability in [0, 1]; NaN is rejected by `v.number`. */
export const unit = v.pipe(v.number(UNIT), v.minValue(0, UNIT), v.maxValue(1, UNIT));
/** A reward or null (not scored). */
export const reward = v.nullable(
  v.pipe(v.number(`${UNIT} or null`), v.minValue(0, UNIT), v.maxValue(1, UNIT)),
);

/** `v.array` with our wording. */
export function arr<const S extends v.GenericSchema>(item: S) {
  return v.array(item, 'must be an array');
}

/** `v.optional` (absent or undefined; never written when undefined). */
export const opt = v.optional;

/** One of a fixed set of strings, listed in the message. */
export function oneOf<const T extends readonly [string, ...string[]]>(options: T) {
  return v.picklist(options, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`);
}

function isJsonValue(x: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every((e) => isJsonValue(e, depth + 1));
  if (isPlainObject(x)) return Object.values(x).every((e) => isJsonValue(e, depth + 1));
  return false;
}

function sortedCopy(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortedCopy);
  if (isPlainObject(x)) {
    return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortedCopy(x[k])]));
  }
  return x;
}

/** Free-form parameters: plain JSON only, copied with keys sorted at every level. */
export const jsonObject = v.pipe(
  v.unknown(),
  v.check(isPlainObject, 'must be an object'),
  v.check((x) => isJsonValue(x), 'must hold only JSON values (finite numbers, strings, booleans, null, arrays, objects)'),
  v.transform((x) => sortedCopy(x) as Record<string, unknown>),
);
