import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../search/strategies/index';
import { DEFAULT_PARAMS } from './explorer-store';
import { checkSpec } from './spec-query';
import { decodeExplorerUrl, encodeExplorerUrl, type EncodableExplorerState } from './url-codec';
import { formatCamera, isCamera, parseCamera } from './url-values';

const printable = fc.string({ minLength: 1, maxLength: 30 }).filter((x) => [...x].every((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f'));
const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const vote = { aggregate: fc.constantFrom('majority', 'best-of-n', 'weighted-majority'), scoreAgg: fc.constantFrom('last', 'min', 'mean', 'prod'), temperature: num(0, 5), maxDepth: fc.integer({ min: 1, max: 200 }) };
const rawSpec = fc.oneof(
  fc.record({ name: fc.constant('greedy'), params: fc.record({ maxDepth: vote.maxDepth }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('sample'), params: fc.record({ n: fc.integer({ min: 1, max: 1024 }), ...vote }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('beam'), params: fc.record({ n: fc.integer({ min: 1, max: 64 }), m: fc.integer({ min: 1, max: 64 }), dvts: fc.boolean(), ...vote }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('mcts'), params: fc.record({ budget: fc.integer({ min: 1, max: 2048 }), c: num(0, 4), kRoot: fc.integer({ min: 1, max: 256 }), rollout: fc.boolean(), maxIterations: fc.integer({ min: 1, max: 8192 }), ...vote }, { requiredKeys: [] }) }),
  fc.record({ name: fc.constant('rebase'), params: fc.record({ width: fc.integer({ min: 1, max: 1024 }), preset: fc.constantFrom('official', 'paper'), tb: num(0.001, 5), allocation: fc.constantFrom('reference', 'paper'), ...vote }, { requiredKeys: [] }) }),
);
const validSpec = rawSpec.map((raw) => { try { return checkSpec(raw); } catch { return null; } }).filter((x) => x !== null);
const simSide = fc.record({
  source: fc.constant({ kind: 'sim' as const }),
  model: fc.constantFrom('sim-410M', 'sim-1.4B', 'sim-7B', 'sim-34B'),
  prm: fc.oneof(fc.constantFrom('weak' as const, 'default' as const, 'strong' as const, 'none' as const), num(0, 1)),
  problemId: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 99999 })).map(([l, i]) => `sim-L${l}-${String(i).padStart(4, '0')}`),
});
const fixtureSide = fc.record({
  source: fc.stringMatching(/^[\w.-]{1,20}$/).map((name) => ({ kind: 'fixture' as const, name })),
  model: printable,
  prm: fc.constant(DEFAULT_PARAMS.prm),
  problemId: printable,
});
/** Any state the Explorer can be in, with its camera already at URL precision. */
const arbExplorerState = (): fc.Arbitrary<EncodableExplorerState> => fc.record({
  params: fc.tuple(fc.oneof(simSide, fixtureSide), validSpec, fc.integer({ min: 0, max: 0xffffffff })).map(([side, spec, seed]) => ({ ...side, spec, seed })),
  playhead: fc.nat(),
  granularity: fc.constantFrom('event' as const, 'step' as const),
  orientation: fc.constantFrom('tb' as const, 'lr' as const),
  speed: fc.oneof(fc.constantFrom(0.25, 0.5, 1, 2, 4, 8), num(0.25, 8)),
  selection: fc.option(fc.nat(), { nil: null }),
  camera: fc.option(fc.record({ x: num(-1e6, 1e6), y: num(-1e6, 1e6), k: num(0.01, 100) }).map((c) => parseCamera(formatCamera(c))).map((p) => (p.ok ? p.value : null)), { nil: null }),
});

const base: EncodableExplorerState = {
  params: DEFAULT_PARAMS, playhead: 0, granularity: 'step', orientation: 'tb', speed: 1, selection: null, camera: null,
};

describe('decodeExplorerUrl: valid links', () => {
  it('reads every key of a full link, with no notices', () => {
    const { state, notices } = decodeExplorerUrl(
      '?view=explorer&src=sim&model=sim-34B&prm=0.35&problem=sim-L5-0042&s=rebase&width=64&preset=paper&seed=7'
      + '&t=120&gran=event&orient=lr&speed=2&sel=17&cam=12.5,-40,1.5',
    );
    expect(notices).toEqual([]);
    expect(state.params).toEqual({
      source: { kind: 'sim' }, model: 'sim-34B', prm: 0.35, problemId: 'sim-L5-0042', seed: 7,
      spec: { name: 'rebase', params: { ...defaultSpec('rebase').params, width: 64, preset: 'paper', tb: 0.1, allocation: 'paper' } },
    });
    expect(state).toMatchObject({ view: 'explorer', t: 120, granularity: 'event', orientation: 'lr', speed: 2, selection: 17, camera: { x: 12.5, y: -40, k: 1.5 } });
  });

  it('reads and writes a camera with the level spacing it was taken at (Fit/Follow), and refuses a silly one', () => {
    const { state, notices } = decodeExplorerUrl('?view=explorer&cam=12.5,-40,1.5,96.5');
    expect(notices).toEqual([]);
    expect(state.camera).toEqual({ x: 12.5, y: -40, k: 1.5, l: 96.5 });
    expect(formatCamera({ x: 12.5, y: -40, k: 1.5, l: 96.5 })).toBe('12.5,-40,1.5,96.5');
    expect(formatCamera({ x: 12.5, y: -40, k: 1.5 })).toBe('12.5,-40,1.5');
    const bad = decodeExplorerUrl('?view=explorer&cam=1,2,1,0');
    expect(bad.state.camera).toBeNull();
    expect(bad.notices.join(' ')).toMatch(/level spacing/);
  });

  it('gives the default view for an empty query', () => {
    const { state, notices } = decodeExplorerUrl('');
    expect(notices).toEqual([]);
    expect(state.params).toEqual(DEFAULT_PARAMS);
    expect(state.t).toBeNull();
  });

  it('keeps a fixture source and leaves its ids to be checked when the bundle loads', () => {
    const a = decodeExplorerUrl('?src=fixture:sim-rebase&model=sim-7B&problem=sim-L3-0002&s=rebase&width=16');
    expect(a.notices).toEqual([]);
    expect(a.state.params).toMatchObject({ source: { kind: 'fixture', name: 'sim-rebase' }, model: 'sim-7B', problemId: 'sim-L3-0002' });
    const b = decodeExplorerUrl('?src=fixture:sim-rebase');
    expect(b.state.params).toMatchObject({ model: '', problemId: '' });
  });
});

describe('decodeExplorerUrl: invalid values fall back with a notice', () => {
  it('names the key, the bad value, the reason and the value used', () => {
    const { state, notices } = decodeExplorerUrl('?s=rebase&width=abc');
    expect(state.params.spec).toEqual(defaultSpec('rebase'));
    expect(notices).toEqual(['"width=abc" is not valid (params.width: expected a whole number ≥ 1) — using 32']);
  });

  it.each([
    ['model=gpt-9', 'using sim-7B'],
    ['prm=1.5', 'using default'],
    ['problem=what', 'using sim-L3-0002'],
    ['seed=-1', 'using 0'],
    ['seed=1.5', 'using 0'],
    ['t=soon', 'using the start'],
    ['gran=depth', 'using step'],
    ['orient=up', 'using tb'],
    ['speed=100', 'using 1'],
    ['sel=-3', 'using no selection'],
    ['cam=0,0,1000', 'using a view that fits the tree'],
    ['cam=a,b', 'using a view that fits the tree'],
    ['s=astar', 'using rebase'],
    ['src=ftp:x', 'using sim'],
    ['view=scaling', 'using explorer'],
  ])('%s', (query, used) => {
    const { state, notices } = decodeExplorerUrl(`?${query}`);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`"${query}" is not valid (`);
    expect(notices[0]).toMatch(new RegExp(`— ${used}$`));
    // The bad value fell back to its default, and nothing else moved.
    expect(state).toEqual(decodeExplorerUrl('').state);
  });

  it('keeps the good values of a link with one bad one', () => {
    const { state, notices } = decodeExplorerUrl('?s=beam&n=8&m=x&temperature=0.5&seed=3');
    expect(notices).toEqual(['"m=x" is not valid (params.m: expected a whole number ≥ 1) — using 4']);
    expect(state.params.spec).toEqual({ name: 'beam', params: { ...defaultSpec('beam').params, n: 8, m: 4, temperature: 0.5 } });
    expect(state.params.seed).toBe(3);
  });

  it('rejects a value that contradicts a preset, keeping the preset', () => {
    const { state, notices } = decodeExplorerUrl('?s=rebase&preset=paper&tb=0.3');
    expect(notices[0]).toMatch(/^"tb=0.3" is not valid \(params.tb: 0.3 contradicts preset 'paper'.*— using 0.1$/);
    expect(state.params.spec.params).toMatchObject({ preset: 'paper', tb: 0.1 });
  });

  it('refuses sizes the Explorer cannot draw', () => {
    const { state, notices } = decodeExplorerUrl('?s=rebase&width=1000000');
    expect(state.params.spec.params).toMatchObject({ width: 32 });
    expect(notices[0]).toMatch(/^"width=1000000" is not valid \(params.width: the Explorer shows runs up to 2048.*— using 32$/);
  });

  it('ignores unknown keys and other strategies\' parameters, with a notice', () => {
    const { state, notices } = decodeExplorerUrl('?s=mcts&width=32&utm_source=talk');
    expect(state.params.spec).toEqual(defaultSpec('mcts'));
    expect(notices).toEqual([
      '"width=32" is not a setting of the Explorer or a parameter of mcts — ignored',
      '"utm_source=talk" is not a setting of the Explorer or a parameter of mcts — ignored',
    ]);
  });

  it('shows the sim for a file link and asks for the file again', () => {
    const { state, notices } = decodeExplorerUrl('?src=file:my%20run.trace.json&model=llemma-7b&problem=math-17&s=rebase&width=8');
    expect(state.params).toMatchObject({ source: { kind: 'sim' }, model: 'sim-7B', problemId: 'sim-L3-0002' });
    expect(state.params.spec.params).toMatchObject({ width: 8 });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('my run.trace.json');
    expect(notices[0]).toMatch(/Load my run\.trace\.json again/);
  });

  it('never throws, whatever the string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      const r = decodeExplorerUrl(s);
      expect(Array.isArray(r.notices)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('always yields a usable state from any mix of known keys and junk values', () => {
    const keys = ['view', 'src', 'model', 'prm', 'problem', 's', 'seed', 't', 'gran', 'orient', 'speed', 'sel', 'cam', 'width', 'n', 'm', 'preset', 'tb', 'allocation', 'budget', 'kRoot', 'temperature', 'dvts', '__proto__', 'constructor'];
    const value = fc.oneof(fc.string(), fc.constantFrom('1', '0', '-1', '1e400', 'NaN', 'Infinity', '0.5', 'true', 'sim', 'fixture:', 'file:x', 'paper', '1,2,3', ''));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 12 }), (pairs) => {
      const q = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      const { state } = decodeExplorerUrl(q);
      expect(() => checkSpec(state.params.spec)).not.toThrow();
      expect(state.camera === null || isCamera(state.camera)).toBe(true);
      expect(state.speed).toBeGreaterThanOrEqual(0.25);
      expect(Number.isInteger(state.params.seed)).toBe(true);
    }), { numRuns: 1000 });
  });
});

describe('encodeExplorerUrl', () => {
  it('writes a short, readable link with only non-default strategy parameters', () => {
    expect(encodeExplorerUrl(base)).toBe('?view=explorer&src=sim&model=sim-7B&prm=default&problem=sim-L3-0002&s=rebase&seed=0');
    const spec = checkSpec({ name: 'rebase', params: { width: 64, preset: 'paper' } });
    const url = encodeExplorerUrl({ ...base, params: { ...DEFAULT_PARAMS, source: { kind: 'fixture', name: 'sim-rebase' }, spec }, playhead: 40, camera: { x: 1.26, y: -3, k: 2 } });
    expect(url).toBe('?view=explorer&src=fixture:sim-rebase&model=sim-7B&problem=sim-L3-0002&s=rebase&width=64&preset=paper&seed=0&t=40&cam=1.3,-3,2');
  });

  it('keeps a custom REBASE distinct from a preset with the same values', () => {
    const custom = checkSpec({ name: 'rebase', params: { tb: 0.2, allocation: 'reference' } });
    expect(custom.params).not.toHaveProperty('preset');
    const url = encodeExplorerUrl({ ...base, params: { ...DEFAULT_PARAMS, spec: custom } });
    expect(url).toContain('&tb=0.2&');
    expect(decodeExplorerUrl(url).state.params.spec).toEqual(custom);
  });

  it('round-trips every valid state: same parameters and view, no notices', () => {
    fc.assert(fc.property(arbExplorerState(), (s) => {
      const url = encodeExplorerUrl(s);
      const { state, notices } = decodeExplorerUrl(url);
      expect(notices).toEqual([]);
      expect(state.params).toEqual(s.params);
      expect(state).toMatchObject({
        view: 'explorer', granularity: s.granularity, orientation: s.orientation, speed: s.speed, selection: s.selection, camera: s.camera,
        t: s.playhead > 0 || s.selection !== null ? s.playhead : null,
      });
      expect(encodeExplorerUrl({ ...state, playhead: state.t ?? 0 })).toBe(url);
    }), { numRuns: 500 });
  });
});
