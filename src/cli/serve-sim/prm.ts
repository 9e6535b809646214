/**
 * The sim PRM in the three forms clients read (backend-protocols.md B1, B2):
 * - Math-Shepherd: at the prompt position after each `ки` tag, logprobs of '+' and '-' whose
 *   two-way softmax P('+') is the sim PRM's reward (prompt_logprobs), or one generated label;
 * - Qwen2.5-Math-PRM: `/pooling` rows [p_bad, p_good] = [1 − r, r], one per `<extra_0>`;
 * - a plain JSON endpoint `{question, steps[]} → {rewards[]}` (POST /prm).
 */
import { HttpError } from './errors';
import { ID_MINUS, ID_PLUS, TAG_QWEN, TAG_SHEPHERD } from './tokens';
import type { ParsedPrompt, SimWorld } from './world';

/** Share of the next-token probability after a tag that goes to the two labels (the rest: other tokens). */
export const LABEL_MASS = 0.95;

export interface TagReward {
  /** Index of the tag in the prompt. */
  pos: number;
  reward: number;
}

/** The reward for each `tag` after the question: the PRM's judgement of the step just before it. */
export function tagRewards(world: SimWorld, parsed: ParsedPrompt, prompt: string, tag: string): TagReward[] {
  const out: TagReward[] = [];
  let k = -1;
  for (let pos = prompt.indexOf(tag, parsed.questionEnd); pos >= 0; pos = prompt.indexOf(tag, pos + tag.length)) {
    while (k + 1 < parsed.steps.length && parsed.steps[k + 1].end <= pos) k++;
    if (k < 0) throw new HttpError(400, `serve-sim: the step tag ${JSON.stringify(tag)} at character ${pos} comes before the first step; put it after each step`, 'BadRequestError', 'prompt');
    out.push({ pos, reward: world.reward(parsed.steps[k].state) });
  }
  return out;
}

/** The labels' distribution after a tag: [id, text, probability], likeliest first. */
export function labelDistribution(reward: number): [number, string, number][] {
  const d: [number, string, number][] = [[ID_PLUS, '+', LABEL_MASS * reward], [ID_MINUS, '-', LABEL_MASS * (1 - reward)]];
  return d[0][2] >= d[1][2] ? d : [d[1], d[0]];
}

export interface PromptLogprobEntry {
  [tokenId: string]: { logprob: number; rank: number; decoded_token: string };
}

/**
 * vLLM's `prompt_logprobs`: null for the first token, then per token an object keyed by token id
 * holding the actual token and the top-k of the distribution before it. The sim has no token-level
 * language model: an ordinary position reports the actual token with logprob 0 (rank 1). Only the
 * position after a Math-Shepherd tag, when the PRM is asked, carries a real distribution.
 */
export function promptLogprobs(
  pieces: readonly string[], ids: readonly number[], cores: readonly number[], k: number, labels: ReadonlyMap<number, number> | null,
): (PromptLogprobEntry | null)[] {
  const out: (PromptLogprobEntry | null)[] = [null];
  for (let t = 1; t < pieces.length; t++) {
    const reward = labels?.get(cores[t - 1]);
    if (reward === undefined) {
      out.push({ [ids[t]]: { logprob: 0, rank: 1, decoded_token: pieces[t] } });
      continue;
    }
    const dist: [number, string, number][] = labelDistribution(reward);
    if (ids[t] !== ID_PLUS && ids[t] !== ID_MINUS) dist.push([ids[t], pieces[t], 1 - LABEL_MASS]);
    dist.sort((a, b) => b[2] - a[2]);
    const entry: PromptLogprobEntry = {};
    dist.forEach(([id, text, p], i) => {
      if (k < 0 || i < k || id === ids[t]) entry[id] = { logprob: Math.log(p), rank: i + 1, decoded_token: id === ids[t] ? pieces[t] : text };
    });
    out.push(entry);
  }
  return out;
}

/** Rewards keyed by the character index of each Math-Shepherd tag (for `promptLogprobs`). */
export function shepherdLabels(world: SimWorld, parsed: ParsedPrompt, prompt: string): Map<number, number> {
  return new Map(tagRewards(world, parsed, prompt, TAG_SHEPHERD).map((t) => [t.pos, t.reward]));
}

/** Qwen-style pooling rows [p_bad, p_good], one per `<extra_0>`. */
export function poolingRows(world: SimWorld, parsed: ParsedPrompt, prompt: string): [number, number][] {
  return tagRewards(world, parsed, prompt, TAG_QWEN).map((t) => [1 - t.reward, t.reward]);
}
