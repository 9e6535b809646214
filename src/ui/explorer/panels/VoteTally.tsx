/**
 * The tally of a vote event: answer buckets with their votes and summed scores, what each
 * aggregation method would pick, the gold answer and whether the run got it right. Props only.
 */
import { INVALID_ANSWER, type ScoreAgg } from '../../../search/aggregate';
import type { DoneEvent, VoteEvent } from '../../../search/events';
import { isCorrect } from '../../../search/grading';
import type { GradingStyle } from '../../../search/types';
import { AGGREGATE_LABEL, formatReward, formatValue } from './format';
import { AnswerText } from './MathText';
import { rankBuckets, winners } from './vote-summary';

const SHOWN = 10;
const SCORE_AGG_LABEL: Record<ScoreAgg, string> = {
  last: "the last step's reward",
  min: 'the lowest step reward',
  mean: 'the mean step reward',
  prod: 'the product of step rewards',
};

/** How ties and unanswered solutions were handled; an event without `rule` is from the official default. */
const RULE_CAPTION = {
  official: 'Ties: official (the first answer to reach the winning total wins); finished solutions without an answer vote as [invalid], graded wrong.',
  'first-vote': 'Ties: first-vote (the answer voted first wins); finished solutions without an answer are dropped.',
} as const;

/** An answer as text; the `[invalid]` class is plain data text, never rendered as TeX or HTML. */
function Answer({ answer }: { answer: string }) {
  if (answer === INVALID_ANSWER) return <span className="if-answer if-invalid" title="finished without an extractable answer; graded wrong">{INVALID_ANSWER}</span>;
  return <AnswerText answer={answer} />;
}

export interface VoteTallyProps {
  vote: VoteEvent;
  done: DoneEvent | null;
  /** The gold answer, when known. */
  gold: string | null;
  style: GradingStyle;
  /** How a solution's score was made from its step rewards (omit for greedy). */
  scoreAgg?: ScoreAgg;
  /** The solution a best-of-N run picked (from its `select` event). */
  bestPick?: { id: number; answer: string } | null;
}

/** The tally of one vote event, as a table with bars; pure (props only) so it can be tested. */
export function VoteTally({ vote, done, gold, style, scoreAgg, bestPick }: VoteTallyProps) {
  const w = winners(vote.buckets, vote.picks);
  const ranked = rankBuckets(vote.buckets, vote.method);
  const maxCount = Math.max(1, ...vote.buckets.map((b) => b.count));
  const maxWeight = Math.max(Number.MIN_VALUE, ...vote.buckets.map((b) => b.weight));
  const hidden = ranked.slice(SHOWN);
  const isGold = (answer: string) => gold !== null && answer !== INVALID_ANSWER && isCorrect(answer, gold, style);
  const pick = (label: string, b: typeof w.majority, cls: string) => (
    <div className={`if-winner ${cls}`}>
      <dt>{label}</dt>
      <dd>{b ? <><Answer answer={b.answer} /> {isGold(b.answer) ? <span className="if-ok">✓</span> : <span className="if-bad">✗</span>}</> : 'no finished solution'}</dd>
    </div>
  );
  return (
    <div className="if-vote">
      <p className="if-muted">
        Aggregation: <strong>{AGGREGATE_LABEL[vote.method]}</strong>
        {vote.method !== 'majority' && scoreAgg ? `; a solution's score is ${SCORE_AGG_LABEL[scoreAgg]}` : ''}.
      </p>
      <p className="if-muted if-vote-rule">{RULE_CAPTION[vote.rule ?? 'official']}</p>
      <table className="if-vote-table">
        <caption className="if-sr-only">Answers and their votes</caption>
        <thead>
          <tr><th scope="col">answer</th><th scope="col">votes</th><th scope="col">Σ score</th></tr>
        </thead>
        <tbody>
          {ranked.slice(0, SHOWN).map((b) => (
            <tr key={b.key} className={b.key === vote.winner ? 'if-vote-win' : undefined} data-key={b.key}>
              <th scope="row">
                <Answer answer={b.answer} />
                {isGold(b.answer) && <span className="if-ok" title="the gold answer"> ✓</span>}
              </th>
              <td><span className="if-bar" style={{ width: `${(100 * b.count) / maxCount}%` }} /><span className="if-num">{b.count}</span></td>
              <td><span className="if-bar if-bar-weight" style={{ width: `${(100 * b.weight) / maxWeight}%` }} /><span className="if-num">{formatValue(b.weight)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden.length > 0 && (
        <p className="if-muted">and {hidden.length} more answers with {hidden.reduce((s, b) => s + b.count, 0)} votes</p>
      )}
      <dl className="if-winners">
        {pick('Majority vote', w.majority, 'if-winner-majority')}
        {w.scored ? pick('Weighted vote', w.weighted, 'if-winner-weighted') : <div className="if-winner"><dt>Weighted vote</dt><dd>no PRM scores</dd></div>}
        {bestPick ? (
          <div className="if-winner if-winner-best">
            <dt>Best-of-N pick</dt>
            <dd>node #{bestPick.id}: <Answer answer={bestPick.answer} /> {w.best ? ` (score ${formatReward(w.best.best)})` : ''}</dd>
          </div>
        ) : w.scored ? pick('Best-scored solution', w.best, 'if-winner-best') : null}
        <div className="if-winner"><dt>Gold answer</dt><dd>{gold === null ? 'unknown' : <AnswerText answer={gold} />}</dd></div>
      </dl>
      {done && (
        <p className={`if-verdict ${done.correct ? 'if-verdict-ok' : 'if-verdict-bad'}`}>
          The run answered {done.answer === null ? 'nothing' : <Answer answer={done.answer} />}:{' '}
          <strong>{done.correct ? '✓ correct' : '✗ wrong'}</strong>
          {done.incomplete ? ` (incomplete: ${done.incomplete.reason})` : ''}
        </p>
      )}
    </div>
  );
}
