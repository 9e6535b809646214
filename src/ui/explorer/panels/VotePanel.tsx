/**
 * The vote at the end of a run (see VoteTally), connected to the Explorer's Playback.
 */
import { INVALID_ANSWER } from '../../../search/aggregate';
import { gradingStyleOf } from '../../../search/grading';
import { selectParams, useExplorer } from '../../../state/explorer-store';
import { usePlayback, useProblem } from './useRun';
import { VoteTally } from './VoteTally';

/**
 * The vote panel of the Explorer: empty until the playhead reaches the run's `vote` event, then
 * the tally. Reads the Playback and the problem; no props.
 */
export function VotePanel() {
  const { playback } = usePlayback();
  const problem = useProblem();
  const spec = useExplorer(selectParams).spec;
  const { vote, done, lastSelect } = playback;
  if (!vote) {
    return (
      <section className="if-panel if-vote-panel" aria-label="Vote">
        <h2 className="if-h">Vote</h2>
        <p className="if-muted">{done?.incomplete ? `No vote: ${done.incomplete.reason}.` : 'The answers are tallied at the end of the run.'}</p>
      </section>
    );
  }
  const bestNode = lastSelect?.reason === 'best-of-n' ? playback.nodes[lastSelect.ids[0]] : undefined;
  const scoreAgg = spec.name === 'greedy' ? undefined : spec.params.scoreAgg;
  return (
    <section className="if-panel if-vote-panel" aria-label="Vote">
      <h2 className="if-h">Vote</h2>
      <VoteTally
        vote={vote}
        done={done}
        gold={problem?.answer ?? null}
        style={problem ? gradingStyleOf(problem) : 'math'}
        scoreAgg={scoreAgg}
        // A best-of-N pick without an answer is the official rule's [invalid] candidate.
        bestPick={bestNode ? { id: bestNode.id, answer: bestNode.answer || INVALID_ANSWER } : null}
      />
    </section>
  );
}
