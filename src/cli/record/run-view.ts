/**
 * One run's Backend over a recording (pool.ts): served like a fresh ReplayBackend — recorded
 * children first, in order — with the live server behind it for what the pool does not have yet.
 */
import type { Backend, BackendInfo, CallCost, ExpandResult, SampleOptions, ScoreResult } from '../../search/backend';
import type { Problem, SearchNode, StepSample } from '../../search/types';
import { defaultFinishReason } from '../../trace/bundle';
import type { Entry, PoolRecording, RecordPool } from './pool';

/** A replay's sample of a recorded node (exactly what ReplayBackend serves for it). */
function sampleOf(e: Entry): StepSample {
  const node = e.node!;
  const s: StepSample = { text: node.text, tokens: node.tokens, terminal: node.terminal, finishReason: node.finishReason ?? defaultFinishReason(node.terminal), ref: e.id };
  if (node.answer !== undefined) s.answer = node.answer;
  return s;
}

/** The recorded id a run node stands for. */
function idOf(node: SearchNode): string {
  if (typeof node.ref !== 'string') throw new Error(`run node ${node.id} was not served by this recording`);
  return node.ref;
}

/** One run's Backend over a recording: like a fresh ReplayBackend, with the live server behind it. */
export class RunView implements Backend {
  readonly complete: NonNullable<Backend['complete']>;
  /** Per parent id: how many recorded children this run was served. */
  private readonly used = new Map<string | null, number>();

  constructor(private readonly rec: PoolRecording, private readonly pool: RecordPool, private readonly info: BackendInfo) {
    this.complete = (problem, n, opts) => this.completeImpl(problem, n, opts);
  }

  describe(): BackendInfo {
    return this.info;
  }

  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): ExpandResult | Promise<ExpandResult> {
    this.check(problem);
    const parent = prefix === null ? null : idOf(prefix);
    const served = this.take(parent, n);
    const missing = n - served.length;
    if (missing <= 0) return { samples: served.map(sampleOf), cost: this.replayCost(prefix === null) };
    const first = this.pool.childrenOf(parent).length;
    const slots = this.rec.reserve(parent, missing);
    this.used.set(parent, first + missing);
    const call = this.rec.track(() => this.rec.live.expand(problem, this.rec.livePath(parent), missing, this.rec.liveOptions(opts, `${parent ?? 'q'}#${first}`)));
    return call.then((res) => {
      this.fillSlots(slots, res.samples);
      if (prefix === null) this.notePrompt(res.cost);
      const got = [...served, ...slots.filter((e) => e.node)];
      const out: ExpandResult = { samples: got.map(sampleOf), cost: { ...this.replayCost(prefix === null), ...wall(res.cost) } };
      return got.length < n ? { ...out, shortfall: n - got.length } : out;
    });
  }

  score(problem: Problem, nodes: readonly SearchNode[]): ScoreResult | Promise<ScoreResult> {
    this.check(problem);
    const entries = nodes.map((node) => {
      const e = this.pool.entry(idOf(node));
      if (!e?.node) throw new Error(`run node ${node.id} is not in the recording of ${problem.id}`);
      return e;
    });
    const todo = entries.filter((e) => e.node!.reward === null);
    const rewards = () => entries.map((e) => e.node!.reward!);
    // As ReplayBackend: the run counts PRM tokens from its tree, the question's from the pool.
    const question = (): { questionTokens?: number } => (this.pool.promptTokens !== undefined ? { questionTokens: this.pool.promptTokens } : {});
    if (todo.length === 0) return { rewards: rewards(), ...question() };
    const paths = todo.map((e) => this.rec.livePath(e.id)!);
    return this.rec.track(() => this.rec.live.score(problem, paths)).then((res) => {
      todo.forEach((e, i) => this.rec.setReward(e, res.rewards[i]));
      return { rewards: rewards(), cost: wall(res.cost), ...question() };
    });
  }

  /**
   * `n` whole solutions, walked through the pool exactly as ReplayBackend.complete walks it; a
   * walk that would end unfinished is continued live one step at a time (so a later replay walks
   * on into the same steps), and the solutions the root is short of come from one live call.
   */
  private async completeImpl(problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }): Promise<{ solutions: StepSample[][]; cost?: CallCost; shortfall?: number }> {
    this.check(problem);
    const solutions: StepSample[][] = [];
    let wallMs = 0;
    let i = 0;
    for (; i < n; i++) {
      const [first] = this.take(null, 1);
      if (!first) break;
      const chain = [first];
      let node = first;
      while (!node.node!.terminal && chain.length < opts.maxDepth) {
        let [next] = this.take(node.id, 1);
        if (!next) {
          const step = await this.extend(problem, node, opts);
          wallMs += step.wallMs;
          if (!step.entry) break;
          next = step.entry;
        }
        chain.push(next);
        node = next;
      }
      solutions.push(chain.map(sampleOf));
    }
    const missing = n - i;
    if (missing > 0) {
      const start = this.pool.childrenOf(null).length;
      const roots = this.rec.reserve(null, missing);
      this.used.set(null, start + missing);
      const live = this.rec.live.complete ?? null;
      if (!live) throw new Error('the live backend cannot sample whole solutions');
      const res = await this.rec.track(() => live.call(this.rec.live, problem, missing, this.rec.liveOptions(opts, `q*${start}`)));
      this.notePrompt(res.cost);
      wallMs += res.cost?.wallMs ?? 0;
      for (let j = 0; j < roots.length; j++) {
        const steps = res.solutions[j];
        if (!steps || steps.length === 0) continue;
        this.rec.fill(roots[j], steps[0]);
        const chain = [roots[j]];
        for (let k = 1; k < steps.length; k++) {
          const [slot] = this.rec.reserve(chain[k - 1].id, 1);
          this.rec.fill(slot, steps[k]);
          this.used.set(slot.parent, (this.used.get(slot.parent) ?? 0) + 1);
          chain.push(slot);
        }
        let node = chain[chain.length - 1];
        while (!node.node!.terminal && chain.length < opts.maxDepth) {
          const step = await this.extend(problem, node, opts);
          wallMs += step.wallMs;
          if (!step.entry) break;
          chain.push(step.entry);
          node = step.entry;
        }
        solutions.push(chain.map(sampleOf));
      }
    }
    const cost: CallCost = { ...this.replayCost(true), ...(wallMs > 0 ? { wallMs } : {}) };
    return solutions.length < n ? { solutions, cost, shortfall: n - solutions.length } : { solutions, cost };
  }

  /** One more live step after `node`, appended after its children and served to this run. */
  private async extend(problem: Problem, node: Entry, opts: SampleOptions): Promise<{ entry: Entry | null; wallMs: number }> {
    const first = this.pool.childrenOf(node.id).length;
    const [slot] = this.rec.reserve(node.id, 1);
    this.used.set(node.id, first + 1);
    const res = await this.rec.track(() => this.rec.live.expand(problem, this.rec.livePath(node.id), 1, this.rec.liveOptions(opts, `${node.id}#${first}`)));
    this.fillSlots([slot], res.samples);
    return { entry: slot.node ? slot : null, wallMs: res.cost?.wallMs ?? 0 };
  }

  /** The next `n` recorded children of a parent not yet served to this run. */
  private take(parent: string | null, n: number): Entry[] {
    const list = this.pool.childrenOf(parent);
    const k = this.used.get(parent) ?? 0;
    const got = list.slice(k, k + n);
    for (const e of got) if (!e.node) throw new Error(`recorded node ${e.id} is still being sampled by another call`);
    if (got.length > 0) this.used.set(parent, k + got.length);
    return got;
  }

  private fillSlots(slots: Entry[], samples: readonly StepSample[]): void {
    for (let i = 0; i < slots.length && i < samples.length; i++) this.rec.fill(slots[i], samples[i]);
  }

  private notePrompt(cost: CallCost | undefined): void {
    if (this.pool.promptTokens === undefined && cost?.promptTokens) this.pool.promptTokens = cost.promptTokens;
  }

  /** What ReplayBackend charges besides the samples: the question's prompt tokens on calls from it. */
  private replayCost(fromQuestion: boolean): CallCost | undefined {
    return fromQuestion && this.pool.promptTokens ? { promptTokens: this.pool.promptTokens } : undefined;
  }

  private check(problem: Problem): void {
    if (problem.id !== this.pool.problem.id) throw new Error(`this recording is of problem ${this.pool.problem.id}, not ${problem.id}`);
  }
}

function wall(cost: CallCost | undefined): CallCost {
  return cost?.wallMs !== undefined ? { wallMs: cost.wallMs } : {};
}
