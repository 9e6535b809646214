/** Answers and grading (design.md §6). PLACEHOLDER signatures — the full graders replace this file. */
import type { GradingStyle, Problem } from './types';

export function gradingStyleOf(problem: Problem): GradingStyle {
  return problem.grading ?? (problem.dataset === 'gsm8k' ? 'gsm8k' : 'math');
}

/** The normalised key answers are bucketed by when voting. */
export function answerKey(answer: string, _style: GradingStyle): string {
  return answer.replace(/\s+/g, '');
}

/** Whether a given answer is equivalent to the gold one. */
export function isCorrect(given: string, gold: string, style: GradingStyle): boolean {
  return answerKey(given, style) === answerKey(gold, style);
}
