// @vitest-environment happy-dom
/**
 * The panels together on a recorded run: what a viewer reads in the inspector, vote, timeline
 * and legend, driven through the real store and Playback (no worker: events are appended by hand).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeEvent, SearchEvent } from '../../../search/events';
import { parseSpec } from '../../../search/strategies/index';
import { simProblem } from '../../../sim/index';
import { explorer } from '../../../state/explorer-actions';
import { DEFAULT_PARAMS, initialExplorerState, useExplorer } from '../../../state/explorer-store';
import { graderFor, resetPlayback } from '../../../state/playback-store';
import { Controls } from './Controls';
import { ErrorPanel, splitJsonPath } from './ErrorPanel';
import { Inspector } from './Inspector';
import { Legend } from './Legend';
import { Timeline } from './Timeline';
import { VotePanel } from './VotePanel';
import { mountRoot, unmountRoot } from '../../testing/dom-root';

vi.mock('../../../workers/bridge', async () => (await import('../../../state/testing/fake-bridge')).fakeBridgeModule());


interface Run { strategy: unknown; problemId: string; events: SearchEvent[] }
const runOf = (name: string): Run => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', `${name}.trace.json`), 'utf8')).runs[0];

/** Put a recorded run into the store and Playback, at its end, with `selection` selected. */
function show(run: Run, selection: (events: SearchEvent[]) => number | null) {
  const problem = simProblem(run.problemId);
  const playback = resetPlayback(graderFor(problem));
  playback.append(run.events);
  playback.seek(run.events.length);
  useExplorer.setState({
    ...initialExplorerState,
    params: { ...DEFAULT_PARAMS, problemId: run.problemId, spec: parseSpec(run.strategy) },
    status: 'done', playing: false, playhead: run.events.length, eventCount: run.events.length,
    revision: 1, selection: selection(run.events),
  });
}

let host: HTMLElement;
let root: Root;
beforeEach(() => {
  ({ host, root } = mountRoot());
});
afterEach(() => {
  unmountRoot(host, root);
  useExplorer.setState(initialExplorerState);
});

const render = () => act(() => root.render(<><Controls /><Inspector /><VotePanel /><Timeline /><Legend /><ErrorPanel /></>));
const region = (label: string) => host.querySelector(`[aria-label="${label}"]`) as HTMLElement;

describe('Explorer panels on a recorded REBASE run', () => {
  const run = runOf('sim-rebase');
  const firstAllocated = (events: SearchEvent[]) => events.find((e) => e.type === 'allocate')!.items[0].id;

  it('inspects a node: path from the question, REBASE weight, width and preset, FLOPs with the convention', () => {
    show(run, firstAllocated);
    render();
    const inspector = region('Inspector');
    const steps = inspector.querySelectorAll('.if-steps > li');
    expect(steps[0].textContent).toContain('Ben keeps $41 in a savings jar');
    expect(steps[0].querySelector('.katex')).toBeNull();
    expect(inspector.textContent).toContain('softmax weight');
    expect(inspector.textContent).toMatch(/allocated width\s*\d+ of B = 16 children/);
    expect(inspector.textContent).toContain('official (T_b 0.2, reference allocation)');
    expect(inspector.textContent).toContain('FLOPs = 2·N·generated tokens (paper)');
    expect(inspector.querySelector('svg[role="img"]')?.getAttribute('aria-label')).toMatch(/^PRM reward per step/);
  });

  it('counts a reasoning model\'s thinking tokens on the path, and shows no such row without <think>', () => {
    const node = run.events.find((e) => e.type === 'node' && e.parent === null)!;
    const id = (node as { id: number }).id;
    const events = run.events.map((e) => (e.type === 'node' && e.id === id ? { ...e, text: `<think>\n${e.text}` } : e));
    show({ ...run, events }, () => id);
    render();
    const row = host.querySelector('[data-testid="thinking-tokens"]');
    expect(row?.textContent).toMatch(/thinking tokens\s*([\d,]+) of the path's \1 \(inside <think>: still thinking\)/);
    expect(row?.querySelector('think')).toBeNull();
    show(run, () => id);
    render();
    expect(host.querySelector('[data-testid="thinking-tokens"]')).toBeNull();
  });

  it('tallies the vote with both winners, the gold answer and the verdict', () => {
    show(run, () => null);
    render();
    const vote = region('Vote');
    expect(vote.textContent).toContain('weighted majority vote');
    expect(vote.querySelector('.if-vote-win')?.getAttribute('data-key')).toBe('232');
    const dd = (label: string) => [...vote.querySelectorAll('.if-winner')].find((el) => el.querySelector('dt')?.textContent === label)?.querySelector('dd')?.textContent;
    // 7 of the 16 solutions say 232, the gold answer (the tie rules are tested in aggregate.test.ts).
    expect(dd('Weighted vote')).toMatch(/^232/);
    expect(dd('Majority vote')).toMatch(/^232/);
    expect(dd('Gold answer')).toBe('232');
    expect(vote.querySelector('.if-verdict')?.textContent).toContain('✓');
    expect(region('Inspector').textContent).toContain('Click a node to see its path.');
  });

  it('shows the playhead, the step unit and the compute counter on the timeline', () => {
    show(run, () => null);
    render();
    const slider = host.querySelector('input[type="range"]')!;
    expect(slider.getAttribute('aria-valuetext')).toBe(`event ${run.events.length} of ${run.events.length}`);
    const timeline = region('Timeline');
    expect([...timeline.querySelectorAll('[aria-pressed]')].map((b) => b.textContent)).toEqual(['event', 'depth']);
    expect(timeline.textContent).toContain('7.00e13');
    expect(timeline.querySelector('button[aria-label="Play"]')?.getAttribute('title')).toBe('Play (Space)');
    expect(region('Legend').textContent).toContain('bar: children allocated (width)');
  });

  it('says when the selected node does not exist yet at the playhead', () => {
    show(run, firstAllocated);
    render();
    act(() => explorer.seek(0));
    expect(region('Inspector').textContent).toMatch(/does not exist yet/);
  });
});

describe('Explorer panels on a recorded MCTS run', () => {
  it('shows N, Q and UCT, with ∞ for an unvisited node', () => {
    const run = runOf('sim-mcts');
    show(run, (events) => {
      const visited = new Set(events.flatMap((e) => (e.type === 'backup' ? e.path : [])));
      return events.find((e): e is NodeEvent => e.type === 'node' && !visited.has(e.id) && !e.terminal)?.id ?? null;
    });
    render();
    const inspector = region('Inspector');
    expect(inspector.textContent).toMatch(/visits N\s*0/);
    expect(inspector.textContent).toContain('∞');
    expect(region('Legend').textContent).toContain('size = visits N');
    expect([...region('Timeline').querySelectorAll('[aria-pressed]')].map((b) => b.textContent)).toEqual(['event', 'iteration']);
  });
});

describe('Controls', () => {
  const field = (label: string) => {
    const l = [...host.querySelectorAll('label')].find((el) => el.textContent === label)!;
    return host.querySelector(`#${CSS.escape(l.htmlFor)}`) as HTMLInputElement | HTMLSelectElement;
  };
  const type = (input: HTMLInputElement, text: string) => {
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => {
      input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    });
  };

  it('explains an invalid parameter next to its field and does not apply it', () => {
    show(runOf('sim-rebase'), () => null);
    act(() => root.render(<Controls />));
    const before = useExplorer.getState().params;
    const width = field('Width N (solutions)') as HTMLInputElement;
    type(width, '0');
    expect(width.getAttribute('aria-invalid')).toBe('true');
    expect(host.querySelector(`#${CSS.escape(width.getAttribute('aria-describedby')!)}`)?.textContent).toMatch(/^width: expected a whole number ≥ 1/);
    type(width, '5000');
    expect(host.querySelector('.if-field-error')?.textContent).toMatch(/the Explorer shows runs up to 2048/);
    expect(useExplorer.getState().params).toBe(before);
    expect(field('Strategy').closest('fieldset')?.textContent).toContain('REBASE N=16, T_b 0.2 (official preset)');
  });

  it('disables the strategies that need PRM rewards when the PRM is off, listing why', () => {
    show(runOf('sim-rebase'), () => null);
    useExplorer.setState((s) => ({ params: { ...s.params, prm: 'none', spec: parseSpec({ name: 'sample', params: { aggregate: 'majority' } }) } }));
    act(() => root.render(<Controls />));
    const options = [...(field('Strategy') as HTMLSelectElement).options];
    expect(options.filter((o) => o.disabled).map((o) => o.textContent)).toEqual([
      'Beam search — needs PRM rewards', 'MCTS — needs PRM rewards', 'REBASE — needs PRM rewards',
    ]);
    expect([...host.querySelectorAll('[data-testid="strategy-blocked"] li')].map((li) => li.textContent)).toEqual([
      'Beam search keeps the beams with the highest PRM scores, and the PRM is off.',
      'MCTS uses PRM rewards as node values, and the PRM is off.',
      'REBASE splits its width by PRM rewards, and the PRM is off.',
    ]);
    const answerBy = [...(field('Answer by') as HTMLSelectElement).options];
    expect(answerBy.filter((o) => !o.disabled).map((o) => o.value)).toEqual(['majority']);
  });
});

describe('ErrorPanel', () => {
  it('shows the title and the JSON path of a load error as an alert', () => {
    useExplorer.setState({ loadError: { title: 'Could not load bad.trace.json', detail: 'pools[0].nodes[3].reward: must be a number in [0, 1] (got 1.3)' } });
    act(() => root.render(<ErrorPanel />));
    const alert = host.querySelector('[role="alert"]')!;
    expect(alert.querySelector('h2')?.textContent).toBe('Could not load bad.trace.json');
    expect(alert.querySelector('.if-json-path')?.textContent).toBe('pools[0].nodes[3].reward');
    expect(alert.querySelector('pre')?.textContent).toBe('pools[0].nodes[3].reward: must be a number in [0, 1] (got 1.3)');
  });

  it('marks the JSON path, not the file name before it', () => {
    expect(splitJsonPath('bad.trace.json: pools[0].nodes[3].reward: must be a number in [0, 1] (got 1.3)')).toEqual({
      prefix: 'bad.trace.json: ', path: 'pools[0].nodes[3].reward', message: 'must be a number in [0, 1] (got 1.3)',
    });
    expect(splitJsonPath('version: unknown version 2 (this build reads 1)')?.path).toBe('version');
    expect(splitJsonPath('The file is not JSON: Unexpected token < at position 0')).toBeNull();
  });
});
