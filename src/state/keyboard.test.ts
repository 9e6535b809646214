// @vitest-environment happy-dom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchEvent } from '../search/events';
import { initialExplorerState, useExplorer } from './explorer-store';
import { handleExplorerKey } from './keyboard';
import { getPlayback, resetPlayback } from './playback-store';
import { recordSimRun } from './testing/fake-bridge';

vi.mock('../workers/bridge', async () => (await import('./testing/fake-bridge')).fakeBridgeModule());

const state = () => useExplorer.getState();
let events: SearchEvent[];

/** Press a key with focus on `target` (the page body by default), as the UI's listener would see it. */
function press(key: string, target: Element = document.body, init: KeyboardEventInit = {}): { handled: boolean; prevented: boolean } {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  let handled = false;
  const listener = (ev: Event) => {
    handled = handleExplorerKey(ev as KeyboardEvent);
  };
  window.addEventListener('keydown', listener);
  target.dispatchEvent(e);
  window.removeEventListener('keydown', listener);
  return { handled, prevented: e.defaultPrevented };
}

beforeAll(async () => {
  events = await recordSimRun({ name: 'rebase', params: { width: 8 } });
});
beforeEach(() => {
  useExplorer.setState({ ...initialExplorerState, playing: false, status: 'done' }, true);
  resetPlayback().append(events);
  useExplorer.setState({ eventCount: events.length });
});
afterEach(() => {
  document.body.innerHTML = '';
});

describe('Explorer shortcuts', () => {
  it('Space toggles play and does not scroll the page', () => {
    expect(press(' ')).toEqual({ handled: true, prevented: true });
    expect(state().playing).toBe(true);
    press(' ');
    expect(state().playing).toBe(false);
    press(' ', document.body, { repeat: true });
    expect(state().playing).toBe(false);
  });

  it('arrows step by rounds, Home and End jump', () => {
    const bounds = getPlayback().stepBoundaries('step');
    press('ArrowRight');
    expect(state().playhead).toBe(bounds[0]);
    press('ArrowRight');
    expect(state().playhead).toBe(bounds[1]);
    press('ArrowLeft');
    expect(state().playhead).toBe(bounds[0]);
    press('End');
    expect(state().playhead).toBe(events.length);
    press('Home');
    expect(state().playhead).toBe(0);
  });

  it('+ and − walk the speed ladder', () => {
    press('+');
    press('=');
    expect(state().speed).toBe(4);
    press('-');
    press('-');
    press('-');
    expect(state().speed).toBe(0.5);
  });

  it('leaves keys alone in text fields, editable text, widgets and chords', () => {
    const input = document.body.appendChild(document.createElement('input'));
    const select = document.body.appendChild(document.createElement('select'));
    const editable = document.body.appendChild(document.createElement('div'));
    editable.contentEditable = 'true';
    const slider = document.body.appendChild(document.createElement('div'));
    slider.setAttribute('role', 'slider');
    for (const target of [input, select, slider]) {
      expect(press(' ', target)).toEqual({ handled: false, prevented: false });
      expect(press('ArrowRight', target).handled).toBe(false);
    }
    expect(press('End', editable).handled).toBe(false);
    expect(press('ArrowRight', document.body, { ctrlKey: true }).handled).toBe(false);
    expect(state()).toMatchObject({ playing: false, playhead: 0 });
  });

  it('lets Space press a focused button, while arrows still step', () => {
    const button = document.body.appendChild(document.createElement('button'));
    expect(press(' ', button).handled).toBe(false);
    expect(state().playing).toBe(false);
    expect(press('ArrowRight', button).handled).toBe(true);
  });
});
