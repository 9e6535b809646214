import { describe, expect, it } from 'vitest';
import { presenterKey, type PresenterKeyState } from './presenter-keys';
import { readPresenterUrl, stripPresenterKeys, withPresenterKeys } from './presenter-url';

const at = (scene: number, blank = false): PresenterKeyState => ({ scene, scenes: 7, blank });
const press = (s: PresenterKeyState, key: string, mods: { ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean } = {}) => presenterKey(s, { key, ...mods });

describe('presenter keyboard', () => {
  it('Space, → and PageDown go to the next scene; ← and PageUp to the previous', () => {
    for (const key of [' ', 'ArrowRight', 'PageDown']) expect(press(at(2), key)).toEqual({ state: at(3), effect: 'scene', handled: true });
    for (const key of ['ArrowLeft', 'PageUp']) expect(press(at(2), key)).toEqual({ state: at(1), effect: 'scene', handled: true });
  });

  it('stays put past either end', () => {
    expect(press(at(7), 'ArrowRight')).toEqual({ state: at(7), effect: 'none', handled: true });
    expect(press(at(1), 'PageUp')).toEqual({ state: at(1), effect: 'none', handled: true });
  });

  it('digits jump to a scene; a digit past the deck does nothing', () => {
    expect(press(at(1), '5')).toEqual({ state: at(5), effect: 'scene', handled: true });
    expect(press(at(1), '9')).toEqual({ state: at(1), effect: 'none', handled: true });
    expect(press(at(1), '0').handled).toBe(false);
  });

  it('B toggles the blank screen; a scene key also lifts it', () => {
    const blank = press(at(3), 'b');
    expect(blank).toEqual({ state: at(3, true), effect: 'none', handled: true });
    expect(press(blank.state, 'B').state).toEqual(at(3, false));
    expect(press(at(3, true), 'ArrowRight').state).toEqual(at(4, false));
  });

  it('F asks for full screen, Escape leaves', () => {
    expect(press(at(3), 'f')).toEqual({ state: at(3), effect: 'fullscreen', handled: true });
    expect(press(at(3, true), 'Escape')).toEqual({ state: at(3, false), effect: 'exit', handled: true });
  });

  it('leaves other keys and browser chords alone', () => {
    for (const key of ['Home', 'End', '+', 'x', 'Tab']) expect(press(at(3), key).handled).toBe(false);
    expect(press(at(3), 'ArrowRight', { ctrlKey: true }).handled).toBe(false);
    expect(press(at(3), 'f', { metaKey: true }).handled).toBe(false);
    expect(press(at(3), '2', { altKey: true }).handled).toBe(false);
  });
});

describe('presenter URL keys', () => {
  it('reads present and a 1-based scene', () => {
    expect(readPresenterUrl('?view=scaling&present=1&scene=4')).toEqual({ present: true, scene: 4 });
    expect(readPresenterUrl('?present=0')).toEqual({ present: false, scene: null });
    expect(readPresenterUrl('present=1&scene=0')).toEqual({ present: true, scene: null });
    expect(readPresenterUrl('?present=1&scene=two')).toEqual({ present: true, scene: null });
  });

  it('appends and strips the keys, leaving the view keys as written', () => {
    expect(withPresenterKeys('?view=explorer&s=rebase&cam=1,2,3', 2)).toBe('?view=explorer&s=rebase&cam=1,2,3&present=1&scene=2');
    expect(withPresenterKeys('view=explorer&present=1&scene=5', 6)).toBe('?view=explorer&present=1&scene=6');
    expect(withPresenterKeys('', 1)).toBe('?present=1&scene=1');
    expect(stripPresenterKeys('?present=1&view=scaling&scene=3&models=sim-7B')).toBe('?view=scaling&models=sim-7B');
    expect(stripPresenterKeys('?present=1&scene=3')).toBe('');
  });
});
