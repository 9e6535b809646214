/**
 * PRM over vLLM's `/pooling` (backend-protocols.md B1): Qwen2.5-Math-PRM style. Each path is
 * rendered with the model's chat template, every step followed by `<extra_0>`; the server returns
 * one row per separator; the step reward is the row's "good" entry (`[p_bad, p_good]` for Qwen,
 * so index 1; a Math-Shepherd model served with STEP pooling returns `[P(+), P(-)]`: index 0).
 *
 * Output shapes (`output`): `classes` (the default) reads one entry of a row of class
 * probabilities or logits; `probability` and `logit` read a one-value-per-step head (a scalar
 * reward head, Skywork-PRM style: the row is `[v]` or the bare number `v`), as is or through a
 * sigmoid. A response that does not fit the chosen shape is refused with what was found and the
 * setting that would read it — never silently scored (a one-entry row read as classes would
 * softmax to 1.0 for every step).
 *
 * `outcome: true` scores only the last step of each path: the steps are joined and one separator
 * closes the solution, so the server returns one row per path (an outcome reward model, or a PRM
 * read as one); the earlier steps get no reward of their own.
 */
import type { ModelInfo } from '../search/backend';
import type { AbortSignalLike } from '../search/types';
import type { HttpClient } from './http-client';
import type { PrmAdapter } from './prm';
import { poolingSchema } from './schemas';

/** Qwen2.5-Math-PRM's input: its chat template with the steps as the assistant turn (model card). */
export const QWEN_PRM_TEMPLATE = '<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n{steps}<|im_end|>\n';

export interface PoolingPrmOptions {
  model: string;
  info: ModelInfo;
  /** `{question}` and `{steps}` (the steps, each followed by the separator). */
  template?: string;
  separator?: string;
  /** Which entry of a row is P(step is good). */
  goodIndex?: number;
  /** `task` field (recent vLLM: "token_classify"; older "reward"/"encode"); omitted by default. */
  task?: string;
  /** Paths per request (the input list). */
  batchSize?: number;
  /** How a step's row is read (default `classes`). */
  output?: PoolingOutput;
  /** Score only each path's last step (one separator, after the whole solution). */
  outcome?: boolean;
}

/** How a pooling row becomes P(step is good). */
export type PoolingOutput = 'classes' | 'probability' | 'logit';
export const POOLING_OUTPUTS: readonly PoolingOutput[] = ['classes', 'probability', 'logit'];

const ENDPOINT = 'POST /pooling';

/** Row → probabilities: as is when it already is a distribution, else softmax (a server returning logits). */
function probabilities(row: readonly number[]): number[] {
  const sum = row.reduce((s, x) => s + x, 0);
  if (row.every((x) => x >= 0 && x <= 1) && Math.abs(sum - 1) < 1e-3) return [...row];
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const z = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / z);
}

/** A row of finite numbers (a bare number is a one-value row), or the error naming what is wrong where. */
function rowOf(raw: unknown, where: string, bad: (reason: string) => Error): number[] {
  const show = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x.slice(0, 20)) : String(x));
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw bad(`${where}: must be a finite number (got ${raw})`);
    return [raw];
  }
  if (!Array.isArray(raw)) throw bad(`${where}: must be a row of numbers or one number (got ${show(raw)})`);
  return raw.map((x, k) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw bad(`${where}[${k}]: must be a number (got ${show(x)})`);
    return x;
  });
}

export class PoolingPrm implements PrmAdapter {
  readonly endpoint = ENDPOINT;
  readonly notes: string[] = [];
  readonly info: ModelInfo;
  private readonly template: string;
  private readonly separator: string;
  private readonly goodIndex: number;
  private readonly batchSize: number;
  private readonly output: PoolingOutput;
  private readonly outcome: boolean;

  /** Every step of a path, except in outcome mode (the last only). */
  readonly fullPath: boolean;

  constructor(readonly client: HttpClient, private readonly opts: PoolingPrmOptions) {
    this.info = opts.info;
    this.fullPath = !opts.outcome;
    this.template = opts.template ?? QWEN_PRM_TEMPLATE;
    this.separator = opts.separator ?? '<extra_0>';
    this.goodIndex = opts.goodIndex ?? 1;
    this.batchSize = Math.max(1, opts.batchSize ?? 8);
    this.output = opts.output ?? 'classes';
    this.outcome = opts.outcome ?? false;
    if (!POOLING_OUTPUTS.includes(this.output)) throw new Error(`pooling PRM output: ${JSON.stringify(this.output)} is not one of ${POOLING_OUTPUTS.join(', ')}`);
    if (!this.template.includes('{steps}')) throw new Error('pooling PRM template: must contain {steps}');
  }

  get server(): string {
    return this.client.server;
  }

  /** The text sent for one path (`outcome`: the steps joined by blank lines, one separator at the end). */
  render(question: string, steps: readonly string[]): string {
    const sep = this.separator;
    const clean = steps.map((s) => s.split(sep).join('').trim());
    const body = this.outcome ? `${clean.join('\n\n')}${sep}` : clean.map((s) => s + sep).join('');
    return this.template.split('{question}').join(question).split('{steps}').join(body);
  }

  async rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    const batches: (readonly (readonly string[])[])[] = [];
    for (let i = 0; i < paths.length; i += this.batchSize) batches.push(paths.slice(i, i + this.batchSize));
    const parts = await Promise.all(batches.map((b) => this.batch(question, b, signal)));
    return parts.flat();
  }

  private async batch(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    const input = paths.map((p) => this.render(question, p));
    const body: Record<string, unknown> = { model: this.opts.model, input };
    if (this.opts.task) body.task = this.opts.task;
    const res = await this.client.request({ path: '/pooling', body, schema: poolingSchema, signal });
    if (res.data.length !== input.length) throw this.client.malformed(ENDPOINT, `data has ${res.data.length} entries for ${input.length} inputs`);
    const data = res.data.every((d) => d.index !== undefined) ? [...res.data].sort((a, b) => a.index! - b.index!) : res.data;
    return data.map((d, i) => {
      const want = this.outcome ? 1 : paths[i].length;
      if (d.data.length !== want) {
        const what = this.outcome ? 'one row for the whole solution (outcome reward)' : `one row per ${this.separator}`;
        throw this.client.malformed(ENDPOINT, `data[${i}].data has ${d.data.length} rows for ${paths[i].length} steps (${what} expected; is this a STEP-pooling PRM?)`);
      }
      const read = d.data.map((row, j) => this.read(row, `data[${i}].data[${j}]`));
      return this.outcome ? [...new Array<null>(paths[i].length - 1).fill(null), read[0]] : read;
    });
  }

  /** One row (or bare number) → P(good), or a clear refusal when it does not fit the output shape. */
  private read(raw: unknown, where: string): number {
    const row = rowOf(raw, where, (reason) => this.client.malformed(ENDPOINT, reason));
    if (this.output === 'classes') {
      if (row.length === 1) {
        throw this.client.malformed(ENDPOINT, `${where} is one value (${row[0]}), not a row of classes: this PRM gives one value per step (a scalar head, Skywork-style); set its output to "probability" (0…1) or "logit"`);
      }
      if (row.length <= this.goodIndex) throw this.client.malformed(ENDPOINT, `${where} has ${row.length} entries; the good-step entry is index ${this.goodIndex}`);
      return probabilities(row)[this.goodIndex];
    }
    if (row.length !== 1) {
      throw this.client.malformed(ENDPOINT, `${where} has ${row.length} entries, not one value per step: set the PRM's output to "classes" (and its good-step index) for a row of class scores`);
    }
    const v = row[0];
    if (this.output === 'logit') return 1 / (1 + Math.exp(-v));
    if (!(v >= 0 && v <= 1)) throw this.client.malformed(ENDPOINT, `${where} is ${v}, not a probability in [0, 1]: if the head gives logits, set the PRM's output to "logit"`);
    return v;
  }
}
