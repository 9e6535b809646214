/**
 * The Explorer's keyboard shortcuts, as a plain handler the UI attaches to `window` keydown:
 *
 *   Space        play / pause            ← / →      step back / forward (by the granularity)
 *   Home / End   to the start / end      + / −      faster / slower (0.25× … 8×)
 *
 * Keys typed into a form control, editable text or an ARIA widget that uses them (a slider, a
 * list, tabs) are left alone, and so are chords with Ctrl, Meta or Alt (browser and OS
 * shortcuts). Space on a focused button, link or checkbox is also left alone: the user meant to
 * press that control.
 */
import { explorer } from './explorer-actions';
import { useExplorer } from './explorer-store';
import { nextSpeed } from './pacing';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const SPACE_ACTIVATES = new Set(['BUTTON', 'A', 'SUMMARY']);
const SPACE_ROLES = new Set(['button', 'link', 'checkbox', 'switch']);
/** ARIA widgets that use arrows, Home/End and Space themselves (a scrubber, a list, tabs). */
const WIDGET_ROLES = new Set([
  'textbox', 'searchbox', 'combobox', 'spinbutton', 'slider', 'listbox', 'option', 'menu', 'menuitem', 'tab', 'treeitem', 'gridcell', 'radio',
]);

interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  getAttribute?: (name: string) => string | null;
}

/** Whether the keydown's target takes these keys itself: text fields, editable text, widgets. */
function ownsKeys(target: TargetLike | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName && TYPING.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return typeof role === 'string' && WIDGET_ROLES.has(role);
}

/** Whether Space on the target would activate it. */
function spaceActivates(target: TargetLike | null): boolean {
  if (!target) return false;
  if (target.tagName && SPACE_ACTIVATES.has(target.tagName.toUpperCase())) return true;
  const role = target.getAttribute?.('role');
  return role !== null && role !== undefined && SPACE_ROLES.has(role);
}

/**
 * Handle an Explorer shortcut. Returns true (and calls `preventDefault`, so Space does not scroll
 * and arrows do not move the page) when the key was one; false leaves the event untouched.
 */
export function handleExplorerKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as TargetLike | null;
  if (ownsKeys(target)) return false;
  let act: () => void;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      if (spaceActivates(target)) return false;
      // Holding Space must not flicker between play and pause.
      act = e.repeat ? () => undefined : explorer.togglePlay;
      break;
    case 'ArrowRight':
      act = explorer.stepForward;
      break;
    case 'ArrowLeft':
      act = explorer.stepBack;
      break;
    case 'Home':
      act = explorer.toStart;
      break;
    case 'End':
      act = explorer.toEnd;
      break;
    case '+':
    case '=':
      act = () => explorer.setSpeed(nextSpeed(useExplorer.getState().speed, 1));
      break;
    case '-':
    case '_':
      act = () => explorer.setSpeed(nextSpeed(useExplorer.getState().speed, -1));
      break;
    default:
      return false;
  }
  e.preventDefault();
  act();
  return true;
}
