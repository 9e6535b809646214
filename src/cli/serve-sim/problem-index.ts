/**
 * Which sim problem a prompt is about. A prompt names its problem by an id anywhere in it
 * (`sim-L3-0017`, any index, not only the default set's) or by containing a problem's question
 * word for word — the default set's 500 questions, and the question of every problem the server
 * has met by id since it started.
 */
import type { Problem } from '../../search/types';
import { defaultProblemSet, simProblem } from '../../sim/index';

export interface FoundProblem {
  problem: Problem;
  /** Index in the prompt just after the question (or after the id, when the question is absent). */
  end: number;
}

const ID_PATTERN = /sim-L[1-5]-\d{4,}/;
/** Problems met by id are remembered for text lookups, up to this many. */
const MAX_EXTRA = 10_000;

export class ProblemIndex {
  private readonly known: Problem[] = [...defaultProblemSet()];
  private readonly ids = new Set(this.known.map((p) => p.id));
  private last: Problem | null = null;

  /** The problem a prompt is about, or null when it names none. */
  find(prompt: string): FoundProblem | null {
    const m = ID_PATTERN.exec(prompt);
    if (m) {
      const problem = this.byId(m[0]);
      const q = prompt.indexOf(problem.question);
      return { problem, end: q >= 0 ? q + problem.question.length : m.index + m[0].length };
    }
    // Consecutive requests are mostly about the same problem: try it first.
    if (this.last) {
      const q = prompt.indexOf(this.last.question);
      if (q >= 0) return { problem: this.last, end: q + this.last.question.length };
    }
    let best: FoundProblem | null = null;
    for (const p of this.known) {
      if (best && p.question.length <= best.problem.question.length) continue;
      const q = prompt.indexOf(p.question);
      if (q >= 0) best = { problem: p, end: q + p.question.length };
    }
    if (best) this.last = best.problem;
    return best;
  }

  /** A problem by id (any sim id); remembered so its question is found in later prompts. */
  byId(id: string): Problem {
    const problem = simProblem(id);
    if (!this.ids.has(id) && this.ids.size < defaultProblemSet().length + MAX_EXTRA) {
      this.ids.add(id);
      this.known.push(problem);
    }
    this.last = problem;
    return problem;
  }
}
