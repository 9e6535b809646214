/**
 * Which view the app shows (`view=stage`, the first screen, `explorer`, `scaling` or `compare`),
 * kept with the URL.
 * Switching views pushes a history entry (so Back returns to the previous view, as it was);
 * moving around inside a view only replaces the entry (url-sync.ts, scaling-url-sync.ts). On
 * Back/Forward (popstate) the view the URL names is shown and re-reads its URL. `visit` is bumped
 * whenever a view must re-read its URL: the shell keys the view on it, so it mounts afresh.
 */
import { create } from 'zustand';
import { compareUrlStateOf, useCompare } from './compare-store';
import { encodeCompareUrl } from './compare-url';
import { writeCompareUrl } from './compare-url-sync';
import { useExplorer } from './explorer-store';
import { useScaling } from './scaling-store';
import { encodeScalingUrl } from './scaling-url';
import { writeScalingUrl } from './scaling-url-sync';
import { stageUrlStateOf } from './stage-actions';
import { encodeStageUrl } from './stage-url';
import { writeStageUrl } from './stage-url-sync';
import { PRESENTER_KEYS } from './presenter-url';
import { encodeExplorerUrl } from './url-codec';
import { writeUrl } from './url-sync';

export const APP_VIEWS = ['stage', 'explorer', 'scaling', 'compare'] as const;
export type AppViewName = (typeof APP_VIEWS)[number];

/** Labels of the views, for the nav. */
export const VIEW_LABELS: Readonly<Record<AppViewName, string>> = { stage: 'Stage', explorer: 'Explorer', scaling: 'Scaling', compare: 'Compare' };

export interface AppViewState {
  view: AppViewName;
  /** Bumped whenever the shown view must mount afresh and re-read the URL. */
  visit: number;
}

/**
 * The view a query string asks for (its first `view` key). No `view` and no other keys (a fresh
 * open, or only presenter keys) is the Stage; no `view` but other keys is the Explorer (its links
 * before the Stage existed); an unknown `view` is the Explorer too — its codec then names the
 * wrong value in a notice.
 */
export function viewOf(search: string): AppViewName {
  const params = new URLSearchParams(search);
  const v = params.get('view');
  if (v === null) return [...params.keys()].every((k) => (PRESENTER_KEYS as readonly string[]).includes(k)) ? 'stage' : 'explorer';
  return v === 'scaling' || v === 'compare' || v === 'stage' ? v : 'explorer';
}

const locationSearch = (): string => (typeof window === 'undefined' ? '' : window.location.search);

export const useAppView = create<AppViewState>(() => ({ view: viewOf(locationSearch()), visit: 0 }));

export const selectView = (s: AppViewState) => s.view;
export const selectVisit = (s: AppViewState) => s.visit;

/** The view on screen. */
export function currentView(): AppViewName {
  return useAppView.getState().view;
}

/** The query string (with "?") of a view as its state stands now. */
export function viewUrl(view: AppViewName): string {
  if (view === 'stage') return encodeStageUrl(stageUrlStateOf());
  if (view === 'compare') return encodeCompareUrl(compareUrlStateOf(useCompare.getState()));
  return view === 'scaling' ? encodeScalingUrl(useScaling.getState()) : encodeExplorerUrl(useExplorer.getState());
}

/**
 * Show `view` at `search` (default: the view's current state): the leaving view's URL is written
 * first (its own sync may be holding a write back), then a history entry is pushed and the view
 * mounts afresh from it. Opening the view on screen at the URL it already has does nothing.
 */
export function openView(view: AppViewName, search: string = viewUrl(view)): void {
  const shown = currentView();
  const query = search.startsWith('?') || search === '' ? search : `?${search}`;
  if (view === shown && query === window.location.search) return;
  if (shown === 'scaling') writeScalingUrl();
  else if (shown === 'compare') writeCompareUrl();
  else if (shown === 'stage') writeStageUrl();
  else writeUrl();
  window.history.pushState(null, '', `${window.location.pathname}${query}`);
  useAppView.setState((s) => ({ view, visit: s.visit + 1 }));
}

/**
 * Follow Back/Forward: show the view the URL names. A popstate that leaves the URL describing
 * what is on screen (a hash change) changes nothing; any other makes the view re-read its URL.
 * Returns a function that stops listening.
 */
export function startAppView(): () => void {
  const sync = (): void => {
    const view = viewOf(window.location.search);
    if (view !== currentView()) useAppView.setState((s) => ({ view, visit: s.visit + 1 }));
  };
  const onPop = (): void => {
    const view = viewOf(window.location.search);
    if (view === currentView() && window.location.search === viewUrl(view)) return;
    useAppView.setState((s) => ({ view, visit: s.visit + 1 }));
  };
  sync();
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}
