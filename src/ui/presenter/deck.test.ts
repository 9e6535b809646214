import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeExplorerUrl } from '../../state/url-codec';
import { decodeScalingUrl } from '../../state/scaling-url';
import { decodeStageUrl } from '../../state/stage-url';
import { decodeCompareUrl } from '../../state/compare-url';
import { HYPOTHETICAL_MODELS } from '../../sim/index';
import { BUILT_IN_DECK, parseDeck, validateDeck } from './deck';

const good = () => ({
  title: 'Mine',
  scenes: [
    { title: 'One', caption: 'First', view: 'explorer', query: 'view=explorer&s=greedy' },
    { title: 'Two', caption: 'Second', view: 'scaling', query: '?view=scaling&models=sim-7B' },
  ],
});

const errorsOf = (deck: unknown): string[] => {
  const r = validateDeck(deck);
  return r.ok ? [] : r.errors;
};

describe('the built-in deck', () => {
  it('is valid, tells the story in at least six scenes and uses the Explorer, Scaling and the Stage', () => {
    const r = parseDeck(readFileSync(new URL('./deck.json', import.meta.url), 'utf8'));
    expect(r.ok).toBe(true);
    expect(BUILT_IN_DECK.scenes.length).toBeGreaterThanOrEqual(6);
    expect(new Set(BUILT_IN_DECK.scenes.map((s) => s.view))).toEqual(new Set(['explorer', 'scaling', 'stage']));
  });

  it('has scene queries each view reads without a single notice', () => {
    for (const [i, s] of BUILT_IN_DECK.scenes.entries()) {
      const decode = { scaling: decodeScalingUrl, stage: decodeStageUrl, compare: decodeCompareUrl, explorer: decodeExplorerUrl }[s.view];
      const notices = decode(s.query).notices;
      expect(notices, `scene ${i}`).toEqual([]);
      expect(s.query.startsWith(`?view=${s.view}`)).toBe(true);
    }
  });

  it('says "hypothetical" in every scene that shows sim-410M or sim-1.4B, and shows the Stage on sizes the paper measured', () => {
    const named = (s: { query: string }) => HYPOTHETICAL_MODELS.filter((m) => new RegExp(`[=,]${m.replace('.', '\\.')}(?:[,&]|$)`).test(s.query));
    const small = BUILT_IN_DECK.scenes.filter((s) => named(s).length > 0);
    expect(small.length).toBeGreaterThan(0); // the small-model scene stays
    for (const s of small) expect(`${s.title} ${s.caption}`, s.title).toMatch(/hypothetical/i);
    for (const s of BUILT_IN_DECK.scenes.filter((x) => x.view === 'stage')) expect(named(s), s.title).toEqual([]);
  });
});

describe('validateDeck', () => {
  it('accepts a good deck and adds the view key a query lacks', () => {
    const r = validateDeck({ scenes: [{ title: 't', caption: 'c', view: 'scaling', query: 'models=sim-7B' }] });
    expect(r).toEqual({ ok: true, deck: { title: 'Deck', scenes: [{ title: 't', caption: 'c', view: 'scaling', query: '?view=scaling&models=sim-7B' }] } });
    expect(validateDeck(good()).ok).toBe(true);
  });

  it('names scenes[i].field for each bad field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['title', '', /^scenes\[1\]\.title: expected a title/],
      ['title', 3, /^scenes\[1\]\.title: .*got number/],
      ['caption', undefined, /^scenes\[1\]\.caption: expected a caption .*got nothing/],
      ['view', 'chart', /^scenes\[1\]\.view: expected one of "stage", "explorer", "scaling", "compare", got "chart"/],
      ['query', 42, /^scenes\[1\]\.query: expected the view's URL query string/],
      ['query', 'view=explorer&s=rebase', /^scenes\[1\]\.query: says view=explorer but the scene's view is "scaling"/],
      ['query', 'models=sim 7B', /^scenes\[1\]\.query: a query string has no spaces/],
      ['colour', 'red', /^scenes\[1\]\.colour: not a scene field/],
    ];
    for (const [field, value, message] of cases) {
      const deck = good();
      (deck.scenes[1] as Record<string, unknown>)[field] = value;
      const errors = errorsOf(deck);
      expect(errors, `${field}=${String(value)}`).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    }
  });

  it('lists every problem, not only the first', () => {
    const errors = errorsOf({ scenes: [{ title: '', caption: 'c', view: 'x', query: 'q' }, 'nope'] });
    expect(errors).toEqual([
      expect.stringMatching(/^scenes\[0\]\.title:/),
      expect.stringMatching(/^scenes\[0\]\.view:/),
      expect.stringMatching(/^scenes\[1\]: expected a scene object/),
    ]);
  });

  it('checks the deck itself', () => {
    expect(errorsOf([])).toEqual([expect.stringMatching(/^deck: expected an object/)]);
    expect(errorsOf({ scenes: [] })).toEqual(['scenes: a deck needs at least one scene']);
    expect(errorsOf({ scenes: {} })).toEqual([expect.stringMatching(/^scenes: expected an array/)]);
    expect(errorsOf({ ...good(), title: '' })).toEqual([expect.stringMatching(/^title: /)]);
    expect(errorsOf({ ...good(), theme: 'dark' })).toEqual(['theme: not a deck field (title, scenes)']);
    const bad = parseDeck('{ scenes: ');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]).toMatch(/^deck: not valid JSON/);
  });
});
