/**
 * Presenter decks (docs/presenter.md): a JSON object `{ title?, scenes: [...] }`, each scene
 * `{ title, caption, view: 'stage' | 'explorer' | 'scaling' | 'compare', query }` where `query` is that view's URL query
 * string (docs/explorer-state.md, docs/scaling.md). `validateDeck` checks every field and names
 * each problem by its path (`scenes[2].view: …`); it never throws.
 */
import type { AppViewName } from '../../state/app-view';
import { stripPresenterKeys } from '../../state/presenter-url';
// As text (vite `?raw`): the JSON is checked like any user's deck, not trusted as typed.
import builtInText from './deck.json?raw';

export interface Scene {
  title: string;
  caption: string;
  view: AppViewName;
  /** The view's URL query (with or without "?"), without the presenter keys. */
  query: string;
}

export interface Deck {
  title: string;
  scenes: Scene[];
}

export type DeckResult = { ok: true; deck: Deck } | { ok: false; errors: string[] };

/** Limits that keep a deck a talk (and the digits meaningful). */
export const MAX_SCENES = 99;
const MAX_TEXT = 2000;
const VIEWS: readonly AppViewName[] = ['stage', 'explorer', 'scaling', 'compare'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === undefined ? 'nothing' : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v);

function text(errors: string[], at: string, v: unknown, label: string): string {
  if (typeof v !== 'string' || v.trim() === '') {
    errors.push(`${at}: expected ${label} (a non-empty string), got ${describe(v)}`);
    return '';
  }
  if (v.length > MAX_TEXT) errors.push(`${at}: longer than ${MAX_TEXT} characters`);
  return v;
}

function scene(errors: string[], i: number, v: unknown): Scene | null {
  const at = `scenes[${i}]`;
  if (!isObject(v)) {
    errors.push(`${at}: expected a scene object { title, caption, view, query }, got ${describe(v)}`);
    return null;
  }
  const title = text(errors, `${at}.title`, v.title, 'a title');
  const caption = text(errors, `${at}.caption`, v.caption, 'a caption');
  let view: AppViewName = 'explorer';
  if (typeof v.view === 'string' && (VIEWS as readonly string[]).includes(v.view)) view = v.view as AppViewName;
  else errors.push(`${at}.view: expected one of ${VIEWS.map((x) => `"${x}"`).join(', ')}, got ${describe(v.view)}`);
  let query = '';
  if (typeof v.query !== 'string') errors.push(`${at}.query: expected the view's URL query string, got ${describe(v.query)}`);
  else {
    query = stripPresenterKeys(v.query.trim());
    const named = new URLSearchParams(query).get('view');
    if (v.query.length > MAX_TEXT) errors.push(`${at}.query: longer than ${MAX_TEXT} characters`);
    else if (/[#\s]/.test(query)) errors.push(`${at}.query: a query string has no spaces or "#"`);
    else if (named !== null && named !== v.view && typeof v.view === 'string' && (VIEWS as readonly string[]).includes(v.view)) {
      errors.push(`${at}.query: says view=${named} but the scene's view is "${v.view}"`);
    }
  }
  const known = new Set(['title', 'caption', 'view', 'query']);
  for (const key of Object.keys(v)) if (!known.has(key)) errors.push(`${at}.${key}: not a scene field (title, caption, view, query)`);
  // The view key leads, so the URL reads like the view's own links.
  if (query && new URLSearchParams(query).get('view') === null) query = `?view=${view}&${query.replace(/^\?/, '')}`;
  if (query && !query.startsWith('?')) query = `?${query}`;
  if (!query) query = `?view=${view}`;
  return { title, caption, view, query };
}

/** Check a parsed deck. Every problem is listed, each naming its field. */
export function validateDeck(input: unknown): DeckResult {
  const errors: string[] = [];
  if (!isObject(input)) return { ok: false, errors: [`deck: expected an object { title?, scenes: [...] }, got ${describe(input)}`] };
  let title = 'Deck';
  if (input.title !== undefined) title = text(errors, 'title', input.title, 'a title');
  for (const key of Object.keys(input)) if (key !== 'title' && key !== 'scenes') errors.push(`${key}: not a deck field (title, scenes)`);
  const scenes: Scene[] = [];
  if (!Array.isArray(input.scenes)) errors.push(`scenes: expected an array of scenes, got ${describe(input.scenes)}`);
  else if (input.scenes.length === 0) errors.push('scenes: a deck needs at least one scene');
  else if (input.scenes.length > MAX_SCENES) errors.push(`scenes: at most ${MAX_SCENES} scenes, got ${input.scenes.length}`);
  else input.scenes.forEach((s, i) => {
    const ok = scene(errors, i, s);
    if (ok) scenes.push(ok);
  });
  return errors.length ? { ok: false, errors } : { ok: true, deck: { title, scenes } };
}

/** Parse and check a deck file's text. */
export function parseDeck(text: string): DeckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`deck: not valid JSON (${err instanceof Error ? err.message : String(err)})`] };
  }
  return validateDeck(json);
}

const checked = parseDeck(builtInText);
if (!checked.ok) throw new Error(`The built-in deck is invalid: ${checked.errors.join('; ')}`);
/** The deck the app ships (deck.json), checked at load. */
export const BUILT_IN_DECK: Deck = checked.deck;
