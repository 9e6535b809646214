import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Bundle } from './bundle';
import { BundleError, isGzip, parseBundle, parseBundleText, serializeBundle } from './bundle';
import { exampleBundleJson } from './testing';

/** The same object with its keys in reverse order at every level. */
function reversedKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(reversedKeys);
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(Object.keys(x).reverse().map((k) => [k, reversedKeys((x as Record<string, unknown>)[k])]));
  }
  return x;
}

describe('serializeBundle', () => {
  it('round-trips: parse → serialize → parse gives an equal bundle, and re-serialises byte for byte', () => {
    const first = parseBundle(exampleBundleJson());
    const text = serializeBundle(first);
    const second = parseBundleText(text);
    expect(second).toEqual(first);
    expect(serializeBundle(second)).toBe(text);
  });

  it('writes the same bytes whatever order the keys came in', () => {
    const canonical = serializeBundle(parseBundle(exampleBundleJson()));
    const shuffled = reversedKeys(exampleBundleJson());
    expect(serializeBundle(shuffled as Bundle)).toBe(canonical);
    expect(canonical.startsWith('{"format":"inference-frontier-trace","version":1,"meta":{"title":"Example"')).toBe(true);
    expect(canonical).toContain('"models":{"sim-1B":');
    expect(canonical).toContain('"params":{"budget":32,"rollout":false}');
  });

  it('writes node fields in documented order and leaves absent optional fields out', () => {
    const text = serializeBundle(parseBundle(exampleBundleJson()));
    expect(text).toContain('{"id":"a","parent":null,"text":"6 × 7 means six sevens.","tokens":8,"reward":0.9,"terminal":false}');
    expect(text).toContain('{"id":"b1","parent":"b","text":"The answer is 41.","tokens":6,"reward":0.2,"terminal":true,"answer":"41","correct":false,"finishReason":"length"}');
    expect(text).not.toContain('undefined');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps an unvisited child\'s UCT across a round trip (null in the file, Infinity in memory)', () => {
    const text = serializeBundle(parseBundle(exampleBundleJson()));
    expect(text).toContain('"uct":[null]');
    expect(parseBundleText(text).runs?.[0].events[3]).toMatchObject({ uct: [Infinity] });
  });

  it('indents on request', () => {
    const text = serializeBundle(parseBundle(exampleBundleJson()), { indent: 2 });
    expect(text.split('\n')[1]).toBe('  "format": "inference-frontier-trace",');
  });

  it('refuses to write an invalid bundle', () => {
    const bundle = parseBundle(exampleBundleJson());
    bundle.pools[0].nodes[0].reward = 1.5;
    expect(() => serializeBundle(bundle)).toThrow(BundleError);
    expect(() => serializeBundle(bundle)).toThrow('pools[0].nodes[0].reward: must be a number in [0, 1] (got 1.5)');
  });
});

describe('isGzip', () => {
  it('recognises gzip data, which the I/O layer then decompresses before parsing', () => {
    const text = serializeBundle(parseBundle(exampleBundleJson()));
    const gz = new Uint8Array(gzipSync(text));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(new TextEncoder().encode(text))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
    expect(isGzip(new Uint8Array())).toBe(false);
    expect(parseBundleText(gunzipSync(gz).toString('utf8'))).toEqual(parseBundleText(text));
  });
});
