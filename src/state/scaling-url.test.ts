import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SWEEP_STRATEGIES } from '../search/strategies/index';
import { PRESETS, presetOf } from './scaling-presets';
import { checkSetup, problemIdsFor } from './scaling-setup';
import { BUDGETS, CONVENTION_IDS, DEFAULT_SETUP, type ScalingSetup } from './scaling-store';
import { decodeScalingUrl, encodeScalingUrl, type EncodableScalingState } from './scaling-url';

const view = { convention: 'paper' as const, overlay: false, rule: null, target: null, point: null };
const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });

/** Any valid sim setup, and any reading of it, at URL precision. */
const arbState = (): fc.Arbitrary<EncodableScalingState> => fc.record({
  setup: fc.record({
    models: subset(['sim-410M', 'sim-1.4B', 'sim-7B', 'sim-34B']),
    strategies: subset(SWEEP_STRATEGIES),
    budgets: subset(BUDGETS),
    levels: subset([1, 2, 3, 4, 5]),
    count: fc.integer({ min: 1, max: 100 }),
    seeds: fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 8 }),
    subsample: fc.boolean(),
    voteRule: fc.constantFrom(undefined, 'official' as const, 'first-vote' as const),
    prm: fc.oneof(fc.constantFrom('weak' as const, 'default' as const, 'strong' as const), fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000)),
  }).map((s): ScalingSetup => ({ ...s, source: { kind: 'sim' } })),
  convention: fc.constantFrom(...CONVENTION_IDS),
  overlay: fc.boolean(),
  rule: fc.option(fc.double({ min: 1e6, max: 1e18, noNaN: true }).map((x) => Number(x.toPrecision(4))), { nil: null }),
  target: fc.option(fc.integer({ min: 1, max: 10000 }).map((x) => x / 10000), { nil: null }),
  point: fc.option(fc.record({ model: fc.constantFrom('sim-7B', 'sim-34B'), strategy: fc.constantFrom(...SWEEP_STRATEGIES), budget: fc.constantFrom(...BUDGETS) }), { nil: null }),
});

describe('decodeScalingUrl: valid links', () => {
  it('reads every key of a full link, with no notices', () => {
    const { state, notices } = decodeScalingUrl(
      '?view=scaling&src=sim&models=sim-34B,sim-7B&strategies=rebase,greedy&budgets=4,1,16&levels=5,2&count=40'
      + '&seeds=3,1&sub=0&prm=0.35&conv=prefill%2Bprm&overlay=1&rule=1.5e14&target=0.45&point=sim-7B,rebase,16',
    );
    expect(notices).toEqual([]);
    expect(state.setup).toEqual({
      source: { kind: 'sim' }, models: ['sim-7B', 'sim-34B'], strategies: ['greedy', 'rebase'], budgets: [1, 4, 16],
      levels: [2, 5], count: 40, seeds: [1, 3], subsample: false, prm: 0.35,
    });
    expect(state).toMatchObject({ view: 'scaling', convention: 'prefill+prm', overlay: true, rule: 1.5e14, target: 0.45, point: { model: 'sim-7B', strategy: 'rebase', budget: 16 } });
  });

  it('gives the Default preset for a bare view=scaling', () => {
    const { state, notices } = decodeScalingUrl('?view=scaling');
    expect(notices).toEqual([]);
    expect(state.setup).toEqual(DEFAULT_SETUP);
    expect(state).toMatchObject({ preset: null, convention: 'paper', overlay: false, rule: null, target: null, point: null });
  });

  it('starts from the named preset and lets each key override it', () => {
    const { state, notices } = decodeScalingUrl('?view=scaling&preset=paper-fig4&count=20');
    expect(notices).toEqual([]);
    expect(state.setup).toEqual({ ...PRESETS[1].setup, count: 20 });
  });

  it('reads a hand-typed conv=prefill+prm (a query reads "+" as a space)', () => {
    expect(decodeScalingUrl('?conv=prefill+prm').state.convention).toBe('prefill+prm');
  });
});

describe('decodeScalingUrl: invalid values fall back with a notice', () => {
  it('names the key, the value, the reason and the value used', () => {
    const { state, notices } = decodeScalingUrl('?view=scaling&count=abc&conv=tokens&rule=-3&overlay=yes');
    expect(state.setup.count).toBe(200);
    expect(state).toMatchObject({ convention: 'paper', rule: null, overlay: false });
    expect(notices).toEqual([
      '"count=abc" is not valid (expected a whole number from 1 to 500) — using 200',
      '"conv=tokens" is not valid (expected one of paper, prefill, prm, prefill+prm) — using paper',
      '"overlay=yes" is not valid (expected 1 or 0) — using 0',
      '"rule=-3" is not valid (expected a number of FLOPs above 0, such as 1.5e14) — using no rule',
    ]);
  });

  it('keeps the valid items of a list and names the dropped ones', () => {
    const { state, notices } = decodeScalingUrl('?budgets=1,3,8,512&strategies=rebase,dfs&models=sim-7B,gpt-9');
    expect(state.setup.budgets).toEqual([1, 8]);
    expect(state.setup.strategies).toEqual(['rebase']);
    expect(state.setup.models).toEqual(['sim-7B']);
    expect(notices.join('\n')).toMatch(/"budgets=1,3,8,512": "3", "512" ignored \(expected a power of two from 1 to 256\) — using 1,8/);
    expect(notices.join('\n')).toMatch(/"strategies=rebase,dfs": "dfs" ignored/);
    expect(notices.join('\n')).toMatch(/"models=sim-7B,gpt-9": "gpt-9" ignored/);
  });

  it('takes the preset\'s list when no item is valid, and caps seeds and count', () => {
    const { state, notices } = decodeScalingUrl('?levels=0,9&seeds=1,2,3,4,5,6,7,8,9,10&levels=3&count=300');
    expect(state.setup.levels).toEqual([1, 2, 3, 4, 5]);
    expect(state.setup.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(notices.join('\n')).toMatch(/"levels=0,9" is not valid \(expected a whole number from 1 to 5\) — using 1,2,3,4,5/);
    expect(notices.join('\n')).toMatch(/"levels" appears more than once/);
    expect(notices.join('\n')).toMatch(/"seeds=.*" has more than 8 items — using the first 8/);
    const capped = decodeScalingUrl('?levels=3&count=300');
    expect(capped.state.setup.count).toBe(100);
    expect(capped.notices).toEqual(['"count=300" is more than levels 3 hold — using 100']);
  });

  it('refuses a sweep without a PRM, an unknown preset, view or key, each with a notice', () => {
    const { state, notices } = decodeScalingUrl('?view=compare&preset=fig9&prm=none&width=64&point=sim-7B,dfs,3');
    expect(state.view).toBe('scaling');
    expect(state.setup).toEqual(DEFAULT_SETUP);
    expect(state.point).toBeNull();
    expect(notices).toHaveLength(5);
    expect(notices.join('\n')).toMatch(/"prm=none" is not valid \(.*: a sweep needs a PRM\) — using default/);
    expect(notices.join('\n')).toMatch(/"width=64" is not a setting of the Scaling view — ignored/);
  });

  it('never throws, whatever the query (fuzzed), and always gives a setup the checker accepts', () => {
    const keys = fc.constantFrom('view', 'preset', 'src', 'models', 'strategies', 'budgets', 'levels', 'count', 'seeds', 'sub', 'prm', 'conv', 'overlay', 'rule', 'target', 'point', 'x');
    const query = fc.array(fc.tuple(keys, fc.oneof(fc.string(), fc.stringMatching(/^[\d,.e+-]{0,12}$/))), { maxLength: 12 })
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    fc.assert(fc.property(fc.oneof(query, fc.string()), (q) => {
      const { state, notices } = decodeScalingUrl(q);
      expect(Array.isArray(notices)).toBe(true);
      if (state.setup.source.kind === 'sim') expect(checkSetup(state.setup).ok).toBe(true);
    }), { numRuns: 400 });
  });
});

describe('encodeScalingUrl', () => {
  it('writes every setup key and names the preset the setup equals', () => {
    const search = encodeScalingUrl({ setup: DEFAULT_SETUP, ...view });
    expect(search).toBe('?view=scaling&preset=default&src=sim&models=sim-7B,sim-34B&strategies=greedy,majority,best-of-n,weighted-majority,beam,mcts,rebase'
      + '&budgets=1,2,4,8,16,32&levels=1,2,3,4,5&count=200&seeds=0&sub=1&prm=default&conv=paper&overlay=0');
    expect(encodeScalingUrl({ setup: { ...DEFAULT_SETUP, count: 20 }, ...view })).not.toContain('preset=');
  });

  it('round-trips any state (fuzzed): decode(encode(s)) = s, with no notices', () => {
    fc.assert(fc.property(arbState(), (s) => {
      const { state, notices } = decodeScalingUrl(encodeScalingUrl(s));
      expect(notices).toEqual([]);
      expect(state.setup).toEqual(checkSetup(s.setup).ok ? (checkSetup(s.setup) as { setup: ScalingSetup }).setup : null);
      expect({ convention: state.convention, overlay: state.overlay, rule: state.rule, target: state.target, point: state.point })
        .toEqual({ convention: s.convention, overlay: s.overlay, rule: s.rule, target: s.target, point: s.point });
      expect(encodeScalingUrl(state)).toBe(encodeScalingUrl(s));
    }), { numRuns: 300 });
  });
});

describe('vote ties in the link', () => {
  it('writes votes=first-vote only for the non-default rule; a link without it (every older link) means official', () => {
    const search = encodeScalingUrl({ setup: { ...DEFAULT_SETUP, voteRule: 'first-vote' }, ...view });
    expect(search).toContain('&sub=1&votes=first-vote&');
    expect(search).not.toContain('preset=');
    expect(decodeScalingUrl(search).state.setup.voteRule).toBe('first-vote');
    expect(encodeScalingUrl({ setup: { ...DEFAULT_SETUP, voteRule: 'official' }, ...view })).not.toContain('votes=');
    const old = decodeScalingUrl('?view=scaling&preset=default');
    expect(old.state.setup.voteRule ?? 'official').toBe('official');
    expect(old.state.preset).toBe('default');
  });

  it('falls back to official with a notice for an unknown rule', () => {
    const { state, notices } = decodeScalingUrl('?view=scaling&votes=random');
    expect(state.setup.voteRule ?? 'official').toBe('official');
    expect(notices.join(' ')).toContain('votes');
  });
});

describe('presets', () => {
  it('are valid setups that encode to their own name', () => {
    for (const p of PRESETS) {
      const checked = checkSetup(p.setup);
      expect(checked).toMatchObject({ ok: true, notices: [] });
      expect(presetOf(p.setup)).toBe(p.id);
      expect(decodeScalingUrl(`?view=scaling&preset=${p.id}`).state.setup).toEqual(p.setup);
    }
  });

  it('lay out what they promise: Default sim-7B vs sim-34B × 7 strategies, n 1–32, 200 problems, seed 0; Figure 4 the same pair to n 64', () => {
    const [def, fig4, quick] = PRESETS;
    expect(def.setup).toMatchObject({ models: ['sim-7B', 'sim-34B'], budgets: [1, 2, 4, 8, 16, 32], count: 200, seeds: [0] });
    expect(def.setup.strategies).toHaveLength(7);
    expect(fig4.setup).toMatchObject({ models: ['sim-7B', 'sim-34B'], budgets: [1, 2, 4, 8, 16, 32, 64], count: 100 });
    expect(fig4.setup.strategies).toEqual([...SWEEP_STRATEGIES]);
    // MCTS runs 8·n nodes: the paper's 32/64/128 node budgets are among Figure 4's points.
    expect(fig4.setup.budgets).toEqual(expect.arrayContaining([4, 8, 16]));
    expect(quick.setup.models).toHaveLength(1);
    expect(quick.setup.count).toBe(50);
  });
});

describe('problemIdsFor', () => {
  it('spreads problems evenly over the chosen levels, interleaved', () => {
    const ids = problemIdsFor({ source: { kind: 'sim' }, levels: [2, 4, 5], count: 7 });
    expect(ids).toEqual(['sim-L2-0000', 'sim-L4-0000', 'sim-L5-0000', 'sim-L2-0001', 'sim-L4-0001', 'sim-L5-0001', 'sim-L2-0002']);
    const all = problemIdsFor({ source: { kind: 'sim' }, levels: [1, 2, 3, 4, 5], count: 200 });
    const perLevel = [1, 2, 3, 4, 5].map((l) => all.filter((id) => id.startsWith(`sim-L${l}-`)).length);
    expect(perLevel).toEqual([40, 40, 40, 40, 40]);
  });

  it('lowers a count the levels cannot fill, saying so', () => {
    const checked = checkSetup({ ...DEFAULT_SETUP, levels: [3], count: 150 });
    expect(checked).toMatchObject({ ok: true, setup: { count: 100 }, notices: ['Count lowered from 150 to 100: that is all the chosen levels hold'] });
  });
});
