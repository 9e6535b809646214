/**
 * Presenter mode's keyboard, as a pure state machine: a key and the current state in, the next
 * state and one side effect out. The UI (ui/presenter) performs the effect (loading a scene,
 * toggling full screen, leaving).
 *
 *   Space / → / PageDown   next scene          ← / PageUp   previous scene
 *   1 … 9                  jump to that scene  F            full screen (toggle)
 *   B                      blank screen (toggle; any scene key also unblanks)
 *   Escape                 leave presenter mode
 *
 * Chords with Ctrl, Meta or Alt are left to the browser. Moving past either end stays put.
 */

export interface PresenterKeyState {
  /** The 1-based scene shown. */
  scene: number;
  /** How many scenes the deck has. */
  scenes: number;
  /** Whether the black overlay is up. */
  blank: boolean;
}

export type PresenterEffect = 'none' | 'scene' | 'fullscreen' | 'exit';

export interface PresenterKeyResult {
  state: PresenterKeyState;
  /** What the UI must do: load `state.scene`, toggle full screen, leave, or nothing. */
  effect: PresenterEffect;
  /** Whether the key was presenter mode's (the UI then prevents its default and stops it). */
  handled: boolean;
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const NEXT = new Set([' ', 'Spacebar', 'ArrowRight', 'PageDown']);
const PREV = new Set(['ArrowLeft', 'PageUp']);

/** The next state for a key. Unknown keys are not handled and change nothing. */
export function presenterKey(state: PresenterKeyState, e: KeyLike): PresenterKeyResult {
  const skip: PresenterKeyResult = { state, effect: 'none', handled: false };
  if (e.ctrlKey || e.metaKey || e.altKey) return skip;
  const go = (scene: number): PresenterKeyResult => {
    const to = Math.min(Math.max(scene, 1), Math.max(state.scenes, 1));
    return { state: { ...state, scene: to, blank: false }, effect: to === state.scene ? 'none' : 'scene', handled: true };
  };
  if (NEXT.has(e.key)) return go(state.scene + 1);
  if (PREV.has(e.key)) return go(state.scene - 1);
  if (/^[1-9]$/.test(e.key)) {
    const to = Number(e.key);
    return to <= state.scenes ? go(to) : { state, effect: 'none', handled: true };
  }
  const k = e.key.toLowerCase();
  if (k === 'b') return { state: { ...state, blank: !state.blank }, effect: 'none', handled: true };
  if (k === 'f') return { state, effect: 'fullscreen', handled: true };
  if (e.key === 'Escape') return { state: { ...state, blank: false }, effect: 'exit', handled: true };
  return skip;
}
