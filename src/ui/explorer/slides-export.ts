/**
 * Exports of the Explorer for slides: the tree as a 2× PNG (the canvas redrawn at 2 device px per
 * CSS px on the theme's background) or as an SVG (src/viz/tree-svg.ts), a replay of the search as
 * a WebM video (MediaRecorder on the canvas while the timeline plays from the start), and the
 * page's URL on the clipboard. Files are saved with the Scaling view's `download`.
 */
import { problemFor } from '../../state/catalog';
import { explorer } from '../../state/explorer-actions';
import { useExplorer } from '../../state/explorer-store';
import { getPlayback } from '../../state/playback-store';
import { palette } from '../../viz/colors';
import type { TreeCanvas } from '../../viz/tree-canvas';
import { treeSvg } from '../../viz/tree-svg';
import { download } from '../scaling/export';

/** Pixel ratio of PNG exports: sharp on slides and retina screens whatever the screen's DPR. */
export const PNG_SCALE = 2;
/** Frame rate of the recorded replay. */
export const REPLAY_FPS = 30;
/** The replay's last frame is held this long before the recording stops. */
const TAIL_MS = 600;

function baseName(): string {
  const p = useExplorer.getState().params;
  return `tree-${p.spec.name}-${p.problemId}`.replace(/[^\w.-]+/g, '_');
}

/** Save the tree as shown as a PNG at PNG_SCALE × its CSS size; resolves to the blob. */
export async function exportTreePng(tc: TreeCanvas): Promise<Blob> {
  const canvas = tc.snapshot(PNG_SCALE);
  const blob = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed.'))), 'image/png'));
  download(`${baseName()}.png`, blob, 'image/png');
  return blob;
}

/** The tree at the playhead as an SVG document. */
export function currentTreeSvg(): string {
  const s = useExplorer.getState();
  return treeSvg(getPlayback(), {
    orientation: s.orientation,
    strategy: s.params.spec.name,
    question: problemFor(s.params.source, s.params.problemId)?.question ?? '',
  });
}

export function exportTreeSvg(): void {
  download(`${baseName()}.svg`, currentTreeSvg(), 'image/svg+xml;charset=utf-8');
}

/** The WebM type this browser can record, or null (no MediaRecorder, or no WebM encoder). */
export function webmType(): string | null {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return null;
  for (const t of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(t)) return t;
  }
  return null;
}

export interface Recording {
  /** End early: what was recorded so far is still saved. */
  stop(): void;
  /** The saved video (null if nothing was recorded). */
  done: Promise<Blob | null>;
}

/**
 * Record the search from the start to the end of the log at the current speed. The tree canvas
 * is copied every frame onto an opaque canvas (the tree canvas itself is transparent), whose
 * stream feeds a MediaRecorder. `onProgress` gets 0..1 (playhead / events).
 */
export function recordReplay(tc: TreeCanvas, type: string, onProgress: (fraction: number) => void): Recording {
  const source = tc.element;
  const out = document.createElement('canvas');
  // Even sizes: some encoders reject odd frame dimensions.
  out.width = Math.max(2, source.width - (source.width % 2));
  out.height = Math.max(2, source.height - (source.height % 2));
  const g = out.getContext('2d')!;
  // The Explorer draws the light theme (TreeScene.theme unset).
  const fill = palette('light').bg;
  let raf = 0;
  const copy = (): void => {
    g.fillStyle = fill;
    g.fillRect(0, 0, out.width, out.height);
    g.drawImage(source, 0, 0);
    raf = requestAnimationFrame(copy);
  };
  copy();
  const stream = out.captureStream(REPLAY_FPS);
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => { if (e.data.size > 0) chunks.push(e.data); };
  let unsubscribe = (): void => {};
  let tail = 0;
  const done = new Promise<Blob | null>((resolve) => {
    recorder.onstop = () => {
      cancelAnimationFrame(raf);
      for (const track of stream.getTracks()) track.stop();
      const blob = chunks.length ? new Blob(chunks, { type: 'video/webm' }) : null;
      if (blob) download(`${baseName()}-replay.webm`, blob, 'video/webm');
      resolve(blob);
    };
  });
  const stop = (): void => {
    unsubscribe();
    clearTimeout(tail);
    if (recorder.state !== 'inactive') recorder.stop();
  };
  explorer.pause();
  explorer.toStart();
  recorder.start(250);
  explorer.play();
  unsubscribe = useExplorer.subscribe((s) => {
    const pb = getPlayback();
    onProgress(pb.events.length ? pb.playhead / pb.events.length : 0);
    // The player stops by itself at the end of a finished log; a pause by the user ends it too.
    if (!s.playing && !tail) tail = window.setTimeout(stop, TAIL_MS);
  });
  return { stop, done };
}

/** Copy the URL to the clipboard; false when the browser refuses (the caller shows it to copy by hand). */
export async function copyLink(url: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(url);
    return true;
  } catch {
    return false;
  }
}
