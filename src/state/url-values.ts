/**
 * Parsers and formatters for the single values of the Explorer's URL (url-codec.ts puts them
 * together). Each parser returns a value or the reason it is not one, never throws, and accepts
 * only the one spelling its formatter writes (plus harmless variants such as "1.50"), so a link
 * is read the same way everywhere.
 */
import { PRM_PRESETS } from '../sim/index';
import type { Camera, PrmChoice, SourceRef } from './explorer-store';

/** A parsed value, or why the text is not one (shown to the user in a notice). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Plain decimal numbers only: no hex, no "Infinity", no empty string (which Number() reads as 0). */
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Camera zoom bounds; outside them a view is a dot or a blur, so a link asking for it is broken. */
export const ZOOM_MIN = 0.01;
export const ZOOM_MAX = 100;

/** Seeds are 32-bit unsigned integers, as `runSeed` hashes them. */
export const SEED_MAX = 0xffff_ffff;

/** A finite number written in plain decimal notation. */
export function parseNumber(text: string): Parsed<number> {
  const s = text.trim();
  if (!NUMBER.test(s)) return bad('expected a number');
  const x = Number(s);
  return Number.isFinite(x) ? ok(x) : bad('expected a finite number');
}

/** A whole number in [min, max]. */
export function parseWhole(text: string, min: number, max: number): Parsed<number> {
  const p = parseNumber(text);
  if (!p.ok || !Number.isInteger(p.value) || p.value < min || p.value > max) return bad(`expected a whole number from ${min} to ${max}`);
  return p;
}

/** One of a fixed set of words. */
export function parseWord<T extends string>(text: string, options: readonly T[]): Parsed<T> {
  return (options as readonly string[]).includes(text) ? ok(text as T) : bad(`expected one of ${options.join(', ')}`);
}

/**
 * A name taken from a link (fixture stem, file name, model or problem id). Printable characters
 * only and bounded length: it ends up in labels and notices, never in HTML.
 */
export function parseName(text: string): Parsed<string> {
  if (text.length === 0) return bad('expected a name');
  if (text.length > 200) return bad('expected at most 200 characters');
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(text)) return bad('expected printable characters');
  return ok(text);
}

/** `sim`, `fixture:<stem>` or `file:<name>`. */
export function parseSource(text: string): Parsed<SourceRef> {
  if (text === 'sim') return ok({ kind: 'sim' });
  const m = /^(fixture|file):(.*)$/s.exec(text);
  if (!m) return bad('expected sim, fixture:<name> or file:<name>');
  const name = parseName(m[2]);
  if (!name.ok) return name;
  if (m[1] === 'fixture' && !/^[\w.-]+$/.test(name.value)) return bad('a fixture name has letters, digits, ".", "_" and "-" only');
  return ok(m[1] === 'fixture' ? { kind: 'fixture', name: name.value } : { kind: 'file', name: name.value });
}

/**
 * What the Explorer's `src` also accepts besides {@link parseSource}'s: `live:<server id>` (a
 * configured live server) and `rec:<recording id>` (a recording in this browser's Library).
 */
export function parseExplorerSource(text: string): Parsed<SourceRef> {
  const m = /^(live|rec):(.*)$/s.exec(text);
  if (!m) {
    const p = parseSource(text);
    return p.ok ? p : bad('expected sim, fixture:<name>, file:<name>, live:<server> or rec:<recording>');
  }
  if (!/^[\w.-]{1,80}$/.test(m[2])) return bad(`a ${m[1] === 'live' ? 'server' : 'recording'} id has letters, digits, ".", "_" and "-" only`);
  return ok(m[1] === 'live' ? { kind: 'live', id: m[2] } : { kind: 'recording', id: m[2] });
}

/** The URL form of a source (the inverse of {@link parseSource} and {@link parseExplorerSource}). */
export function formatSource(source: SourceRef): string {
  switch (source.kind) {
    case 'sim':
      return 'sim';
    case 'live':
      return `live:${source.id}`;
    case 'recording':
      return `rec:${source.id}`;
    default:
      return `${source.kind}:${source.name}`;
  }
}

const PRM_WORDS = [...Object.keys(PRM_PRESETS), 'none'] as PrmChoice[];

/** A PRM preset, `none`, or a quality in [0, 1]. */
export function parsePrm(text: string): Parsed<PrmChoice> {
  if ((PRM_WORDS as unknown[]).includes(text)) return ok(text as PrmChoice);
  const x = parseNumber(text);
  if (x.ok && x.value >= 0 && x.value <= 1) return x;
  return bad(`expected ${PRM_WORDS.join(', ')} or a number in [0, 1]`);
}

/** Whether a value (from code, not a URL) is a valid PRM choice. */
export function isPrmChoice(x: unknown): x is PrmChoice {
  return typeof x === 'number' ? x >= 0 && x <= 1 : (PRM_WORDS as unknown[]).includes(x);
}

/** Whether a camera has finite coordinates and a zoom in [ZOOM_MIN, ZOOM_MAX]. */
export function isCamera(c: unknown): c is Camera {
  if (typeof c !== 'object' || c === null) return false;
  const { x, y, k } = c as Record<string, unknown>;
  return typeof x === 'number' && typeof y === 'number' && typeof k === 'number'
    && Number.isFinite(x) && Number.isFinite(y) && k >= ZOOM_MIN && k <= ZOOM_MAX;
}

/** `x,y,k`, or `x,y,k,l` with the level spacing the camera was taken at (added with Fit/Follow). */
export function parseCamera(text: string): Parsed<Camera> {
  const parts = text.split(',').map(parseNumber);
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((p) => !p.ok)) return bad('expected x,y,k or x,y,k,l (three or four numbers)');
  const [x, y, k, l] = parts.map((p) => (p as { value: number }).value);
  if (!(k >= ZOOM_MIN && k <= ZOOM_MAX)) return bad(`expected a zoom k from ${ZOOM_MIN} to ${ZOOM_MAX}`);
  if (l !== undefined && !(l >= 10 && l <= 1000)) return bad('expected a level spacing l from 10 to 1000');
  return ok(l === undefined ? { x, y, k } : { x, y, k, l });
}

/**
 * The URL form of a camera, rounded (pan to 0.1 px, zoom to 4 significant digits) so the address
 * bar stays short; a rounded camera encodes to itself.
 */
export function formatCamera(c: Camera): string {
  const r = (v: number) => String(Math.round(v * 10) / 10 || 0);
  const k = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Number(c.k.toPrecision(4))));
  return c.l === undefined ? `${r(c.x)},${r(c.y)},${k}` : `${r(c.x)},${r(c.y)},${k},${r(c.l)}`;
}

/** A value as a notice shows it: short, on one line. */
export function shown(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/**
 * The first value of each key of a query string; a key repeated with a different value adds a
 * notice (every view's codec reads its URL this way).
 */
export function firstValues(search: string, notices: string[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(search)) {
    if (!first.has(key)) first.set(key, value);
    else if (first.get(key) !== value) notices.push(`"${shown(key)}" appears more than once — using the first value, "${shown(first.get(key)!)}"`);
  }
  return first;
}

/** Reads one key of a query: its parsed value, or the fallback with a notice naming the bad value. */
export type ValueReader = <T>(key: string, parse: (v: string) => Parsed<T>, fallback: T, label?: (x: T) => string, quiet?: boolean) => T;

/**
 * The reader every view's codec uses over a query's first values: a missing key gives the fallback
 * silently; a bad value gives it with the notice `"key=value" is not valid (why) — using …` (none
 * when `quiet`).
 */
export function valueReader(first: ReadonlyMap<string, string>, notices: string[]): ValueReader {
  return (key, parse, fallback, label = String, quiet = false) => {
    const v = first.get(key);
    if (v === undefined) return fallback;
    const p = parse(v);
    if (p.ok) return p.value;
    if (!quiet) notices.push(`"${key}=${shown(v)}" is not valid (${p.reason}) — using ${label(fallback)}`);
    return fallback;
  };
}
