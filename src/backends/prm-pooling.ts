/**
 * PRM over vLLM's `/pooling` (backend-protocols.md B1): Qwen2.5-Math-PRM style. Each path is
 * rendered with the model's chat template, every step followed by `<extra_0>`; the server returns
 * one row per separator; the step reward is the row's "good" entry (`[p_bad, p_good]` for Qwen,
 * so index 1; a Math-Shepherd model served with STEP pooling returns `[P(+), P(-)]`: index 0).
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
}

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

export class PoolingPrm implements PrmAdapter {
  readonly fullPath = true;
  readonly endpoint = ENDPOINT;
  readonly notes: string[] = [];
  readonly info: ModelInfo;
  private readonly template: string;
  private readonly separator: string;
  private readonly goodIndex: number;
  private readonly batchSize: number;

  constructor(readonly client: HttpClient, private readonly opts: PoolingPrmOptions) {
    this.info = opts.info;
    this.template = opts.template ?? QWEN_PRM_TEMPLATE;
    this.separator = opts.separator ?? '<extra_0>';
    this.goodIndex = opts.goodIndex ?? 1;
    this.batchSize = Math.max(1, opts.batchSize ?? 8);
    if (!this.template.includes('{steps}')) throw new Error('pooling PRM template: must contain {steps}');
  }

  get server(): string {
    return this.client.server;
  }

  /** The text sent for one path. */
  render(question: string, steps: readonly string[]): string {
    const sep = this.separator;
    const body = steps.map((s) => s.split(sep).join('').trim() + sep).join('');
    return this.template.split('{question}').join(question).split('{steps}').join(body);
  }

  async rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<(number | null)[][]> {
    const batches: (readonly (readonly string[])[])[] = [];
    for (let i = 0; i < paths.length; i += this.batchSize) batches.push(paths.slice(i, i + this.batchSize));
    const parts = await Promise.all(batches.map((b) => this.batch(question, b, signal)));
    return parts.flat();
  }

  private async batch(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<number[][]> {
    const input = paths.map((p) => this.render(question, p));
    const body: Record<string, unknown> = { model: this.opts.model, input };
    if (this.opts.task) body.task = this.opts.task;
    const res = await this.client.request({ path: '/pooling', body, schema: poolingSchema, signal });
    if (res.data.length !== input.length) throw this.client.malformed(ENDPOINT, `data has ${res.data.length} entries for ${input.length} inputs`);
    const data = res.data.every((d) => d.index !== undefined) ? [...res.data].sort((a, b) => a.index! - b.index!) : res.data;
    return data.map((d, i) => {
      const want = paths[i].length;
      if (d.data.length !== want) {
        throw this.client.malformed(ENDPOINT, `data[${i}].data has ${d.data.length} rows for ${want} steps (one row per ${this.separator} expected; is this a STEP-pooling PRM?)`);
      }
      return d.data.map((row, j) => {
        if (row.length <= this.goodIndex) throw this.client.malformed(ENDPOINT, `data[${i}].data[${j}] has ${row.length} entries; the good-step entry is index ${this.goodIndex}`);
        return probabilities(row)[this.goodIndex];
      });
    });
  }
}
