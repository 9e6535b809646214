import { describe, expect, it } from 'vitest';
import { HttpClient } from './http-client';
import { fakeFetch, json } from './testing/fake-server';
import { reconcile, splitTotal, Tokenizer } from './tokenize';

describe('splitting a token total', () => {
  it('splitTotal: proportional, integer, exact in sum', () => {
    expect(splitTotal(10, [1, 1, 2])).toEqual([3, 2, 5]);
    expect(splitTotal(7, [0, 0])).toEqual([4, 3]);
    expect(splitTotal(0, [5, 5])).toEqual([0, 0]);
    for (const [t, w] of [[101, [3, 7, 11, 13]], [5, [100, 1, 1]], [1, [1, 1, 1]]] as const) {
      expect(splitTotal(t, w).reduce((s, x) => s + x, 0)).toBe(t);
    }
  });

  it('reconcile: parts keep their own counts and share the unseen stop/EOS tokens evenly', () => {
    expect(reconcile(13, [4, 2, 4])).toEqual([5, 3, 5]);
    expect(reconcile(10, [4, 2, 4])).toEqual([4, 2, 4]);
    // More counted than generated (tokens merged across a boundary): proportional.
    expect(reconcile(8, [4, 2, 4]).reduce((s, x) => s + x, 0)).toBe(8);
  });
});

describe('Tokenizer dialects', () => {
  const cases = [
    ['vllm', { model: 'm', prompt: 'a b', add_special_tokens: false }, { count: 2, tokens: [5, 6] }],
    ['llamacpp', { content: 'a b', add_special: false }, { tokens: [{ id: 5, piece: 'a' }, { id: 6, piece: ' b' }] }],
    ['tgi', { inputs: 'a b', add_special_tokens: false }, [{ id: 5, text: 'a', start: 0, stop: 1 }, { id: 6, text: ' b', start: 1, stop: 3 }]],
  ] as const;
  for (const [kind, body, answer] of cases) {
    it(`${kind}: sends its request shape and reads its answer`, async () => {
      const f = fakeFetch(() => json(answer));
      const t = new Tokenizer(new HttpClient('http://h:1', { fetch: f.fetch }), 'm', kind);
      expect(await t.ids('a b', false)).toEqual([5, 6]);
      expect(f.requests[0].body).toEqual(body);
    });
  }

  it('remembers a server without /tokenize (404) and Ollama without asking', async () => {
    const f = fakeFetch(() => json({ detail: 'Not Found' }, 404));
    const t = new Tokenizer(new HttpClient('http://h:1', { fetch: f.fetch }), 'm', 'vllm');
    expect(await t.counts(['a', 'b'])).toBeNull();
    expect(await t.ids('a', true)).toBeNull();
    expect(f.requests).toHaveLength(1);
    const o = new Tokenizer(new HttpClient('http://h:1', { fetch: f.fetch }), 'm', 'ollama');
    expect(await o.ids('a', true)).toBeNull();
    expect(f.requests).toHaveLength(1);
  });
});
