import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIM_MODELS } from '../sim/index';
import { bundleDefaults, FIXTURES, loadFixture, modelsFor, policyParamsFor, prmModelFor, problemFor, problemsFor } from './catalog';
import { DEFAULT_PARAMS } from './explorer-store';
import { fakeBridge } from './testing/fake-bridge';

vi.mock('../workers/bridge', async () => (await import('./testing/fake-bridge')).fakeBridgeModule());

/** Serve fixtures/ as the built app would: the asset URL's file name, read from disk. */
function serveFixtures(): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const file = String(url).replace(/^.*\//, '').replace(/\?.*$/, '');
    try {
      return new Response(readFileSync(resolve(__dirname, '../../fixtures', file), 'utf8'));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the sim', () => {
  it('offers the default set of 500 problems, 100 per level, and the model ladder', () => {
    const problems = problemsFor({ kind: 'sim' });
    expect(problems).toHaveLength(500);
    for (const level of [1, 2, 3, 4, 5]) expect(problems.filter((p) => p.level === level)).toHaveLength(100);
    expect(problems.some((p) => p.id === DEFAULT_PARAMS.problemId)).toBe(true);
    expect(modelsFor({ kind: 'sim' }).map((m) => m.id)).toEqual(SIM_MODELS.map((m) => m.id));
    expect(policyParamsFor({ ...DEFAULT_PARAMS, model: 'sim-34B' })).toBe(3.37e10);
    expect(prmModelFor({ ...DEFAULT_PARAMS, prm: 'none' })).toBeNull();
    expect(prmModelFor(DEFAULT_PARAMS)?.name).toBe('sim-PRM-34B');
  });

  it('finds linked sim problems outside the default set, and nothing for a bad id', () => {
    expect(problemFor({ kind: 'sim' }, 'sim-L4-0420')?.level).toBe(4);
    expect(problemFor({ kind: 'sim' }, 'gsm8k-12')).toBeUndefined();
  });
});

describe('fixtures', () => {
  it('lists every bundle shipped in fixtures/ as a static asset', () => {
    expect(FIXTURES.map((f) => f.name)).toEqual(['sim-mcts', 'sim-rebase', 'sim-sampling-pool']);
    for (const f of FIXTURES) expect(f.url).toMatch(new RegExp(`${f.name}\\.trace\\.json`));
  });

  it('loads a fixture through the bridge and offers its problems and policy models', async () => {
    serveFixtures();
    const summary = await loadFixture('sim-sampling-pool');
    expect(fakeBridge().loads.at(-1)).toBe('sim-sampling-pool.trace.json');
    const source = { kind: 'fixture', name: 'sim-sampling-pool' } as const;
    expect(problemsFor(source).map((p) => p.id)).toEqual(['sim-L1-0000', 'sim-L2-0000', 'sim-L3-0000', 'sim-L4-0000', 'sim-L5-0000']);
    expect(modelsFor(source).map((m) => m.id)).toEqual(['sim-1.4B']);
    // Recorded from the sim, so its small model is the hypothetical one and says so.
    expect(modelsFor(source).map((m) => m.name)).toEqual(['sim-1.4B (hypothetical)']);
    expect(policyParamsFor({ ...DEFAULT_PARAMS, source, model: 'sim-1.4B' })).toBe(1.41e9);
    // No recorded run: a vote over the pool, which the replay can serve in full.
    const start = bundleDefaults(summary, 5);
    expect(start).toMatchObject({ model: 'sim-1.4B', problemId: 'sim-L1-0000', seed: 5, spec: { name: 'sample', params: { n: 16, aggregate: 'weighted-majority' } } });
    const outcome = await fakeBridge().run({ source: { kind: 'bundle', bundleKey: summary.key, model: start.model }, problemId: start.problemId, spec: start.spec, seed: start.seed }, () => undefined).done;
    expect(outcome.status).toBe('done');
    expect(outcome.done?.incomplete).toBeUndefined();
  });

  it('starts a bundle with a recorded run on that run\'s strategy and seed', async () => {
    serveFixtures();
    const summary = await loadFixture('sim-rebase');
    expect(bundleDefaults(summary, 99)).toMatchObject({ seed: 0, spec: { name: 'rebase', params: { width: 16, preset: 'official' } } });
  });

  it('explains an unknown fixture and a failed fetch', async () => {
    serveFixtures();
    await expect(loadFixture('nope')).rejects.toThrow('There is no built-in trace named "nope" (built in: sim-mcts, sim-rebase, sim-sampling-pool).');
    vi.stubGlobal('fetch', async () => new Response('', { status: 503 }));
    await expect(loadFixture('sim-rebase')).rejects.toThrow('could not be fetched (HTTP 503)');
  });

  it('offers nothing for a bundle that is not loaded', () => {
    expect(problemsFor({ kind: 'file', name: 'elsewhere.trace.json' })).toEqual([]);
    expect(modelsFor({ kind: 'file', name: 'elsewhere.trace.json' })).toEqual([]);
  });
});
