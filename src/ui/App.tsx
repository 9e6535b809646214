/**
 * The app shell: shows the view the URL names (the Stage on a fresh open, or `view=explorer`,
 * `scaling`, `compare`; state/app-view.ts) and follows Back/Forward. The view is keyed on `visit`,
 * so a switch or a popstate mounts it afresh and it re-reads its URL. Presenter mode frames any view.
 */
import { useEffect } from 'react';
import { currentView, selectView, selectVisit, startAppView, useAppView } from '../state/app-view';
import { CompareView } from './compare/CompareView';
import { ExplorerView } from './explorer/ExplorerView';
import { ScalingView } from './scaling/ScalingView';
import { StageView } from './stage/StageView';
import { PresenterFrame } from './presenter/PresenterFrame';
import { installTestHook } from './test-hook';

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
  return <PresenterFrame>{shown}</PresenterFrame>;
}
