// @vitest-environment happy-dom
/**
 * The live strip says how a run ended: a run that ended early shows its reason, and one that
 * produced nothing does not claim to be "in the Library" (issue 13, reliability 2).
 */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zeroCompute } from '../../../search/types';
import { useExplorer } from '../../../state/explorer-store';
import { getPlayback, resetPlayback } from '../../../state/playback-store';
import { mountRoot, unmountRoot } from '../../testing/dom-root';
import { LivePanel } from './LivePanel';

const REASON = 'http://127.0.0.1:8000: POST /v1/completions — HTTP 500: "model not loaded" (gave up after 2 attempts)';
let host: HTMLElement;
let root: Root;
beforeEach(() => ({ host, root } = mountRoot()));
afterEach(() => unmountRoot(host, root));

function show(status: 'done' | 'running', runNote: string | null) {
  const params = useExplorer.getState().params;
  act(() => useExplorer.setState((s) => ({ params: { ...params, source: { kind: 'live', id: 'faulty' } }, status, runNote, revision: s.revision + 1 })));
  act(() => root.render(<LivePanel />));
  return host.textContent ?? '';
}

describe('LivePanel', () => {
  it('a run that failed on its first request shows the reason and says nothing was recorded', () => {
    resetPlayback();
    getPlayback().append([{ type: 'done', answer: null, correct: false, solutions: 0, nodes: 0, compute: zeroCompute(), incomplete: { reason: REASON } }]);
    const text = show('done', `The run ended early: ${REASON}.`);
    expect(text).toContain('ended early — nothing was recorded');
    expect(text).not.toContain('finished — in the Library');
    expect(host.querySelector('[data-testid="live-run-note"]')?.textContent).toBe(`The run ended early: ${REASON}.`);
  });

  it('a run that got some nodes before failing says they are in the Library', () => {
    resetPlayback();
    getPlayback().append([
      { type: 'node', id: 0, parent: null, depth: 0, text: 'q', tokens: 0, reward: null, terminal: false, compute: zeroCompute() } as never,
      { type: 'done', answer: null, correct: false, solutions: 0, nodes: 1, compute: zeroCompute(), incomplete: { reason: REASON } },
    ]);
    expect(show('done', `The run ended early: ${REASON}.`)).toContain('ended early — what it produced is in the Library');
  });

  it('a run that finished says so, with no note', () => {
    resetPlayback();
    expect(show('done', null)).toContain('finished — in the Library');
    expect(host.querySelector('[data-testid="live-run-note"]')).toBeNull();
  });
});
