// @vitest-environment happy-dom
/**
 * The Scaling view mounted on a fake sweep pool: what a viewer sees as cells stream in (progress,
 * status line, points), what the setup toggles do, and the drill-down's Explorer links.
 */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runUnit, type SweepCell } from '../../search/sweep';
import { SimBackend, simProblem } from '../../sim/index';
import { useAppView } from '../../state/app-view';
import { disposeSweep } from '../../state/scaling-runner';
import { initialScalingState, useScaling } from '../../state/scaling-store';
import { decodeExplorerUrl } from '../../state/url-codec';
import type { SweepHandlers, SweepRequest } from '../../workers/sweep-protocol';
import { ScalingView } from './ScalingView';
import { mountRoot, unmountRoot } from '../testing/dom-root';

const fake = vi.hoisted(() => {
  const starts: { req: SweepRequest; handlers: SweepHandlers; cancel: ReturnType<typeof vi.fn> }[] = [];
  const pool = {
    size: 1,
    start(req: SweepRequest, handlers: SweepHandlers) {
      const cancel = vi.fn();
      starts.push({ req, handlers, cancel });
      return { cancel };
    },
    mvLimits: async (req: { models: string[]; samples: number; problemIds: string[] }) =>
      req.models.map((model) => ({ model, majority: 0.4, weighted: 0.45, method: 'exact' as const, samples: req.samples, problems: req.problemIds.length })),
    dispose() {},
  };
  return { starts, pool };
});
vi.mock('../../workers/sweep-pool', () => ({ getSweepPool: () => fake.pool }));


const LINK = '?view=scaling&models=sim-7B&strategies=greedy,majority,rebase&budgets=1,2&levels=1&count=3&seeds=0';

async function cellsOf(req: SweepRequest): Promise<SweepCell[]> {
  const backend = new SimBackend({ policy: 'sim-7B', prm: 'default' });
  return runUnit({ model: 'sim-7B', seed: 0, strategies: req.strategies, budgets: req.budgets, problems: req.problemIds.map(simProblem), subsample: req.subsample }, () => backend);
}

let host: HTMLElement;
let root: Root;
beforeEach(() => {
  disposeSweep();
  useScaling.setState(initialScalingState, true);
  useAppView.setState({ view: 'scaling', visit: 0 }, true);
  fake.starts.length = 0;
  window.history.replaceState(null, '', `/${LINK}`);
  ({ host, root } = mountRoot());
});
afterEach(() => {
  unmountRoot(host, root);
  disposeSweep();
});

const q = (sel: string) => host.querySelector(sel);
const mount = () => act(() => root.render(<ScalingView />));

describe('ScalingView', () => {
  it('runs the linked sweep and shows its progress, status line and points as cells stream in', async () => {
    mount();
    expect(fake.starts).toHaveLength(1);
    const bar = q('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    expect(q('[data-testid="scaling-status-line"]')!.textContent).toBe('3 problems × 1 seed behind each point (95% interval: Wilson); simulated; sampling points sub-sampled from one pool of 2 per problem');
    const run = fake.starts[0];
    const cells = await cellsOf(run.req);
    await act(async () => {
      run.handlers.onProgress({ done: 1, total: 2, cells: 0, elapsedMs: 100, etaMs: 2000 });
      run.handlers.onCells(cells);
      await vi.waitFor(() => expect(useScaling.getState().points.length).toBe(5));
    });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(q('[data-testid="sweep-text"]')!.textContent).toBe('1/2 units · 2 s left');
    expect(host.querySelectorAll('.if-pc-point').length).toBe(5);
    await act(async () => run.handlers.onDone('done'));
    expect(q('[data-testid="sweep-text"]')!.textContent).toMatch(/^Done in 0 s/);
    expect(q('[data-testid="sweep-cancel"]')).toBeNull();
  });

  it('a budget toggle cancels the sweep and restarts it with the new budgets', async () => {
    mount();
    const button = [...host.querySelectorAll<HTMLButtonElement>('[data-testid="setup-budgets"] button')].find((b) => b.textContent === '4')!;
    expect(button.getAttribute('aria-pressed')).toBe('false');
    act(() => button.click());
    expect(fake.starts[0].cancel).toHaveBeenCalled();
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await act(async () => {
      await vi.waitFor(() => expect(fake.starts).toHaveLength(2), { timeout: 2000 });
    });
    expect(fake.starts[1].req.budgets).toEqual([1, 2, 4]);
  });

  it('opens a point\'s problems with links that reopen each run in the Explorer', async () => {
    mount();
    const run = fake.starts[0];
    const cells = await cellsOf(run.req);
    await act(async () => {
      run.handlers.onCells(cells);
      run.handlers.onDone('done');
    });
    act(() => useScaling.setState({ point: { model: 'sim-7B', strategy: 'rebase', budget: 2 } }));
    const panel = q('[data-testid="point-panel"]')!;
    const links = [...panel.querySelectorAll<HTMLAnchorElement>('a')];
    expect(links.map((a) => a.getAttribute('aria-label'))).toEqual(['sim-L1-0000', 'sim-L1-0001', 'sim-L1-0002'].map((id) => `Open ${id}, seed 0, in the Explorer`));
    const params = decodeExplorerUrl(links[1].getAttribute('href')!).state.params;
    expect(params).toMatchObject({ model: 'sim-7B', problemId: 'sim-L1-0001', seed: 0, spec: { name: 'rebase', params: { width: 2 } } });
    expect(panel.querySelector('[data-testid="subsample-note"]')).toBeNull();
    act(() => links[1].dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 })));
    expect(useAppView.getState().view).toBe('explorer');
    expect(window.location.search).toBe(links[1].getAttribute('href'));
  });
});
