import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explorer } from './explorer-actions';
import { initialExplorerState, useExplorer } from './explorer-store';
import { getPlayback } from './playback-store';
import { cancelRun } from './run-controller';
import { fakeBridge, recordSimRun, resetFakeBridge } from './testing/fake-bridge';

vi.mock('../workers/bridge', async () => (await import('./testing/fake-bridge')).fakeBridgeModule());

const state = () => useExplorer.getState();
const settled = () => vi.waitFor(() => expect(state().status).not.toMatch(/idle|running/), { timeout: 10_000 });
const fixtureText = (name: string) => readFileSync(resolve(__dirname, `../../fixtures/${name}.trace.json`), 'utf8');
/** What a user sees of the tree: node ids, parents, rewards and prune marks at the playhead. */
const treeShown = () => JSON.stringify(getPlayback().nodes.map((n) => n && [n.id, n.parent, n.reward, n.pruned, n.width, n.N]));

beforeEach(() => {
  resetFakeBridge();
  useExplorer.setState(initialExplorerState, true);
});
afterEach(() => {
  cancelRun();
  vi.unstubAllGlobals();
});

describe('init', () => {
  it('runs what the link says, with the same events as the CLI would record', async () => {
    explorer.init('?src=sim&model=sim-7B&prm=default&problem=sim-L2-0005&s=rebase&width=8&seed=3');
    await settled();
    expect(state().status).toBe('done');
    expect(fakeBridge().runs[0]).toMatchObject({ source: { kind: 'sim', model: 'sim-7B', prm: 'default' }, problemId: 'sim-L2-0005', seed: 3 });
    const expected = await recordSimRun({ name: 'rebase', params: { width: 8 } }, 'sim-L2-0005', 'sim-7B', 3);
    expect(state().eventCount).toBe(expected.length);
    expect(getPlayback().events.map((e) => e.type)).toEqual(expected.map((e) => e.type));
    expect(state().notices).toEqual([]);
  });

  it('restores a linked playhead and selection, paused, once the log reaches them', async () => {
    explorer.init('?s=rebase&width=8&t=40&sel=3');
    expect(state().playing).toBe(false);
    await settled();
    await vi.waitFor(() => expect(state().playhead).toBe(40));
    expect(getPlayback().playhead).toBe(40);
    expect(state().selection).toBe(3);
  });

  it('shows the end of the run, with a notice, for a playhead past it', async () => {
    explorer.init('?s=greedy&t=5000');
    await settled();
    await vi.waitFor(() => expect(state().playhead).toBe(state().eventCount));
    expect(state().notices.join()).toMatch(/"t=5000" is past the end of this run/);
  });

  it('loads a fixture link and fixes ids the bundle lacks, saying so', async () => {
    vi.stubGlobal('fetch', async () => new Response(fixtureText('sim-rebase')));
    explorer.init('?src=fixture:sim-rebase&model=sim-34B&s=rebase&width=16');
    expect(state().loading).toMatch(/sim-rebase/);
    await settled();
    expect(state().params).toMatchObject({ source: { kind: 'fixture', name: 'sim-rebase' }, model: 'sim-7B', problemId: 'sim-L3-0002' });
    expect(state().notices).toEqual(['"model=sim-34B" is not a policy model of fixture:sim-rebase — using sim-7B']);
    expect(state().runNote).toBeNull();
    expect(getPlayback().finished).toBe(true);
  });
});

describe('setParams', () => {
  it('rejects invalid input, changes nothing and says why', async () => {
    explorer.init('?s=rebase&width=8');
    await settled();
    explorer.seek(30);
    explorer.select(2);
    const before = { params: state().params, playback: getPlayback(), playhead: state().playhead, runs: fakeBridge().runs.length };
    const bad: unknown[] = [
      { spec: { name: 'rebase', params: { width: -3 } } },
      { model: 'gpt-9' },
      { problemId: 'sim-L9-0001' },
      { seed: 1.5 },
      { source: { kind: 'fixture', name: 'never-loaded' } },
    ];
    for (const patch of bad) expect(explorer.setParams(patch as never)).toBe(false);
    expect(state().params).toBe(before.params);
    expect(getPlayback()).toBe(before.playback);
    expect(state()).toMatchObject({ playhead: 30, selection: 2 });
    expect(fakeBridge().runs).toHaveLength(before.runs);
    expect(state().notices).toHaveLength(bad.length);
    expect(state().notices[0]).toMatch(/^Not applied: params\.width: expected a whole number ≥ 1/);
    expect(state().notices[1]).toMatch(/model "gpt-9" is not a policy model of sim/);
  });

  it('starts a new run from the start, with the selection and camera cleared', async () => {
    explorer.init('?s=rebase&width=8&cam=1,2,3');
    await settled();
    explorer.select(4);
    expect(explorer.setParams({ seed: 9 })).toBe(true);
    expect(state()).toMatchObject({ playhead: 0, selection: null, camera: null, playing: true });
    await settled();
    expect(fakeBridge().runs.at(-1)).toMatchObject({ seed: 9, spec: { name: 'rebase', params: { width: 8 } } });
  });
});

describe('stepping through a finished run', () => {
  it('lands on round boundaries, and back-then-forward shows exactly the same tree', async () => {
    explorer.init('?s=rebase&width=16');
    await settled();
    explorer.toStart();
    const bounds = getPlayback().stepBoundaries('step');
    const forward: string[] = [];
    for (const b of bounds) {
      explorer.stepForward();
      expect(state().playhead).toBe(b);
      forward.push(treeShown());
    }
    expect(state().playing).toBe(false);
    for (let i = bounds.length - 2; i >= 0; i--) {
      explorer.stepBack();
      expect(state().playhead).toBe(bounds[i]);
      expect(treeShown()).toBe(forward[i]);
    }
    explorer.stepBack();
    expect(state().playhead).toBe(0);
    expect(getPlayback().nodes.filter(Boolean)).toHaveLength(0);
  });
});

describe('loading a bundle', () => {
  it('keeps the current view, run and playback when the file is bad', async () => {
    explorer.init('?s=rebase&width=8');
    await settled();
    explorer.seek(25);
    const before = { params: state().params, playback: getPlayback(), playhead: 25, status: state().status, events: state().eventCount };
    const file = new File(['{"format":"inference-frontier-trace","version":1,"pools":"nope"}'], 'broken.trace.json');
    await explorer.loadBundleFile(file);
    expect(state().loadError?.title).toBe('Could not load broken.trace.json');
    expect(state().loadError?.detail).toMatch(/^broken\.trace\.json: /);
    expect(state().params).toBe(before.params);
    expect(getPlayback()).toBe(before.playback);
    expect(state()).toMatchObject({ playhead: 25, status: before.status, eventCount: before.events, loading: null });
    expect(fakeBridge().runs).toHaveLength(1);
    explorer.dismissLoadError();
    expect(state().loadError).toBeNull();
  });

  it('opens a good file on its first problem with its recorded strategy', async () => {
    await explorer.loadBundleFile(new File([fixtureText('sim-mcts')], 'my-mcts.trace.json'));
    expect(state().params).toMatchObject({ source: { kind: 'file', name: 'my-mcts.trace.json' }, model: 'sim-7B', problemId: 'sim-L3-0002', spec: { name: 'mcts', params: { budget: 64 } } });
    await settled();
    expect(state().status).toBe('done');
    expect(state().runNote).toBeNull();
    expect(fakeBridge().runs.at(-1)?.source).toMatchObject({ kind: 'bundle', model: 'sim-7B' });
  });

  it('switches between the sim and a loaded fixture, each starting where it can run', async () => {
    vi.stubGlobal('fetch', async () => new Response(fixtureText('sim-mcts')));
    explorer.init('?s=rebase&width=8&seed=4');
    await settled();
    await explorer.loadFixture('sim-mcts');
    expect(state().params).toMatchObject({ source: { kind: 'fixture', name: 'sim-mcts' }, spec: { name: 'mcts' }, seed: 0 });
    await settled();
    expect(explorer.setParams({ source: { kind: 'sim' } })).toBe(true);
    expect(state().params).toMatchObject({ source: { kind: 'sim' }, model: 'sim-7B', problemId: 'sim-L3-0002', spec: { name: 'mcts' } });
    await settled();
    expect(explorer.setParams({ source: { kind: 'fixture', name: 'sim-mcts' } })).toBe(true);
    expect(state().params).toMatchObject({ source: { kind: 'fixture', name: 'sim-mcts' }, spec: { name: 'mcts', params: { budget: 64 } } });
    await settled();
    expect(state()).toMatchObject({ status: 'done', runNote: null });
  });
});
