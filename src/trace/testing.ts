/**
 * Test helpers for src/trace (and anyone testing code that sits on a Backend): a tiny,
 * fully scripted Backend and a way to build SearchNodes by hand. Not used by the app.
 */
import type { Backend, BackendInfo, ExpandResult, MaybePromise, SampleOptions, ScoreResult } from '../search/backend';
import type { Problem, SearchNode, StepSample } from '../search/types';

/** The ref a ScriptedBackend puts on its samples. */
export interface ScriptedRef {
  scripted: string;
}

/** Options of {@link ScriptedBackend}. */
export interface ScriptedOptions {
  /** Steps per solution: the step at this depth is terminal (default 3). */
  depth?: number;
  /** Whether it has a PRM (default true). */
  prm?: boolean;
  /** Answer with Promises instead of plain values (default false). */
  async?: boolean;
}

function isScriptedRef(ref: unknown): ref is ScriptedRef {
  return typeof ref === 'object' && ref !== null && typeof (ref as ScriptedRef).scripted === 'string';
}

/**
 * A deterministic fake Backend. The k-th child ever asked of a prefix has text `<path>.<k>`
 * (`s.<k>` for first steps), `3 + k` tokens and, at `depth`, the answer `String(k % 3)`; a
 * node's reward is a fixed function of its text. It throws when a prefix (or any ancestor)
 * carries a ref it did not make, which is how tests see that wrappers unwrap refs.
 */
export class ScriptedBackend implements Backend {
  /** Every call, for assertions: `expand <path> <n>`, `score <paths>`, `complete <n>`. */
  readonly calls: string[] = [];
  readonly complete: NonNullable<Backend['complete']>;
  private readonly asked = new Map<string, number>();
  private readonly depth: number;

  constructor(private readonly options: ScriptedOptions = {}) {
    this.depth = options.depth ?? 3;
    this.complete = (_problem, n, opts) => {
      this.calls.push(`complete ${n}`);
      const solutions: StepSample[][] = [];
      for (let i = 0; i < n; i++) {
        const chain = [this.sample(null, 1)];
        while (!chain[chain.length - 1].terminal && chain.length < opts.maxDepth) {
          chain.push(this.sample((chain[chain.length - 1].ref as ScriptedRef).scripted, chain.length + 1));
        }
        solutions.push(chain);
      }
      return this.answer({ solutions, cost: { wallMs: 1 } });
    };
  }

  describe(): BackendInfo {
    return {
      policy: { name: 'scripted-1B', params: 1e9 },
      prm: this.options.prm === false ? null : { name: 'scripted-prm', params: 5e8 },
      capabilities: { complete: true, multiSample: true, replay: false },
    };
  }

  expand(_problem: Problem, prefix: SearchNode | null, n: number, _opts: SampleOptions): MaybePromise<ExpandResult> {
    const path = prefix === null ? null : this.pathOf(prefix);
    this.calls.push(`expand ${path ?? 'root'} ${n}`);
    const depth = prefix === null ? 1 : prefix.depth + 1;
    const samples = Array.from({ length: n }, () => this.sample(path, depth));
    return this.answer({ samples, cost: { promptTokens: 10, wallMs: 2 } });
  }

  score(_problem: Problem, nodes: readonly SearchNode[]): MaybePromise<ScoreResult> {
    if (this.options.prm === false) throw new Error('ScriptedBackend: no PRM');
    const paths = nodes.map((node) => this.pathOf(node));
    this.calls.push(`score ${paths.join(' ')}`);
    return this.answer({ rewards: paths.map(rewardOf), questionTokens: 10 });
  }

  private sample(parentPath: string | null, depth: number): StepSample {
    const key = parentPath ?? 's';
    const k = this.asked.get(key) ?? 0;
    this.asked.set(key, k + 1);
    const path = `${key}.${k}`;
    const terminal = depth >= this.depth;
    const sample: StepSample = {
      text: path,
      tokens: 3 + k,
      terminal,
      finishReason: terminal ? 'eos' : k === 2 ? 'length' : 'stop',
      ref: { scripted: path } satisfies ScriptedRef,
    };
    if (terminal) sample.answer = String(k % 3);
    return sample;
  }

  private pathOf(node: SearchNode): string {
    for (let n: SearchNode | null = node; n; n = n.parentNode) {
      if (!isScriptedRef(n.ref)) throw new Error(`ScriptedBackend: node ${n.id} carries a ref it did not make`);
    }
    return (node.ref as ScriptedRef).scripted;
  }

  private answer<T>(value: T): MaybePromise<T> {
    return this.options.async ? Promise.resolve(value) : value;
  }
}

/** The scripted reward of a step: a fixed value in [0, 1] from its text. */
export function rewardOf(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 1009;
  return h / 1008;
}

export { nodeFrom } from '../search/testing/nodes';

const compute = (calls: number) => ({ policyTokens: 10 * calls, promptTokens: 0, prmTokens: 0, flops: 1.4e11 * calls, calls, wallMs: 0 });

/**
 * A small valid bundle as plain JSON (a fresh object on every call): two problems, a scored
 * tree pool with a child listed before its parent, an unscored pool, and one run.
 */
export function exampleBundleJson(): Record<string, unknown> {
  return {
    format: 'inference-frontier-trace',
    version: 1,
    meta: { title: 'Example', createdAt: '2026-11-26T12:00:00Z', source: 'sim', notes: 'for tests' },
    models: {
      'sim-7B': { role: 'policy', name: 'sim-7B', params: 7e9 },
      'sim-prm': { role: 'prm', name: 'sim-prm', params: 7e9 },
      'sim-1B': { role: 'policy', name: 'sim-1B', params: 1.4e9 },
    },
    problems: [
      { id: 'p1', question: 'What is 6 × 7?', answer: '42', dataset: 'gsm8k' },
      { id: 'p2', question: 'Halve 1.', answer: '\\frac{1}{2}', dataset: 'math', level: 3, subject: 'Algebra' },
    ],
    pools: [
      {
        problemId: 'p1', policy: 'sim-7B', prm: 'sim-prm',
        sampling: { temperature: 1, maxStepTokens: 256, stop: ['\n\n'] },
        nodes: [
          { id: 'a', parent: null, text: '6 × 7 means six sevens.', tokens: 8, reward: 0.9, terminal: false },
          { id: 'b1', parent: 'b', text: 'The answer is 41.', tokens: 6, reward: 0.2, terminal: true, answer: '41', correct: false, finishReason: 'length' },
          { id: 'b', parent: null, text: '6 × 7 = 6 + 7.', tokens: 9, reward: 0.4, terminal: false },
          { id: 'c', parent: null, text: 'Count by sevens.', tokens: 5, reward: 0.7, terminal: false },
          { id: 'a1', parent: 'a', text: '7 + 7 + 7 = 21, doubled is 42.', tokens: 14, reward: 0.8, terminal: false },
          { id: 'a2', parent: 'a', text: 'The answer is 42.', tokens: 6, reward: 0.95, terminal: true, answer: '42', correct: true },
          { id: 'a1x', parent: 'a1', text: 'So 42.', tokens: 4, reward: 0.85, terminal: true, answer: '42', correct: true },
        ],
      },
      {
        problemId: 'p2', policy: 'sim-1B', prm: null, sampling: { temperature: 0.7 },
        nodes: [
          { id: 's1', parent: null, text: 'Half of 1 is', tokens: 4, reward: null, terminal: false },
          { id: 's1b', parent: 's1', text: '\\boxed{\\frac{1}{2}}', tokens: 9, reward: null, terminal: true, answer: '\\frac{1}{2}' },
          { id: 's2', parent: null, text: 'It is \\boxed{0.5}', tokens: 7, reward: null, terminal: true, answer: '0.5' },
        ],
      },
    ],
    runs: [
      {
        id: 'r1', problemId: 'p1', strategy: { name: 'mcts', params: { budget: 32, rollout: false } }, seed: 7,
        events: [
          { type: 'expand', parent: null, n: 2, compute: compute(0) },
          { type: 'node', id: 0, parent: null, depth: 1, text: '6 × 7 means six sevens.', tokens: 8, terminal: false, compute: compute(1) },
          { type: 'score', id: 0, reward: 0.9, compute: compute(2) },
          { type: 'select', ids: [0], reason: 'mcts-path', uct: [null], compute: compute(2) },
          { type: 'vote', method: 'weighted-majority', buckets: [{ key: '42', answer: '42', count: 1, weight: 0.95, best: 0.95 }], winner: '42', compute: compute(3) },
          { type: 'done', answer: '42', correct: true, solutions: 1, nodes: 1, compute: compute(3) },
        ],
        result: { answer: '42', correct: true, solutions: 1, nodes: 1, compute: compute(3) },
      },
    ],
  };
}
