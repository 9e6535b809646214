/**
 * Presenter mode's state and actions (docs/presenter.md). The URL carries `present=1&scene=k`
 * alongside the shown view's own keys (state/presenter-url.ts). A scene is loaded by opening its
 * view at its query through app-view's `openView` (one history entry per scene, so Back steps
 * back through the talk); the view mounts afresh and reads its state from that URL.
 *
 * The views' URL syncs write their own keys through state/address-bar.ts; while presenter mode is
 * on, its decorator adds the presenter keys back (installed on the first activation; it passes
 * the search through unchanged while presenter mode is off).
 */
import { create } from 'zustand';
import { setSearchDecorator } from '../../state/address-bar';
import { openView, useAppView } from '../../state/app-view';
import { readPresenterUrl, stripPresenterKeys, withPresenterKeys } from '../../state/presenter-url';
import { BUILT_IN_DECK, type Deck } from './deck';

export interface PresenterState {
  active: boolean;
  /** The 1-based scene shown. */
  scene: number;
  blank: boolean;
  /** The deck in use: the built-in one, or one the user loaded (for this session). */
  deck: Deck;
  /** Why the last deck file was refused, one line per problem; null when none. */
  deckErrors: string[] | null;
}

const clampScene = (k: number, deck: Deck): number => Math.min(Math.max(1, Math.round(k)), deck.scenes.length);

export const usePresenter = create<PresenterState>(() => ({
  active: false, scene: 1, blank: false, deck: BUILT_IN_DECK, deckErrors: null,
}));

let listening = false;

/** Keep the presenter keys in every URL a view writes while presenter mode is on. */
function decorateSearch(search: string): string {
  const s = usePresenter.getState();
  return s.active && !readPresenterUrl(search).present ? withPresenterKeys(search, s.scene) : search;
}

/** Install the address-bar decorator and the Back/Forward listener (once). */
function installUrlHooks(): void {
  if (listening || typeof window === 'undefined') return;
  listening = true;
  setSearchDecorator(decorateSearch);
  // Back/Forward inside a talk: follow the scene the URL names; leaving the talk's entries ends it.
  window.addEventListener('popstate', () => {
    const s = usePresenter.getState();
    if (!s.active) return;
    const url = readPresenterUrl(window.location.search);
    if (!url.present) usePresenter.setState({ active: false, blank: false });
    else usePresenter.setState({ scene: clampScene(url.scene ?? 1, s.deck), blank: false });
  });
}

/** Show scene `k` (1-based) of the deck: its view at its query, plus the presenter keys. */
export function goToScene(k: number): void {
  const s = usePresenter.getState();
  const scene = clampScene(k, s.deck);
  const sc = s.deck.scenes[scene - 1]!;
  // openView writes the leaving view's URL first: it must still carry the scene it showed.
  openView(sc.view, withPresenterKeys(sc.query, scene));
  usePresenter.setState({ scene, blank: false, deckErrors: null });
}

/** Enter presenter mode at scene `k` (default the first). */
export function startPresenter(k = 1): void {
  installUrlHooks();
  usePresenter.setState({ active: true, blank: false });
  goToScene(k);
}

/** Leave presenter mode: the URL keeps the view's state without the presenter keys. */
export function exitPresenter(): void {
  usePresenter.setState({ active: false, blank: false, deckErrors: null });
  const bare = stripPresenterKeys(window.location.search);
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${bare}${window.location.hash}`);
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
}

export function setBlank(blank: boolean): void {
  usePresenter.setState({ blank });
}

/** Use `deck` for the rest of the session, from its first scene. */
export function loadDeck(deck: Deck): void {
  usePresenter.setState({ deck, deckErrors: null });
  goToScene(1);
}

export function refuseDeck(errors: string[]): void {
  usePresenter.setState({ deckErrors: errors });
}

export function dismissDeckErrors(): void {
  usePresenter.setState({ deckErrors: null });
}

/** Toggle full screen (Fullscreen API); failures (no permission, no support) are ignored. */
export function toggleFullscreen(): void {
  try {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  } catch {
    // Not allowed here: presenting works without it.
  }
}

/**
 * Start from the address bar, before the first render (so the view mounts once, at the scene):
 * `?present=1[&scene=k]` alone loads scene k of the built-in deck in place; with a view's keys
 * beside it (a reload mid-talk) the URL is kept as it is and only names the scene.
 */
function fromUrl(): void {
  if (typeof window === 'undefined') return;
  const url = readPresenterUrl(window.location.search);
  if (!url.present) return;
  const deck = usePresenter.getState().deck;
  const scene = clampScene(url.scene ?? 1, deck);
  installUrlHooks();
  usePresenter.setState({ active: true, scene });
  if (stripPresenterKeys(window.location.search) !== '') return;
  const sc = deck.scenes[scene - 1]!;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${withPresenterKeys(sc.query, scene)}${window.location.hash}`);
  useAppView.setState((s) => ({ view: sc.view, visit: s.visit + 1 }));
}

fromUrl();
