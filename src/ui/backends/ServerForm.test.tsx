// @vitest-environment happy-dom
/**
 * The Backends panel's form in the DOM: Save shows each problem next to its field (aria-invalid,
 * described by its message) and saves nothing; a good server is saved without its key, which is
 * kept in memory — and on this computer only when "remember" is ticked; the parameter count
 * follows the model name from the registry until typed.
 */
import { act } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEYS_KEY, SERVERS_KEY, useLive } from '../../state/live-store';
import { memoryStorage } from '../../state/testing/memory-storage';
import { mountRoot, unmountRoot } from '../testing/dom-root';
import { ServerForm } from './ServerForm';

vi.mock('../../workers/bridge', async () => (await import('../../state/testing/fake-bridge')).fakeBridgeModule());

let host: HTMLElement;
let root: Root;
let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
  ({ host, root } = mountRoot());
  storage = memoryStorage();
  vi.stubGlobal('localStorage', storage);
  useLive.setState({ servers: [], keys: {}, remembered: {}, tests: {}, dataset: null, recordingError: null });
});
afterEach(() => {
  unmountRoot(host, root);
  vi.unstubAllGlobals();
});

const byTest = (id: string) => host.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;

/** Type into a controlled input the way React listens for it. */
function type(input: HTMLInputElement, value: string): void {
  act(() => {
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
function click(el: Element): void {
  act(() => (el as HTMLElement).click());
}
function noteOf(input: HTMLElement): string | null | undefined {
  const id = input.getAttribute('aria-describedby');
  return id ? host.querySelector(`#${CSS.escape(id)}`)?.textContent : null;
}

function render(): void {
  act(() => root.render(<ServerForm server={null} onSaved={() => undefined} onDeleted={() => undefined} onDone={() => undefined} />));
}

describe('ServerForm', () => {
  it('Save with problems marks each field with its message and saves nothing', () => {
    render();
    type(byTest('server-url'), 'http://me:pw@127.0.0.1:8000');
    type(byTest('server-model'), 'my-finetune');
    click(byTest('server-save'));
    expect(byTest('server-summary').textContent).toBe('Not saved: 2 fields to fix (marked below).');
    expect(byTest('server-url').getAttribute('aria-invalid')).toBe('true');
    expect(noteOf(byTest('server-url'))).toBe('must not contain user:password — enter the API key in its own field');
    expect(noteOf(byTest('server-params'))).toBe('"my-finetune" is not in the model registry: give its parameter count (FLOPs = 2 × params × tokens)');
    expect(useLive.getState().servers).toEqual([]);
    expect(storage.getItem(SERVERS_KEY)).toBeNull();
  });

  it('prefills the parameter count from the registry by model name, until one is typed', () => {
    render();
    type(byTest('server-model'), 'Qwen/Qwen2.5-Math-1.5B-Instruct');
    expect(byTest('server-params').value).toBe('1.54e9');
    type(byTest('server-model'), 'llama3.1:8b');
    expect(byTest('server-params').value).toBe('8.03e9');
    type(byTest('server-params'), '8B');
    type(byTest('server-model'), 'sim-7B');
    expect(byTest('server-params').value).toBe('8B');
  });

  it('saves the server without its key; the key stays in memory unless "remember" is ticked', () => {
    render();
    type(byTest('server-name'), 'Lab');
    type(byTest('server-model'), 'sim-7B');
    type(byTest('server-key'), 'sk-typed-secret');
    click(byTest('server-save'));
    expect(byTest('server-summary').textContent).toBe('Saved "Lab".');
    expect(useLive.getState().servers.map((s) => s.id)).toEqual(['lab']);
    expect(useLive.getState().keys.lab).toEqual({ policy: 'sk-typed-secret' });
    expect(JSON.stringify(storage.dump())).not.toContain('sk-typed-secret');
    click(byTest('server-remember'));
    click(byTest('server-save'));
    expect(useLive.getState().servers.map((s) => s.id)).toEqual(['lab']);
    expect(storage.getItem(KEYS_KEY)).toContain('sk-typed-secret');
    expect(storage.getItem(SERVERS_KEY)).not.toContain('sk-typed-secret');
  });
});
