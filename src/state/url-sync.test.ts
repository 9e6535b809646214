// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialExplorerState, useExplorer } from './explorer-store';
import { decodeExplorerUrl } from './url-codec';
import { startUrlSync } from './url-sync';

beforeEach(() => {
  vi.useFakeTimers();
  useExplorer.setState(initialExplorerState, true);
  window.history.replaceState(null, '', '/app/?view=explorer&width=abc#top');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('startUrlSync', () => {
  it('writes the corrected link at once, keeping the path and hash', () => {
    const stop = startUrlSync();
    expect(window.location.pathname).toBe('/app/');
    expect(window.location.hash).toBe('#top');
    expect(window.location.search).toBe('?view=explorer&src=sim&model=sim-7B&prm=default&problem=sim-L3-0002&s=rebase&seed=0');
    stop();
  });

  it('coalesces a burst of changes into one write about 250 ms later, with playhead, camera and selection', () => {
    const stop = startUrlSync();
    const spy = vi.spyOn(window.history, 'replaceState');
    for (let t = 1; t <= 30; t++) useExplorer.setState({ playhead: t });
    useExplorer.setState({ selection: 4, camera: { x: 10, y: 20, k: 2 }, orientation: 'lr' });
    expect(spy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(260);
    expect(spy).toHaveBeenCalledTimes(1);
    const { state } = decodeExplorerUrl(window.location.search);
    expect(state).toMatchObject({ t: 30, selection: 4, camera: { x: 10, y: 20, k: 2 }, orientation: 'lr' });
    stop();
  });

  it('ignores changes the URL does not carry, and stops when told', () => {
    const stop = startUrlSync();
    const spy = vi.spyOn(window.history, 'replaceState');
    useExplorer.setState({ hover: 3, revision: 99, eventCount: 10 });
    vi.advanceTimersByTime(500);
    expect(spy).not.toHaveBeenCalled();
    useExplorer.setState({ speed: 2 });
    stop();
    vi.advanceTimersByTime(500);
    expect(spy).not.toHaveBeenCalled();
    expect(window.location.search).not.toContain('speed=2');
  });
});
