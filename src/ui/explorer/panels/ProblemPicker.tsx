/**
 * The problem picker: for the simulation a level (1–5) and then a problem of that level; for a
 * trace bundle its problems. Options show a short, truncated question (as text, never HTML).
 */
import type { Problem } from '../../../search/types';
import { parseSimId, simProblemId } from '../../../sim/index';
import { problemFor, problemsFor, usesSimProblems } from '../../../state/catalog';
import { explorer } from '../../../state/explorer-actions';
import { selectParams, useExplorer } from '../../../state/explorer-store';
import { SelectField, type Choice } from './fields';
import { truncate } from './format';

const LEVELS = [1, 2, 3, 4, 5] as const;
const QUESTION_CHARS = 44;

function choiceOf(p: Problem, i: number): Choice<string> {
  return { value: p.id, label: `${i + 1}. ${truncate(p.question, QUESTION_CHARS)}` };
}

/** Picks `params.problemId` within the current source; no props. */
export function ProblemPicker() {
  const { source, problemId } = useExplorer(selectParams);
  const all = problemsFor(source);
  const current = problemFor(source, problemId);
  const question = current ? truncate(current.question, 100) : undefined;
  if (!usesSimProblems(source)) {
    const where = source.kind === 'live' ? 'the dataset' : 'the trace';
    const choices = all.map(choiceOf);
    if (all.length === 0) return <p className="if-field-hint">{source.kind === 'live' ? 'The dataset has no problems.' : 'This trace has no problem with recorded samples.'}</p>;
    if (!current) choices.unshift({ value: problemId, label: `${problemId} (not in ${where})`, disabled: 'unknown' });
    return <SelectField label={`Problem (${all.length} in ${where})`} value={problemId} choices={choices} onChange={(id) => explorer.setParams({ problemId: id })} hint={question} />;
  }
  const sim = parseSimId(problemId) ?? { level: 3, index: 0 };
  const ofLevel = all.filter((p) => p.level === sim.level);
  const choices = ofLevel.map(choiceOf);
  // Any valid sim id opens from a link, also one past the default set: keep it listed.
  if (current && !ofLevel.some((p) => p.id === problemId)) choices.push({ value: problemId, label: `${problemId}: ${truncate(current.question, QUESTION_CHARS)}` });
  return (
    <>
      <SelectField
        label="Difficulty level"
        value={String(sim.level)}
        choices={LEVELS.map((l) => ({ value: String(l), label: `Level ${l}${l === 1 ? ' (fewest steps)' : l === 5 ? ' (most steps)' : ''}` }))}
        onChange={(l) => explorer.setParams({ problemId: simProblemId(Number(l), Math.min(sim.index, Math.max(0, ofLevel.length - 1))) })}
      />
      <SelectField label="Problem" value={problemId} choices={choices} onChange={(id) => explorer.setParams({ problemId: id })} hint={question} />
    </>
  );
}
