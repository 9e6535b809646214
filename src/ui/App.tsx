/**
 * The app shell: shows the view the URL names (the Stage on a fresh open, or `view=explorer`,
 * `scaling`, `compare`; state/app-view.ts) and follows Back/Forward. The view is keyed on `visit`,
 * so a switch or a popstate mounts it afresh and it re-reads its URL. Presenter mode frames any view.
 *
 * The Stage is in the first bundle; the other views load on first use (their own chunks, from the
 * same origin, so offline hosting is unchanged) — the first screen parses less (KaTeX, the
 * Explorer's panels, the Scaling setup) before its trees start.
 */
import { lazy, Suspense, useEffect } from 'react';
import { currentView, selectView, selectVisit, startAppView, useAppView } from '../state/app-view';
import { StageView } from './stage/StageView';
import { PresenterFrame } from './presenter/PresenterFrame';
import { installTestHook } from './test-hook';

const ExplorerView = lazy(() => import('./explorer/ExplorerView').then((m) => ({ default: m.ExplorerView })));
const ScalingView = lazy(() => import('./scaling/ScalingView').then((m) => ({ default: m.ScalingView })));
const CompareView = lazy(() => import('./compare/CompareView').then((m) => ({ default: m.CompareView })));

export function App() {
  const view = useAppView(selectView);
  const visit = useAppView(selectVisit);
  useEffect(() => {
    installTestHook(currentView);
    return startAppView();
  }, []);
  // Presenter mode (`present=1`) frames the view; off, the frame is the view alone.
  const shown = view === 'stage' ? <StageView key={visit} />
    : view === 'compare' ? <CompareView key={visit} />
      : view === 'scaling' ? <ScalingView key={visit} /> : <ExplorerView key={visit} />;
  return (
    <PresenterFrame>
      <Suspense fallback={<p className="if-loading" role="status">Loading…</p>}>{shown}</Suspense>
    </PresenterFrame>
  );
}
