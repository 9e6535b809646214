/**
 * The views' nav (Explorer | Scaling | Compare), in each view's header. Links, so they work from the
 * keyboard and in a new tab; a plain click switches in place (app-view.ts pushes one history
 * entry, so Back returns to the view left, as it was).
 */
import type { MouseEvent } from 'react';
import { startPresenter } from './presenter/presenter-store';
import { APP_VIEWS, openView, selectView, useAppView, VIEW_LABELS, type AppViewName } from '../state/app-view';
// The nav's styles live with the Scaling view's (one stylesheet for what this issue added).
import './scaling/scaling.css';

const plainClick = (e: MouseEvent): boolean => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

/** Explorer | Scaling | Compare; the current view is marked `aria-current="page"`. No props. */
export function AppNav() {
  const view = useAppView(selectView);
  const go = (e: MouseEvent, target: AppViewName) => {
    if (!plainClick(e)) return;
    e.preventDefault();
    openView(target);
  };
  return (
    <nav className="if-nav" aria-label="Views">
      {APP_VIEWS.map((v) => (
        <a key={v} className="if-nav-link" href={`?view=${v}`} aria-current={v === view ? 'page' : undefined} onClick={(e) => go(e, v)} data-testid={`nav-${v}`}>
          {VIEW_LABELS[v]}
        </a>
      ))}
      <button type="button" className="if-nav-link" onClick={() => startPresenter()} data-testid="nav-present" title="Presenter mode: the built-in talk, keyboard only">
        Present
      </button>
    </nav>
  );
}
