/**
 * The app shell: shows the view the URL names (`view=explorer`, the default, or `view=scaling`;
 * state/app-view.ts) and follows Back/Forward. The view is keyed on `visit`, so a switch or a
 * popstate mounts it afresh and it re-reads its URL. `view=compare` shows the Compare view; the Stage arrives later.
 */
import { useEffect } from 'react';
import { currentView, selectView, selectVisit, startAppView, useAppView } from '../state/app-view';
import { CompareView } from './compare/CompareView';
import { ExplorerView } from './explorer/ExplorerView';
import { ScalingView } from './scaling/ScalingView';
import { PresenterFrame } from './presenter/PresenterFrame';
import { installTestHook } from './test-hook';

export function App() {
  const view = useAppView(selectView);
  const visit = useAppView(selectVisit);
  useEffect(() => {
    installTestHook(currentView);
    return startAppView();
  }, []);
  if (view === 'compare') return <CompareView key={visit} />;
  // Presenter mode (`present=1`) frames the view; off, the frame is the view alone.
  return <PresenterFrame>{view === 'scaling' ? <ScalingView key={visit} /> : <ExplorerView key={visit} />}</PresenterFrame>;
}
