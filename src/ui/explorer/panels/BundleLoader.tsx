/**
 * Loading a trace bundle from disk: a "Load trace…" button, and drag-and-drop of a file anywhere
 * on the Explorer (`useBundleDrop` + `DropOverlay`, or the `BundleDropZone` wrapper). Both hand the
 * file to `explorer.loadBundleFile`, which validates it and reports problems in the ErrorPanel.
 */
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { explorer } from '../../../state/explorer-actions';

const ACCEPT = '.json,.jsonl,.gz,application/json,application/gzip';

/** A button that opens the file chooser for a `.trace.json` or `.trace.json.gz` file. */
export function LoadTraceButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="if-btn if-btn-wide" onClick={() => input.current?.click()} title="Open a recorded trace (.trace.json or .trace.json.gz); you can also drop it on the page">
        Load trace…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        tabIndex={-1}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Cleared so choosing the same file again (after fixing it) loads it again.
          e.currentTarget.value = '';
          if (file) void explorer.loadBundleFile(file);
        }}
      />
    </>
  );
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Makes the element behind `ref` (mounted with the calling component) a drop target for trace
 * files; returns whether a file is being dragged over it (to show `DropOverlay`). A file dropped
 * elsewhere on the page is ignored rather than opened by the browser; drags of text or links are
 * left alone.
 */
export function useBundleDrop(ref: RefObject<HTMLElement | null>): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // dragenter/dragleave fire for every child crossed: count them so the overlay does not flicker.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file) void explorer.loadBundleFile(file);
    };
    // A file dropped just outside the target would make the browser open it in place of the app.
    const guard = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    window.addEventListener('dragover', guard);
    window.addEventListener('drop', guard);
    el.addEventListener('dragenter', enter);
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragenter', enter);
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
      window.removeEventListener('dragover', guard);
      window.removeEventListener('drop', guard);
    };
  }, [ref]);
  return dragging;
}

/** The "drop to load" overlay; place it inside the drop target (which needs `position: relative`). */
export function DropOverlay({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <div className="if-drop-overlay" aria-hidden="true">
      <p>Drop a trace file to load it<br /><span className="if-muted">.trace.json or .trace.json.gz</span></p>
    </div>
  );
}

/** A wrapper that is a drop target for trace files, with its overlay. */
export function BundleDropZone({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const dragging = useBundleDrop(ref);
  return (
    <div ref={ref} className={className ? `if-dropzone ${className}` : 'if-dropzone'}>
      {children}
      <DropOverlay active={dragging} />
    </div>
  );
}
