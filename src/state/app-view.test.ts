// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openView, startAppView, useAppView, viewOf, viewUrl } from './app-view';
import { initialExplorerState, useExplorer } from './explorer-store';
import { initialScalingState, useScaling } from './scaling-store';

let stop: (() => void) | null = null;
beforeEach(() => {
  useExplorer.setState(initialExplorerState, true);
  useScaling.setState(initialScalingState, true);
  useAppView.setState({ view: 'explorer', visit: 0 }, true);
  window.history.replaceState(null, '', '/app/?view=explorer');
});
afterEach(() => {
  stop?.();
  stop = null;
});

describe('viewOf', () => {
  it('reads the view a URL asks for: the Stage on a fresh open, the Explorer for old links and anything unknown', () => {
    expect(viewOf('')).toBe('stage');
    expect(viewOf('?present=1&scene=2')).toBe('stage');
    expect(viewOf('?view=stage&budget=8')).toBe('stage');
    expect(viewOf('?view=compare')).toBe('compare');
    // A link from before the Stage: Explorer keys without a view.
    expect(viewOf('?problem=sim-L3-0001&s=mcts')).toBe('explorer');
    expect(viewOf('?view=explorer&s=rebase')).toBe('explorer');
    expect(viewOf('?view=scaling&preset=quick')).toBe('scaling');
    expect(viewOf('?view=Scaling')).toBe('explorer');
    expect(viewOf('?view=scaling&view=explorer')).toBe('scaling');
  });
});

describe('switching views', () => {
  it('shows the view of the URL it starts on', () => {
    window.history.replaceState(null, '', '/app/?view=scaling');
    stop = startAppView();
    expect(useAppView.getState().view).toBe('scaling');
  });

  it('pushes one history entry per switch, with the view\'s whole state, and mounts it afresh', () => {
    stop = startAppView();
    const before = window.history.length;
    useScaling.setState({ convention: 'prm' });
    openView('scaling');
    expect(window.history.length).toBe(before + 1);
    expect(window.location.pathname).toBe('/app/');
    expect(window.location.search).toBe(viewUrl('scaling'));
    expect(window.location.search).toContain('conv=prm');
    expect(useAppView.getState()).toEqual({ view: 'scaling', visit: 1 });
    openView('scaling'); // already there: nothing happens
    expect(window.history.length).toBe(before + 1);
    openView('explorer', '?view=explorer&s=greedy&seed=4');
    expect(window.history.length).toBe(before + 2);
    expect(window.location.search).toBe('?view=explorer&s=greedy&seed=4');
    expect(useAppView.getState()).toEqual({ view: 'explorer', visit: 2 });
  });

  it('writes the leaving view\'s latest URL into its entry before pushing', () => {
    stop = startAppView();
    const replace = vi.spyOn(window.history, 'replaceState');
    useExplorer.setState({ params: { ...initialExplorerState.params, seed: 9 } });
    openView('scaling');
    expect(replace).toHaveBeenCalledTimes(1);
    expect(String(replace.mock.calls[0][2])).toContain('seed=9');
    replace.mockRestore();
  });

  it('follows Back and Forward (popstate) to the view the URL names, and ignores a popstate that changes nothing', () => {
    stop = startAppView();
    window.history.replaceState(null, '', `/app/${viewUrl('scaling')}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(useAppView.getState()).toEqual({ view: 'scaling', visit: 1 });
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(useAppView.getState().visit).toBe(1);
    window.history.replaceState(null, '', '/app/?view=scaling&preset=quick');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(useAppView.getState()).toEqual({ view: 'scaling', visit: 2 });
    window.history.replaceState(null, '', '/app/?s=greedy');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(useAppView.getState()).toEqual({ view: 'explorer', visit: 3 });
  });
});
