/**
 * The tree canvas in React: a <canvas> owned by the src/viz controller, made in an effect. The
 * controller is fed from the store outside React (subscribe), so a growing tree never re-renders
 * React; only the toolbar buttons are React.
 */
import { useEffect, useRef, useState } from 'react';
import { problemFor } from '../../state/catalog';
import { explorer } from '../../state/explorer-actions';
import { useExplorer, type ExplorerState } from '../../state/explorer-store';
import { getPlayback } from '../../state/playback-store';
import { createTreeCanvas, type CameraMode, type TreeCanvas, type TreeScene } from '../../viz/tree-canvas';
import { FollowToggle } from '../common/FollowToggle';
import { ExportMenu } from './ExportMenu';

/** The canvas controller of the mounted Explorer (bench and tests read its stats). */
let current: TreeCanvas | null = null;
export function currentTreeCanvas(): TreeCanvas | null {
  return current;
}

function sceneOf(s: ExplorerState, reducedMotion: boolean): TreeScene {
  return {
    playback: getPlayback(),
    revision: s.revision,
    orientation: s.orientation,
    selection: s.selection,
    hover: s.hover,
    strategy: s.params.spec.name,
    question: problemFor(s.params.source, s.params.problemId)?.question ?? '',
    reducedMotion,
  };
}

export function TreeCanvasView() {
  const ref = useRef<HTMLCanvasElement>(null);
  const tc = useRef<TreeCanvas | null>(null);
  const [mode, setMode] = useState<CameraMode>('follow');

  useEffect(() => {
    const canvas = ref.current!;
    const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
    const controller = createTreeCanvas(canvas, {
      onHover: (id) => explorer.hover(id),
      onSelect: (id) => explorer.select(id),
      onCamera: (cam) => explorer.setCamera(cam),
      onMode: (m) => {
        setMode(m);
        // Following again (Fit, the 0 key): the link no longer names a camera.
        if (m === 'follow' && useExplorer.getState().camera !== null) explorer.setCamera(null);
      },
    });
    tc.current = controller;
    current = controller;
    let state = useExplorer.getState();
    controller.setCamera(state.camera);
    setMode(controller.mode());
    controller.update(sceneOf(state, motion.matches));
    const unsubscribe = useExplorer.subscribe((next) => {
      const prev = state;
      state = next;
      if (next.camera !== prev.camera) {
        const shown = controller.camera();
        // Only camera changes that did not come from the controller itself (URL, Fit button).
        if (next.camera === null || next.camera.x !== shown.x || next.camera.y !== shown.y || next.camera.k !== shown.k) controller.setCamera(next.camera);
      }
      if (
        next.revision !== prev.revision || next.selection !== prev.selection || next.hover !== prev.hover ||
        next.orientation !== prev.orientation || next.params !== prev.params
      ) {
        controller.update(sceneOf(next, motion.matches));
      }
    });
    const onMotion = () => controller.update(sceneOf(useExplorer.getState(), motion.matches));
    motion.addEventListener('change', onMotion);
    return () => {
      motion.removeEventListener('change', onMotion);
      unsubscribe();
      controller.destroy();
      tc.current = null;
      if (current === controller) current = null;
    };
  }, []);

  return (
    <div className="if-canvas-wrap">
      <canvas ref={ref} data-testid="tree-canvas" />
      <div className="if-canvas-tools">
        <button type="button" className="if-btn" onClick={() => tc.current?.zoomBy(1.25)} aria-label="Zoom in" title="Zoom in (+ with the tree focused)">+</button>
        <button type="button" className="if-btn" onClick={() => tc.current?.zoomBy(0.8)} aria-label="Zoom out" title="Zoom out (− with the tree focused)">−</button>
        <FollowToggle mode={mode} testId="tree-follow"
          onFollow={() => { explorer.setCamera(null); tc.current?.fit(); }}
          onFree={() => { const c = tc.current; if (c) { const cam = c.camera(); c.setCamera(cam); explorer.setCamera(cam); } }} />
        <button
          type="button"
          className="if-btn"
          onClick={() => explorer.setOrientation(useExplorer.getState().orientation === 'tb' ? 'lr' : 'tb')}
          title="Switch between top-down and left-right layout"
        >
          Layout
        </button>
        <ExportMenu />
      </div>
    </div>
  );
}
