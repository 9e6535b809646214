/**
 * The Explorer's Playback: the current run's event log and its tree at the playhead. It lives
 * outside the zustand store because it is big and mutable (thousands of nodes, updated in place
 * every frame); the store carries only `revision`, bumped whenever this changes, which is what
 * the canvas and the panels subscribe to (house-style.md, "State").
 *
 * A new run gets a new instance rather than a cleared one, so a reader holding the previous run's
 * Playback (a closing inspector, a late frame) never sees the new run's events mixed in.
 */
import { isCorrect as gradeAnswer, gradingStyleOf } from '../search/grading';
import { Playback } from '../search/playback';
import type { Problem } from '../search/types';

let playback = new Playback();

/** The current run's Playback. Read it after a `revision` change; never keep it across runs. */
export function getPlayback(): Playback {
  return playback;
}

/**
 * Start an empty Playback for a new run. `isCorrect` grades terminal answers so the tree can mark
 * right and wrong solutions; {@link graderFor} builds it from a problem.
 */
export function resetPlayback(isCorrect?: (answer: string) => boolean): Playback {
  playback = new Playback(isCorrect ? { isCorrect } : {});
  return playback;
}

/** The grader of a problem's answers, as the run's own vote grades them (design.md §6). */
export function graderFor(problem: Problem): (answer: string) => boolean {
  const style = gradingStyleOf(problem);
  return (answer) => gradeAnswer(answer, problem.answer, style);
}
