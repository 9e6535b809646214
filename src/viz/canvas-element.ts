/**
 * The <canvas> element side of the tree canvas: accessibility attributes, CSS sizing, and a
 * watcher that reports the CSS size and device-pixel ratio (ResizeObserver + a resolution media
 * query, so moving the window to a screen with another DPR re-scales the backing store).
 */

/** Make the canvas focusable and sized by CSS (idempotent; keeps styles the page already set). */
export function prepareCanvas(canvas: HTMLCanvasElement): void {
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'search tree');
  canvas.style.touchAction = 'none';
  canvas.style.outlineOffset = '-3px';
  // The backing store is sized from the CSS box; a canvas without a CSS size would take its size
  // from the backing store and grow with every resize at DPR > 1.
  if (!canvas.style.width) canvas.style.width = '100%';
  if (!canvas.style.height) canvas.style.height = '100%';
  if (!canvas.style.display) canvas.style.display = 'block';
}

/**
 * Call `onSize(cssWidth, cssHeight, dpr)` now and whenever the element's CSS box or the DPR
 * changes; returns the function that stops watching.
 */
export function watchSize(canvas: HTMLCanvasElement, onSize: (width: number, height: number, dpr: number) => void): () => void {
  let width = 0, height = 0;
  const report = (): void => onSize(width, height, window.devicePixelRatio || 1);
  const ro = new ResizeObserver((entries) => {
    const r = entries[entries.length - 1].contentRect;
    width = r.width;
    height = r.height;
    report();
  });
  ro.observe(canvas);
  let query: MediaQueryList | null = null;
  const onDpr = (): void => {
    watchDpr();
    report();
  };
  function watchDpr(): void {
    query?.removeEventListener('change', onDpr);
    query = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`) ?? null;
    query?.addEventListener('change', onDpr);
  }
  watchDpr();
  const box = canvas.getBoundingClientRect();
  width = box.width;
  height = box.height;
  report();
  return () => {
    ro.disconnect();
    query?.removeEventListener('change', onDpr);
  };
}
