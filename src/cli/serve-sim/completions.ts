/**
 * POST /v1/completions (backend-protocols.md A1) over the sim: a policy model continues the
 * solution in the prompt; the PRM model writes the label '+' or '-' after a final `ки` tag.
 */
import { createRng, hashSeed, type Rng } from '../../search/rng';
import type { SimModelId } from '../../sim/index';
import { PRM_MODEL, type ServerContext } from './context';
import { HttpError, badField } from './errors';
import { boolField, intField, numberField, seedField, stopField, type Body } from './fields';
import { labelDistribution, promptLogprobs, shepherdLabels, tagRewards, type PromptLogprobEntry } from './prm';
import { TAG_SHEPHERD, tokenize, type Tokens } from './tokens';
import { finish, modelOrder, type Finished, type Generation } from './world';

/**
 * What every model writes after a prompt that names no sim problem (a capability probe such as
 * "1 + 1 =", or a misconfigured template): a 200 like any server's, whose text says what is wrong.
 */
export const NO_PROBLEM_NOTICE = ' (serve-sim: this prompt names no sim problem — include the question of a sim problem word for word, or its id such as sim-L3-0017)';

/** vLLM's default `--max-logprobs`. */
export const MAX_LOGPROBS = 20;
/** vLLM's default max_tokens when a request sets none: it silently truncates. */
export const DEFAULT_MAX_TOKENS = 16;
/** llama.cpp's answer to n ≠ 1 on its OpenAI-compatible endpoint. */
export const MULTI_SAMPLE_REFUSAL = 'Only one completion choice is allowed';

interface Params {
  model: SimModelId | typeof PRM_MODEL;
  n: number;
  maxTokens: number | null;
  temperature: number;
  seed: number;
  stop: string[];
  includeStop: boolean;
  promptLogprobs: number | null;
  logprobs: number | null;
  echo: boolean;
  tokenIdKeys: boolean;
  /** vLLM's `return_token_ids`: `token_ids` (generated) and `prompt_token_ids` on every choice. */
  returnTokenIds: boolean;
}

interface LegacyLogprobs {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
}

function logprobsK(b: Body, name: string): number | null {
  const v = b[name];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v > MAX_LOGPROBS) {
    throw badField(name, `Requested ${name === 'prompt_logprobs' ? 'prompt logprobs' : 'sample logprobs'} of ${v}, which is greater than max allowed: ${MAX_LOGPROBS}`);
  }
  return intField(b, name, 0, -1, MAX_LOGPROBS);
}

function readParams(ctx: ServerContext, b: Body): Params {
  if (b.stream === true) throw badField('stream', 'serve-sim does not stream: send "stream": false');
  const model = ctx.model(b);
  const n = intField(b, 'n', 1, 1);
  if (n !== 1 && !ctx.opts.multiSample) throw new HttpError(400, MULTI_SAMPLE_REFUSAL, 'invalid_request_error');
  const echo = boolField(b, 'echo', false);
  const maxTokens = b.max_tokens === null ? null : intField(b, 'max_tokens', DEFAULT_MAX_TOKENS, 0);
  if (maxTokens === 0 && !echo) throw badField('max_tokens', 'max_tokens must be at least 1, got 0 (0 is allowed only with echo)');
  return {
    model, n, maxTokens, echo,
    temperature: numberField(b, 'temperature', 1, 0),
    seed: seedField(b) ?? ctx.nextSeed(),
    stop: stopField(b),
    includeStop: boolField(b, 'include_stop_str_in_output', false),
    // A server without prompt logprobs (llama.cpp, Ollama) ignores the field rather than refusing it.
    promptLogprobs: ctx.opts.promptLogprobs ? logprobsK(b, 'prompt_logprobs') : null,
    logprobs: logprobsK(b, 'logprobs'),
    tokenIdKeys: boolField(b, 'return_tokens_as_token_ids', false),
    // A vLLM older than 0.10.2 ignores the field (its request models accept unknown fields).
    returnTokenIds: ctx.opts.tokenIds && boolField(b, 'return_token_ids', false),
  };
}

/** The prompts of a request: a string, a list of strings, token ids, or a list of token-id lists. */
function readPrompts(ctx: ServerContext, b: Body): string[] {
  const p = b.prompt;
  const decode = (ids: unknown[]): string => {
    if (!ids.every((x) => typeof x === 'number' && Number.isInteger(x))) throw badField('prompt', 'a token-id prompt must hold whole numbers only');
    const text = ctx.vocab.decode(ids as number[]);
    if (text === null) throw badField('prompt', 'the prompt holds token ids this server never produced (tokenize with POST /tokenize first)');
    return text;
  };
  if (typeof p === 'string') return [p];
  if (Array.isArray(p) && p.length > 0) {
    if (p.every((x) => typeof x === 'string')) return p as string[];
    if (p.every((x) => typeof x === 'number')) return [decode(p)];
    if (p.every((x) => Array.isArray(x))) return (p as unknown[][]).map(decode);
  }
  throw badField('prompt', p === undefined ? 'prompt is required' : 'prompt must be a string, a non-empty list of strings, or token ids');
}

export function completions(ctx: ServerContext, b: Body): object {
  const params = readParams(ctx, b);
  const prompts = readPrompts(ctx, b);
  const choices: object[] = [];
  let promptTokens = 0;
  let completionTokens = 0;
  prompts.forEach((prompt, i) => {
    const tokens = tokenize(prompt);
    const count = tokens.pieces.length;
    const maxTokens = params.maxTokens ?? Math.max(0, ctx.opts.maxModelLen - count);
    if (count + maxTokens > ctx.opts.maxModelLen) {
      throw badField('max_tokens', `This model's maximum context length is ${ctx.opts.maxModelLen} tokens. However, you requested ${count + maxTokens} tokens `
        + `(${count} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`);
    }
    promptTokens += count;
    const rng = createRng(hashSeed(params.seed, i));
    const out = ctx.world.problems.find(prompt) === null
      ? noticeChoices(ctx, tokens, params, maxTokens)
      : params.model === PRM_MODEL
        ? labelChoices(ctx, prompt, tokens, params, maxTokens, rng)
        : policyChoices(ctx, prompt, tokens, params, params.model, maxTokens, rng);
    const promptIds = params.returnTokenIds ? ctx.vocab.ids(tokens.pieces) : null;
    out.forEach((c, j) => {
      completionTokens += c.tokens;
      choices.push({
        index: i * params.n + j,
        text: params.echo ? prompt + c.text : c.text,
        logprobs: c.logprobs,
        finish_reason: c.finishReason,
        stop_reason: c.stopReason,
        prompt_logprobs: c.promptLogprobs,
        ...(promptIds ? { prompt_token_ids: promptIds, token_ids: generatedIds(ctx, c) } : {}),
      });
    });
  });
  return {
    id: `cmpl-${hashSeed(params.seed, JSON.stringify(b)).toString(16).padStart(8, '0')}`,
    object: 'text_completion',
    created: ctx.created(),
    model: params.model,
    choices,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens, completion_tokens: completionTokens },
    system_fingerprint: null,
  };
}

interface Choice {
  text: string;
  /** The pieces of everything generated through the stop string (`text` may have the stop string cut off). */
  pieces: string[];
  tokens: number;
  finishReason: 'stop' | 'length';
  stopReason: string | null;
  logprobs: LegacyLogprobs | null;
  promptLogprobs: (PromptLogprobEntry | null)[] | null;
}

/**
 * vLLM's `token_ids`: every generated token, the stop string's included (the text drops it), so
 * their number is the choice's completion tokens. EOS costs no token in the sim, so none is added.
 */
function generatedIds(ctx: ServerContext, c: Choice): number[] {
  return ctx.vocab.ids(c.pieces);
}

function noticeChoices(ctx: ServerContext, tokens: Tokens, p: Params, maxTokens: number): Choice[] {
  const fin = finish(NO_PROBLEM_NOTICE, p.stop, maxTokens, p.includeStop);
  const promptLp = p.promptLogprobs === null ? null : promptLogprobs(tokens.pieces, ctx.vocab.ids(tokens.pieces), tokens.cores, p.promptLogprobs, null);
  const choice: Choice = { text: fin.text, pieces: fin.pieces, tokens: fin.tokens, finishReason: fin.finishReason, stopReason: fin.stopReason, logprobs: null, promptLogprobs: promptLp };
  return Array.from({ length: p.n }, () => choice);
}

function policyChoices(ctx: ServerContext, prompt: string, tokens: Tokens, p: Params, model: SimModelId, maxTokens: number, rng: Rng): Choice[] {
  const { world } = ctx;
  const parsed = world.parse(prompt, modelOrder(model));
  const promptLp = p.promptLogprobs === null ? null : promptLogprobs(tokens.pieces, ctx.vocab.ids(tokens.pieces), tokens.cores, p.promptLogprobs, null);
  const out: Choice[] = [];
  for (let j = 0; j < p.n; j++) {
    const gen = world.generate(parsed, model, p.temperature, rng, { withLogprobs: p.logprobs !== null, stops: p.stop, maxTokens });
    const fin = finish(gen.text, p.stop, maxTokens, p.includeStop);
    world.remember(parsed.problem, gen, fin);
    out.push({
      text: fin.text, pieces: fin.pieces, tokens: fin.tokens, finishReason: fin.finishReason, stopReason: fin.stopReason,
      logprobs: p.logprobs === null ? null : policyLogprobs(ctx, gen, fin, p, prompt),
      promptLogprobs: promptLp,
    });
  }
  return out;
}

/** Legacy logprobs of generated text: a step's log-probability sits on its first token, the rest are 0. */
function policyLogprobs(ctx: ServerContext, gen: Generation, fin: Finished, p: Params, prompt: string): LegacyLogprobs {
  const t = tokenize(fin.text);
  const ids = ctx.vocab.ids(t.pieces);
  const lp = t.pieces.map(() => 0);
  for (const s of gen.steps) {
    if (s.from >= fin.text.length) break;
    let i = 0;
    while (i + 1 < t.starts.length && t.starts[i + 1] <= s.from) i++;
    if (lp.length > 0) lp[i] += s.logprob;
  }
  const key = (i: number) => (p.tokenIdKeys ? `token_id:${ids[i]}` : t.pieces[i]);
  const gen_: LegacyLogprobs = {
    tokens: t.pieces.map((_, i) => key(i)),
    token_logprobs: lp,
    top_logprobs: lp.map((v, i) => ({ [key(i)]: v })),
    text_offset: t.starts.slice(),
  };
  return p.echo ? withEcho(ctx, prompt, gen_, p) : gen_;
}

/** With echo, the logprob arrays cover the prompt's tokens too (the first entry null). */
function withEcho(ctx: ServerContext, prompt: string, g: LegacyLogprobs, p: Params): LegacyLogprobs {
  const t = tokenize(prompt);
  const ids = ctx.vocab.ids(t.pieces);
  const key = (i: number) => (p.tokenIdKeys ? `token_id:${ids[i]}` : t.pieces[i]);
  return {
    tokens: [...t.pieces.map((_, i) => key(i)), ...g.tokens],
    token_logprobs: [...t.pieces.map((_, i) => (i === 0 ? null : 0)), ...g.token_logprobs],
    top_logprobs: [...t.pieces.map((_, i) => (i === 0 ? null : { [key(i)]: 0 })), ...g.top_logprobs],
    text_offset: [...t.starts, ...g.text_offset.map((o) => o + prompt.length)],
  };
}

/**
 * The PRM as a causal LM (Math-Shepherd, backend-protocols.md B2 option 3): after a prompt that
 * ends with the tag `ки` it writes '+' or '-' and stops. Temperature 0 writes the likelier label;
 * otherwise it draws between the two labels (tempered).
 */
function labelChoices(ctx: ServerContext, prompt: string, tokens: Tokens, p: Params, maxTokens: number, rng: Rng): Choice[] {
  const { world } = ctx;
  const parsed = world.parse(prompt, modelOrder(ctx.opts.model));
  const tags = tagRewards(world, parsed, prompt, TAG_SHEPHERD);
  const promptLp = p.promptLogprobs === null ? null
    : promptLogprobs(tokens.pieces, ctx.vocab.ids(tokens.pieces), tokens.cores, p.promptLogprobs, shepherdLabels(world, parsed, prompt));
  const last = tags[tags.length - 1];
  if (!last || prompt.trimEnd().length !== last.pos + TAG_SHEPHERD.length) {
    throw badField('prompt', `${PRM_MODEL} writes a step label: end the prompt with the step tag "${TAG_SHEPHERD}" after the step to judge (Math-Shepherd format)`);
  }
  const dist = labelDistribution(last.reward);
  const out: Choice[] = [];
  for (let j = 0; j < p.n; j++) {
    let pick = 0;
    if (p.temperature > 0) {
      const w = dist.map(([, , q]) => Math.pow(q, 1 / p.temperature));
      pick = rng.next() * (w[0] + w[1]) < w[0] ? 0 : 1;
    }
    const label = dist[pick][1];
    const fin = finish(label, p.stop, maxTokens, p.includeStop);
    let logprobs: LegacyLogprobs | null = null;
    if (p.logprobs !== null && fin.text !== '') {
      const key = (d: [number, string, number]) => (p.tokenIdKeys ? `token_id:${d[0]}` : d[1]);
      const top: Record<string, number> = {};
      dist.forEach((d, i) => {
        if (p.logprobs! < 0 || i < Math.max(1, p.logprobs!) || i === pick) top[key(d)] = Math.log(d[2]);
      });
      logprobs = { tokens: [key(dist[pick])], token_logprobs: [Math.log(dist[pick][2])], top_logprobs: [top], text_offset: [0] };
      if (p.echo) logprobs = withEcho(ctx, prompt, logprobs, p);
    }
    out.push({ text: fin.text, pieces: fin.pieces, tokens: fin.tokens, finishReason: fin.finishReason, stopReason: fin.stopReason, logprobs, promptLogprobs: promptLp });
  }
  return out;
}
