/**
 * Deterministic 32-bit hashing. Everything the sim draws "per problem", "per model" or "per node"
 * (hardness, misconceptions, phrasing preferences, PRM noise) is a hash of identities, never a
 * draw from call order, so the same problem, model and path always behave the same.
 */
import { hashSeed } from '../search/rng';

/** murmur3's 32-bit finaliser: a cheap, well-mixed bijection on uint32. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of an ordered pair of uint32 values (a path hash extended by one step code, …). */
export function combine(a: number, b: number): number {
  return mix32((a ^ Math.imul((b + 0x9e3779b9) | 0, 0x27d4eb2d)) >>> 0);
}

/** Hash of a string, e.g. a problem id or a model id. */
export function hashText(s: string): number {
  return mix32(hashSeed(0x51a7, s));
}

/** A float in the open interval (0, 1) derived from a hash. */
export function unit(h: number): number {
  return (mix32(h ^ 0x6a09e667) + 0.5) / 4294967296;
}

/** A standard normal deviate derived from a hash (Box–Muller over two derived uniforms). */
export function gaussian(h: number): number {
  const u1 = unit(h);
  const u2 = unit(h ^ 0x3c6ef372);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Hash of a few labelled parts, for per-(problem, model, step) draws outside the hot path. */
export function hashParts(...parts: readonly (string | number)[]): number {
  let h = 0x2408_0724;
  for (const p of parts) h = combine(h, typeof p === 'number' ? p >>> 0 : hashText(p));
  return h;
}
