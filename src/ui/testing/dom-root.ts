/**
 * A React root on a fresh element for component tests (happy-dom), and its teardown:
 *   beforeEach(() => ({ host, root } = mountRoot()));
 *   afterEach(() => unmountRoot(host, root));
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export function mountRoot(): { host: HTMLElement; root: Root } {
  const host = document.createElement('div');
  document.body.appendChild(host);
  return { host, root: createRoot(host) };
}

export function unmountRoot(host: HTMLElement, root: Root): void {
  act(() => root.unmount());
  host.remove();
}
