import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from './rng';

describe('seeded rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(sa);
  });

  it('draws floats in [0,1) with a roughly uniform mean, and ints in range', () => {
    const r = createRng(7);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20000).toBeGreaterThan(0.48);
    expect(sum / 20000).toBeLessThan(0.52);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it('forks independent streams by label without advancing the parent', () => {
    const r = createRng(1);
    const f1 = r.fork('a').next(), f2 = r.fork('a').next(), f3 = r.fork('b').next();
    expect(f1).toBe(f2);
    expect(f1).not.toBe(f3);
    expect(r.next()).toBe(createRng(1).next());
    expect(hashSeed(1, 'a')).not.toBe(hashSeed(2, 'a'));
  });
});
