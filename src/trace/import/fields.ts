/**
 * Reading untrusted JSON records field by field. Every failure is one {@link ImportError} that
 * names the format, the line (or array index) and the field path, e.g.
 * `openr-records: line 3: output[0].value[2]: must be a number in [0, 1] (got 1.5)`.
 */

/** One clear error about an input file: `<format>: <where>: <field path>: <what is wrong>`. */
export class ImportError extends Error {
  constructor(
    /** The format being imported (`prm800k`, …), or `import` before one is known. */
    readonly format: string,
    /** Where in the file: `line 3`, `[2]`, or '' for the whole document. */
    readonly where: string,
    /** The field path inside that record (`output[0].value`), or ''. */
    readonly field: string,
    readonly detail: string,
  ) {
    super([format, where, field, detail].filter((s) => s !== '').join(': '));
    this.name = 'ImportError';
  }
}

/** A value shown in an error message: JSON, cut short. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** A position inside a record: the format, the record's place in the file and a field path. */
export class At {
  constructor(readonly format: string, readonly where: string, readonly path = '') {}

  /** The position of a field or array element below this one. */
  at(key: string | number): At {
    const path = typeof key === 'number' ? `${this.path}[${key}]` : this.path === '' ? key : `${this.path}.${key}`;
    return new At(this.format, this.where, path);
  }

  /** The error for this position (`throw at.err(…)`). */
  err(detail: string, got?: unknown, showGot = true): ImportError {
    return new ImportError(this.format, this.where, this.path, showGot ? `${detail} (got ${shown(got)})` : detail);
  }
}

export type Json = Record<string, unknown>;

export function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value must be a JSON object. */
export function object(value: unknown, at: At): Json {
  if (!isObject(value)) throw at.err('must be an object', value);
  return value;
}

/** A required string field. */
export function str(o: Json, key: string, at: At): string {
  const v = o[key];
  if (typeof v !== 'string') throw at.at(key).err(v === undefined ? 'is missing' : 'must be a string', v, v !== undefined);
  return v;
}

/** An optional string field (absent or null → undefined). */
export function optStr(o: Json, key: string, at: At): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw at.at(key).err('must be a string or null', v);
  return v;
}

/** An optional finite number field (absent or null → undefined). */
export function optNum(o: Json, key: string, at: At): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw at.at(key).err('must be a finite number or null', v);
  return v;
}

/** A required array field. */
export function arr(o: Json, key: string, at: At): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw at.at(key).err(v === undefined ? 'is missing' : 'must be an array', v, v !== undefined);
  return v;
}

/** A required object field. */
export function obj(o: Json, key: string, at: At): Json {
  const v = o[key];
  if (!isObject(v)) throw at.at(key).err(v === undefined ? 'is missing' : 'must be an object', v, v !== undefined);
  return v;
}

/** A reward: a number in [0, 1] (NaN and infinities rejected). */
export function unit(value: unknown, at: At): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw at.err('must be a number in [0, 1]', value);
  return value;
}

/** A non-negative integer (a token count). */
export function count(value: unknown, at: At): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw at.err('must be a non-negative integer', value);
  return value;
}

/** An array of strings. */
export function strings(value: unknown, at: At): string[] {
  if (!Array.isArray(value)) throw at.err('must be an array of strings', value);
  value.forEach((s, i) => {
    if (typeof s !== 'string') throw at.at(i).err('must be a string', s);
  });
  return value as string[];
}
