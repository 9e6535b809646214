/** Reading request JSON fields with vLLM-like 400s that name the field. */
import { badField } from './errors';

export type Body = Record<string, unknown>;

/** The parsed JSON body as an object, or a 400. */
export function objectBody(text: string): Body {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badField('body', `the request body is not valid JSON (${(e as Error).message})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badField('body', 'the request body must be a JSON object');
  return v as Body;
}

/** An optional whole number in [min, max]; null counts as absent. */
export function intField(b: Body, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badField(name, `${name} must be a whole number (got ${JSON.stringify(v)})`);
  if (v < min || v > max) throw badField(name, `${name} must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`} (got ${v})`);
  return v;
}

/** An optional finite number ≥ min. */
export function numberField(b: Body, name: string, fallback: number, min: number): number {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw badField(name, `${name} must be a number (got ${JSON.stringify(v)})`);
  if (v < min) throw badField(name, `${name} must be at least ${min} (got ${v})`);
  return v;
}

export function boolField(b: Body, name: string, fallback: boolean): boolean {
  const v = b[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw badField(name, `${name} must be true or false (got ${JSON.stringify(v)})`);
  return v;
}

/** `stop`: a string, a list of strings, or absent. */
export function stopField(b: Body): string[] {
  const v = b.stop;
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  throw badField('stop', 'stop must be a string or a list of strings');
}

/** A string field that must be present. */
export function stringField(b: Body, name: string): string {
  const v = b[name];
  if (typeof v !== 'string') throw badField(name, `${name} must be a string${v === undefined ? ' (it is missing)' : ''}`);
  return v;
}

/** A whole-number seed of any sign, as a uint32; null when absent. */
export function seedField(b: Body): number | null {
  const v = b.seed;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badField('seed', `seed must be a whole number (got ${JSON.stringify(v)})`);
  return Number(BigInt.asUintN(32, BigInt(v)));
}
