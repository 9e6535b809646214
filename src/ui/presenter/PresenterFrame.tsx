/**
 * Presenter mode's frame around the shown view (docs/presenter.md): the view's chrome is hidden
 * by presenter.css, leaving its tree or chart; under it the scene's title and caption in
 * projector type and a slim bar with the scene indicator and "Load deck…". Keyboard only
 * (state/presenter-keys.ts); B raises a black overlay. Off, the frame renders the view as is.
 */
import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';
import { presenterKey } from '../../state/presenter-keys';
import { parseDeck } from './deck';
import {
  dismissDeckErrors, exitPresenter, goToScene, loadDeck, refuseDeck, setBlank, toggleFullscreen, usePresenter,
} from './presenter-store';
import './presenter.css';

/** Presenter mode's keys, ahead of the views' own shortcuts (capture phase on window). */
function usePresenterKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const s = usePresenter.getState();
      const r = presenterKey({ scene: s.scene, scenes: s.deck.scenes.length, blank: s.blank }, e);
      if (!r.handled) return;
      e.preventDefault();
      e.stopPropagation();
      // A focused button must not also take the Space.
      if (t instanceof HTMLElement && t !== document.body) t.blur();
      if (r.effect === 'exit') exitPresenter();
      else if (r.effect === 'fullscreen') toggleFullscreen();
      else if (r.effect === 'scene') goToScene(r.state.scene);
      else if (r.state.blank !== s.blank) setBlank(r.state.blank);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

function DeckErrors() {
  const errors = usePresenter((s) => s.deckErrors);
  if (!errors) return null;
  return (
    <div className="if-present-errors" role="alert" data-testid="deck-errors">
      <p><strong>This deck was not loaded:</strong></p>
      <ul>{errors.slice(0, 8).map((e) => <li key={e}>{e}</li>)}</ul>
      {errors.length > 8 && <p>…and {errors.length - 8} more.</p>}
      <button type="button" className="if-present-btn" onClick={dismissDeckErrors}>Dismiss</button>
    </div>
  );
}

function LoadDeck() {
  const input = useRef<HTMLInputElement | null>(null);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    e.target.blur();
    if (!file) return;
    const r = parseDeck(await file.text());
    if (r.ok) loadDeck(r.deck);
    else refuseDeck(r.errors);
  };
  return (
    <>
      <button type="button" className="if-present-btn" onClick={(e) => { e.currentTarget.blur(); input.current?.click(); }} data-testid="load-deck">
        Load deck…
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden onChange={(e) => void onFile(e)} data-testid="deck-file" />
    </>
  );
}

function PresenterShell({ children }: { children: ReactNode }) {
  usePresenterKeys();
  const scene = usePresenter((s) => s.scene);
  const deck = usePresenter((s) => s.deck);
  const blank = usePresenter((s) => s.blank);
  const sc = deck.scenes[scene - 1] ?? deck.scenes[0]!;
  return (
    <div className="if-present" data-testid="presenter">
      <div className="if-present-stage">{children}</div>
      <section className="if-present-text" aria-live="polite">
        <h2 className="if-present-title" data-testid="scene-title">{sc.title}</h2>
        <p className="if-present-caption" data-testid="scene-caption">{sc.caption}</p>
      </section>
      <footer className="if-present-bar">
        <span className="if-present-indicator" data-testid="scene-indicator" aria-label={`Scene ${scene} of ${deck.scenes.length}`}>
          {scene} / {deck.scenes.length}
        </span>
        <span className="if-present-dots" aria-hidden="true">
          {deck.scenes.map((s, i) => <span key={i} className={i + 1 === scene ? 'if-present-dot if-present-dot-on' : 'if-present-dot'} title={s.title} />)}
        </span>
        <span className="if-present-deck">{deck.title}</span>
        <span className="if-present-keys">→ next · ← back · 1–9 jump · B blank · F full screen · Esc leave</span>
        <LoadDeck />
      </footer>
      <DeckErrors />
      {blank && <div className="if-present-blank" data-testid="presenter-blank" aria-label="Blank screen (press B)" />}
    </div>
  );
}

/** Wraps the shown view: presenter mode's frame when it is on, the view alone otherwise. */
export function PresenterFrame({ children }: { children: ReactNode }) {
  const active = usePresenter((s) => s.active);
  return active ? <PresenterShell>{children}</PresenterShell> : <>{children}</>;
}
