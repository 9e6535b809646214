/**
 * The inspector: the selected node (else the hovered one) with its path from the question, the
 * reward of each step, its compute, the strategy's numbers and, for a finished solution, its
 * answer against the gold answer.
 */
import type { ReactNode } from 'react';
import { conventionLabel, forwardFlops, formatFlops, PAPER_CONVENTION } from '../../../search/compute';
import { paramsLabel, PARAMS_NOTE } from '../../../search/models';
import { thinkingTokens } from '../../../search/thinking';
import { policyParamsFor } from '../../../state/catalog';
import { selectHover, selectParams, selectSelection, useExplorer } from '../../../state/explorer-store';
import { formatInt, formatReward } from './format';
import { AnswerText, MathText } from './MathText';
import { NodeFacts } from './NodeFacts';
import { RewardChart } from './RewardChart';
import { rewardColor, rewardInk } from './reward-color';
import { usePlayback, useProblem } from './useRun';

function Shell({ children, label }: { children: ReactNode; label: string }) {
  return (
    <section className="if-panel if-inspector" aria-label="Inspector">
      <h2 className="if-h">{label}</h2>
      {children}
    </section>
  );
}

/**
 * Shows the node the user selected on the canvas, or the one under the pointer when nothing is
 * selected. No props: reads selection, hover and params from the store and the tree from the
 * Playback.
 */
export function Inspector() {
  const selection = useExplorer(selectSelection);
  const hover = useExplorer(selectHover);
  const params = useExplorer(selectParams);
  const { playback } = usePlayback();
  const problem = useProblem();
  const id = selection ?? hover;
  const node = id === null ? undefined : playback.nodes[id];
  if (id === null || !node) {
    return (
      <Shell label="Inspector">
        <p className="if-hint">
          {id === null ? 'Click a node to see its path.' : `Node #${id} does not exist yet at this point of the run.`}
        </p>
      </Shell>
    );
  }
  const path = playback.path(node.id);
  const policyParams = policyParamsFor(params);
  const pathTokens = path.reduce((s, n) => s + n.tokens, 0);
  const think = thinkingTokens(path);
  const status = node.terminal ? 'finished solution' : node.pruned ? 'pruned' : node.children.length === 0 ? 'frontier' : 'expanded';
  return (
    <Shell label={`${selection === null ? 'Hovered' : 'Selected'}: node #${node.id}`}>
      <p className="if-muted">
        depth {node.depth} · {status}
      </p>
      {node.terminal && (
        <p className={`if-verdict ${node.correct ? 'if-verdict-ok' : 'if-verdict-bad'}`}>
          Answer {node.answer === undefined ? '(none)' : <AnswerText answer={node.answer} />}{' '}
          <strong>{node.correct === undefined ? '' : node.correct ? '✓ correct' : '✗ wrong'}</strong>
          {problem && <> · gold <AnswerText answer={problem.answer} /></>}
        </p>
      )}
      <RewardChart rewards={path.map((n) => n.reward)} />
      <dl className="if-facts">
        <div className="if-fact">
          <dt>tokens</dt>
          <dd>{formatInt(node.tokens)} <span className="if-muted">(path {formatInt(pathTokens)})</span></dd>
        </div>
        {think.seen && (
          <div className="if-fact" data-testid="thinking-tokens">
            <dt>thinking tokens</dt>
            <dd>
              {formatInt(think.thinking)} of the path's {formatInt(pathTokens)}{' '}
              <span className="if-muted">{think.open ? '(inside <think>: still thinking)' : '(inside <think>…</think>)'}</span>
            </dd>
          </div>
        )}
        <div className="if-fact">
          <dt>FLOPs</dt>
          <dd>
            {policyParams === null ? 'unknown (no parameter count for this model)' : formatFlops(forwardFlops(policyParams, node.tokens))}{' '}
            <span className="if-muted">{conventionLabel(PAPER_CONVENTION)}{policyParams !== null && `, N = ${paramsLabel(policyParams)} (${PARAMS_NOTE})`}</span>
          </dd>
        </div>
        <div className="if-fact">
          <dt>PRM reward</dt>
          <dd>{formatReward(node.reward)}</dd>
        </div>
      </dl>
      <NodeFacts playback={playback} node={node} spec={params.spec} />
      <ol className="if-steps" aria-label="Path from the question">
        <li className="if-step if-step-question">
          <span className="if-step-head">Question</span>
          {problem ? <MathText text={problem.question} /> : <span className="if-muted">(unknown problem)</span>}
        </li>
        {path.map((n, i) => (
          <li key={n.id} className={n.id === node.id ? 'if-step if-step-current' : 'if-step'} aria-current={n.id === node.id ? 'step' : undefined}>
            <span className="if-step-head">
              Step {i + 1}{' '}
              <span className="if-chip" style={{ background: rewardColor(n.reward), color: rewardInk(n.reward) }} title="PRM reward">
                {formatReward(n.reward)}
              </span>
            </span>
            <MathText text={n.text} />
          </li>
        ))}
      </ol>
    </Shell>
  );
}
