/**
 * `POST /tokenize` in each server's dialect (backend-protocols.md A3, C1, C3), for token counts
 * when `usage` is missing and for locating step tags in a PRM's prompt. A server without the
 * endpoint (404/405/501, or Ollama) is remembered as lacking it.
 */
import type { AbortSignalLike } from '../search/types';
import { isBackendError } from './errors';
import type { HttpClient } from './http-client';
import { tokenIds, tokenizeSchema } from './schemas';

/** Which server software answers (guessed by the probe or chosen by the user). */
export type ServerKind = 'vllm' | 'sglang' | 'llamacpp' | 'ollama' | 'tgi' | 'unknown';

export const SERVER_KINDS: readonly ServerKind[] = ['vllm', 'sglang', 'llamacpp', 'ollama', 'tgi', 'unknown'];

/** Display names. */
export const SERVER_NAMES: Record<ServerKind, string> = {
  vllm: 'vLLM', sglang: 'SGLang', llamacpp: 'llama.cpp server', ollama: 'Ollama', tgi: 'TGI', unknown: 'the server',
};

export class Tokenizer {
  /** Whether the server has `/tokenize`; undefined until the first call tells. */
  available: boolean | undefined;

  constructor(private readonly client: HttpClient, private readonly model: string | undefined, readonly kind: ServerKind = 'unknown', available?: boolean) {
    this.available = kind === 'ollama' ? false : available;
  }

  /** The token ids of `text`, or null when the server cannot tokenize. */
  async ids(text: string, addSpecial: boolean, signal?: AbortSignalLike): Promise<number[] | null> {
    if (this.available === false) return null;
    try {
      const res = await this.client.request({ path: '/tokenize', body: this.body(text, addSpecial), schema: tokenizeSchema, signal });
      this.available = true;
      return tokenIds(res);
    } catch (err) {
      if (isBackendError(err, 'http') && (err.status === 404 || err.status === 405 || err.status === 501)) {
        this.available = false;
        return null;
      }
      throw err;
    }
  }

  /** Token counts of several texts (no special tokens), or null when the server cannot tokenize. */
  async counts(texts: readonly string[], signal?: AbortSignalLike): Promise<number[] | null> {
    if (this.available === false) return null;
    const first = await this.ids(texts[0] ?? '', false, signal);
    if (first === null) return null;
    const rest = await Promise.all(texts.slice(1).map((t) => this.ids(t, false, signal)));
    return [first.length, ...rest.map((r) => r?.length ?? 0)];
  }

  private body(text: string, addSpecial: boolean): unknown {
    switch (this.kind) {
      case 'llamacpp':
        return { content: text, add_special: addSpecial };
      case 'tgi':
        return { inputs: text, add_special_tokens: addSpecial };
      default:
        return { ...(this.model ? { model: this.model } : {}), prompt: text, add_special_tokens: addSpecial };
    }
  }
}

/**
 * Split `total` into integer parts proportional to `weights` (largest remainder), summing to
 * exactly `total`. Equal weights when they are all 0.
 */
export function splitTotal(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((s, w) => s + w, 0);
  const w = sum > 0 ? weights : weights.map(() => 1);
  const ws = sum > 0 ? sum : n;
  const exact = w.map((x) => (total * x) / ws);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => i).sort((a, b) => (exact[b] - out[b]) - (exact[a] - out[a]) || a - b);
  for (let j = 0; left > 0; j = (j + 1) % n, left--) out[order[j]]++;
  return out;
}

/**
 * Per-part token counts that sum to `total` (the server's count for the whole), from `/tokenize`
 * counts of the parts: each part keeps its own count and the tokens the parts do not account for
 * (stop strings and EOS, which the text no longer shows) are shared evenly — every part ended
 * with one. When the parts count more than the total (tokens merged across a boundary), the
 * total is split in proportion instead.
 */
export function reconcile(total: number, counts: readonly number[]): number[] {
  const sum = counts.reduce((s, x) => s + x, 0);
  if (sum > total) return splitTotal(total, counts);
  const extra = splitTotal(total - sum, counts.map(() => 1));
  return counts.map((c, i) => c + extra[i]);
}
