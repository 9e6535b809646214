/**
 * The sim answers synchronously, and `await` on a plain value only runs microtasks: a whole
 * 10,000-node run would then execute as one task, and the worker would neither read the cancel
 * message nor let the batch timer fire until it ended. This wrapper hands control back to the
 * event loop every `sliceMs` of work by returning a Promise that resolves on a fresh task.
 */
import type { Backend, BackendInfo, ExpandResult, MaybePromise, SampleOptions, ScoreResult } from '../search/backend';
import type { Problem, SearchNode, StepSample } from '../search/types';

/** How long a run may compute before it lets queued messages and timers run. */
export const YIELD_SLICE_MS = 12;

type CompleteResult = { solutions: StepSample[][]; cost?: ExpandResult['cost']; shortfall?: number };

interface ImmediateHost {
  setImmediate?: (cb: () => void) => unknown;
}

let channel: { port: MessagePort; queue: (() => void)[] } | null = null;

/**
 * Resolve on a new macrotask. `setTimeout(0)` is clamped to 4 ms once nested, which would cost a
 * third of the run at one yield per 12 ms, so prefer Node's `setImmediate`, then a MessageChannel
 * (what React's scheduler uses in browsers and workers), and fall back to `setTimeout`.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const host = globalThis as ImmediateHost;
    if (typeof host.setImmediate === 'function') {
      host.setImmediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      if (!channel) {
        const { port1, port2 } = new MessageChannel();
        const queue: (() => void)[] = [];
        port1.onmessage = () => queue.shift()?.();
        channel = { port: port2, queue };
      }
      channel.queue.push(resolve);
      channel.port.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

/**
 * A Backend that returns exactly what `inner` returns, but now and then a tick later. The values
 * and their order are unchanged (strategies await each call in turn), so a run's events are the
 * same whether or not it yielded.
 */
export class YieldingBackend implements Backend {
  /** Present only when the inner backend has it: SearchRun picks its path by its presence. */
  readonly complete?: (problem: Problem, n: number, opts: SampleOptions & { maxDepth: number }) => MaybePromise<CompleteResult>;
  private lastYield: number;

  /**
   * @param inner The backend doing the work.
   * @param sliceMs Yield once this much time passed since the last yield (0 = on every call).
   * @param now Clock (injectable for tests).
   */
  constructor(
    private readonly inner: Backend,
    private readonly sliceMs = YIELD_SLICE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastYield = now();
    const complete = inner.complete;
    if (complete) this.complete = (problem, n, opts) => this.pace(complete.call(inner, problem, n, opts));
  }

  describe(): BackendInfo {
    return this.inner.describe();
  }

  expand(problem: Problem, prefix: SearchNode | null, n: number, opts: SampleOptions): MaybePromise<ExpandResult> {
    return this.pace(this.inner.expand(problem, prefix, n, opts));
  }

  score(problem: Problem, nodes: readonly SearchNode[]): MaybePromise<ScoreResult> {
    return this.pace(this.inner.score(problem, nodes));
  }

  /** The inner result as is, or, when the slice is used up, the same result one task later. */
  private pace<T>(result: MaybePromise<T>): MaybePromise<T> {
    if (this.now() - this.lastYield < this.sliceMs) return result;
    // Promise.all takes hold of `result` at once: a call that fails during the yield is then a
    // rejection the run handles, not an unhandled one that the yield left waiting.
    return Promise.all([nextTask().then(() => {
      // Time spent on other tasks during the yield is not the run's: start the slice afresh.
      this.lastYield = this.now();
    }), result]).then(([, r]) => r);
  }
}
