/**
 * "Export" and "Share" in the tree canvas's toolbar: the tree as PNG or SVG, a replay as WebM
 * (while recording: progress and Stop), and the link on the clipboard (or, when the browser
 * refuses, in a selected read-only field to copy by hand).
 */
import { useEffect, useRef, useState } from 'react';
import { currentTreeCanvas } from './TreeCanvasView';
import { copyLink, exportTreePng, exportTreeSvg, recordReplay, webmType, type Recording } from './slides-export';
import { writeUrl } from '../../state/url-sync';

export function ExportMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  const [recording, setRecording] = useState<{ rec: Recording; progress: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [manualUrl, setManualUrl] = useState<string | null>(null);
  const manualRef = useRef<HTMLInputElement>(null);
  const videoType = webmType();

  useEffect(() => {
    // A click anywhere else closes the menu.
    const onDown = (e: PointerEvent) => {
      if (menu.current && !menu.current.contains(e.target as Node)) menu.current.removeAttribute('open');
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, []);
  useEffect(() => {
    if (manualUrl) manualRef.current?.select();
  }, [manualUrl]);
  useEffect(() => {
    if (!note) return;
    const t = setTimeout(() => setNote(null), 2500);
    return () => clearTimeout(t);
  }, [note]);

  const close = () => menu.current?.removeAttribute('open');
  const fail = (e: unknown) => setNote(e instanceof Error ? e.message : String(e));

  const png = () => {
    close();
    const tc = currentTreeCanvas();
    if (tc) exportTreePng(tc).then(() => setNote('PNG saved'), fail);
  };
  const svg = () => {
    close();
    try {
      exportTreeSvg();
      setNote('SVG saved');
    } catch (e) {
      fail(e);
    }
  };
  const replay = () => {
    close();
    const tc = currentTreeCanvas();
    if (!tc || !videoType) return;
    try {
      const rec = recordReplay(tc, videoType, (progress) => setRecording((r) => (r ? { ...r, progress } : r)));
      setRecording({ rec, progress: 0 });
      rec.done.then((blob) => {
        setRecording(null);
        setNote(blob ? 'Video saved' : 'Nothing was recorded');
      }, (e) => {
        setRecording(null);
        fail(e);
      });
    } catch (e) {
      fail(e);
    }
  };
  const share = async () => {
    // The address bar is written at most every 250 ms: write the view as it is now, then copy it.
    writeUrl();
    const url = window.location.href;
    if (await copyLink(url)) {
      setManualUrl(null);
      setNote('Link copied');
    } else {
      setManualUrl(url);
    }
  };

  return (
    <>
      {recording ? (
        <span className="if-export-rec" role="status" data-testid="replay-progress">
          Recording {Math.round(recording.progress * 100)}%
          <button type="button" className="if-btn" onClick={() => recording.rec.stop()}>Stop</button>
        </span>
      ) : (
        <details ref={menu} className="if-export-menu">
          <summary className="if-btn" title="Export the tree for slides">Export</summary>
          <div className="if-export-items" role="group" aria-label="Export">
            <button type="button" className="if-btn" onClick={png} title="The tree as shown, as a PNG at 2× resolution">PNG image</button>
            <button type="button" className="if-btn" onClick={svg} title="The tree at this step as a vector SVG">SVG image</button>
            <button
              type="button"
              className="if-btn"
              onClick={replay}
              disabled={!videoType}
              title={videoType ? 'Replay the search from the start and record it as a WebM video' : 'This browser cannot record WebM video'}
            >
              Replay video (WebM)
            </button>
          </div>
        </details>
      )}
      <button type="button" className="if-btn" onClick={() => void share()} title="Copy a link to this view">Share</button>
      {manualUrl && (
        <label className="if-export-link">
          Copy this link:
          <input ref={manualRef} readOnly value={manualUrl} onFocus={(e) => e.currentTarget.select()} data-testid="share-url" />
          <button type="button" className="if-btn" onClick={() => setManualUrl(null)} aria-label="Close">×</button>
        </label>
      )}
      {note && <span className="if-export-note" role="status">{note}</span>}
    </>
  );
}
