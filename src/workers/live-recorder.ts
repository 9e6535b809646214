/**
 * Recording a live run as it goes (issue 7 item 5). The run's backend is a `RecordingBackend`
 * (src/trace) around the HttpBackend, so the finished bundle is exactly what the CLI's recorder
 * would write; `RecordTap` sits in front of it and reports, after every call that returned, the
 * pool nodes and rewards that call added — as `RecordDelta`s the worker sends to the page with
 * the next batch of events, where they are appended to IndexedDB at once.
 *
 * The tap reads only what the recorder returned (each sample's `ref.poolId`, the prefix's pool id),
 * never its internals, and it records nothing for a call that failed: a failed call adds nothing
 * to the recorder either.
 */
import type { Backend, BackendInfo, CallCost, ExpandResult, SampleOptions, ScoreResult } from '../search/backend';
import { gradingStyleOf, isCorrect } from '../search/grading';
import type { Problem, SearchNode, StepSample } from '../search/types';
import { defaultFinishReason, isRecordedRef, RecordingBackend, type PoolNode } from '../trace/index';
import type { RecordDelta, RecordStart } from './protocol';

type CompleteResult = { solutions: StepSample[][]; cost?: CallCost; shortfall?: number };

/** The ids the recording uses for the policy and the PRM (a PRM named like the policy gets " (prm)", as RecordingBackend does). */
export function recordingModelIds(info: BackendInfo): { policyId: string; prmId: string | null } {
  const policyId = info.policy.name;
  if (!info.prm) return { policyId, prmId: null };
  return { policyId, prmId: info.prm.name === policyId ? `${info.prm.name} (prm)` : info.prm.name };
}

/** `correct` of a recorded terminal step, as the run's own vote grades it (design.md §6). */
export function gradeFor(answer: string, problem: Problem): boolean {
  return isCorrect(answer, problem.answer, gradingStyleOf(problem));
}

/** The recorded pool id in a ref the recorder made (throws for a foreign one, as the recorder would). */
function poolIdOf(ref: unknown, what: string): string {
  if (!isRecordedRef(ref)) throw new Error(`RecordTap: ${what} was not returned by the recorder`);
  return ref.poolId;
}

/**
 * A Backend that forwards to a RecordingBackend and reports what each call recorded. Build it
 * with {@link createRecordTap}; `onDelta` receives one delta per call (the first also carries
 * the models, the problem and the pool's sampling settings).
 */
export class RecordTap implements Backend {
  readonly complete?: Backend['complete'];
  private started = false;
  private promptSent = false;

  constructor(
    private readonly recorder: RecordingBackend,
    private readonly ids: { policyId: string; prmId: string | null },
    private readonly onDelta: (delta: RecordDelta) => void,
  ) {
    const inner = recorder.complete;
    if (inner) {
      this.complete = async (problem, n, opts): Promise<CompleteResult> => {
        this.start(problem, opts);
        const res = await inner.call(recorder, problem, n, opts);
        const nodes: PoolNode[] = [];
        for (const chain of res.solutions) {
          let parent: string | null = null;
          for (const s of chain) {
            const node = this.nodeOf(problem, parent, s);
            nodes.push(node);
            parent = node.id;
          }
        }
        this.emit(nodes, [], res.cost);
        return res;
      };
    }
  }

  describe(): BackendInfo {
    return this.recorder.describe();
  }

  async expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): Promise<ExpandResult> {
    this.start(problem, opts);
    const parent = prefix === null ? null : poolIdOf(prefix.ref, `run node ${prefix.id}`);
    const res = await this.recorder.expand(problem, prefix, n, opts);
    this.emit(res.samples.map((s) => this.nodeOf(problem, parent, s)), [], prefix === null ? res.cost : undefined);
    return res;
  }

  async score(problem: Problem, nodes: readonly SearchNode[]): Promise<ScoreResult> {
    const ids = nodes.map((node) => poolIdOf(node.ref, `run node ${node.id}`));
    const res = await this.recorder.score(problem, nodes);
    this.emit([], ids.map((id, i): [string, number] => [id, res.rewards[i]]), undefined);
    return res;
  }

  /**
   * Report the start, once, at the first sampling call — before it is sent, as the recorder makes
   * its pool then (taking the sampling settings from it), whether or not the call succeeds.
   */
  private start(problem: Problem, opts: SampleOptions): void {
    if (this.started) return;
    this.started = true;
    const info = this.recorder.describe();
    const models: RecordStart['models'] = { [this.ids.policyId]: { role: 'policy', name: info.policy.name, params: info.policy.params } };
    if (info.prm && this.ids.prmId) models[this.ids.prmId] = { role: 'prm', name: info.prm.name, params: info.prm.params };
    const { temperature, maxStepTokens } = opts;
    const start: RecordStart = {
      models,
      problem: { ...problem },
      pool: {
        problemId: problem.id, policy: this.ids.policyId, prm: this.ids.prmId,
        sampling: maxStepTokens > 0 ? { temperature, maxStepTokens } : { temperature },
      },
    };
    this.onDelta({ start });
  }

  /** A returned sample as the pool node the recorder stored for it. */
  private nodeOf(problem: Problem, parent: string | null, s: StepSample): PoolNode {
    const node: PoolNode = { id: poolIdOf(s.ref, 'a sample'), parent, text: s.text, tokens: s.tokens, reward: null, terminal: s.terminal };
    if (s.answer !== undefined) {
      node.answer = s.answer;
      if (s.terminal) node.correct = gradeFor(s.answer, problem);
    }
    if (s.finishReason !== defaultFinishReason(s.terminal)) node.finishReason = s.finishReason;
    return node;
  }

  private emit(nodes: PoolNode[], rewards: [string, number][], cost: CallCost | undefined): void {
    const delta: RecordDelta = {};
    if (nodes.length) delta.nodes = nodes;
    if (rewards.length) delta.rewards = rewards;
    // The recorder keeps the first prompt-token count of a call from the question.
    if (!this.promptSent && cost?.promptTokens) {
      delta.promptTokens = cost.promptTokens;
      this.promptSent = true;
    }
    if (delta.nodes || delta.rewards || delta.promptTokens !== undefined) this.onDelta(delta);
  }
}

/** A recorder around `inner` and the tap in front of it (the tap is what the strategy calls). */
export function createRecordTap(inner: Backend, onDelta: (delta: RecordDelta) => void, title = 'Live recording'): { tap: RecordTap; recorder: RecordingBackend } {
  const ids = recordingModelIds(inner.describe());
  const recorder = new RecordingBackend(inner, {
    meta: { title, source: 'live' },
    policyId: ids.policyId,
    ...(ids.prmId ? { prmId: ids.prmId } : {}),
    grade: gradeFor,
  });
  return { tap: new RecordTap(recorder, ids, onDelta), recorder };
}
