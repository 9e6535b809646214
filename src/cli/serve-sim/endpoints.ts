/** The endpoints besides completions: models, tokenizer, PRM scoring, and what clients probe. */
import { hashSeed } from '../../search/rng';
import { SIM_MODELS, SIM_PRM } from '../../sim/index';
import { PRM_MODEL, type ServerContext } from './context';
import { badField } from './errors';
import { boolField, stringField, type Body } from './fields';
import { poolingRows } from './prm';
import { tokenize } from './tokens';
import { modelOrder } from './world';

/** GET /v1/models: the four sim policies and the sim PRM, as vLLM lists a served model. */
export function models(ctx: ServerContext): object {
  const created = ctx.created();
  const entry = (id: string) => ({
    id, object: 'model', created, owned_by: 'vllm', root: id, parent: null, max_model_len: ctx.opts.maxModelLen,
    permission: [{
      id: `modelperm-${id}`, object: 'model_permission', created, allow_create_engine: false, allow_sampling: true,
      allow_logprobs: true, allow_search_indices: false, allow_view: true, allow_fine_tuning: false,
      organization: '*', group: null, is_blocking: false,
    }],
  });
  return { object: 'list', data: [...SIM_MODELS.map((m) => entry(m.id)), entry(SIM_PRM.name)] };
}

/** POST /tokenize in vLLM's form `{prompt}` → `{count, max_model_len, tokens, token_strs?}`, or llama.cpp's `{content}` → `{tokens}`. */
export function tokenizeEndpoint(ctx: ServerContext, b: Body): object {
  if (typeof b.content === 'string') {
    const t = tokenize(b.content);
    const ids = ctx.vocab.ids(t.pieces);
    return { tokens: boolField(b, 'with_pieces', false) ? ids.map((id, i) => ({ id, piece: t.pieces[i] })) : ids };
  }
  if (b.messages !== undefined) throw badField('messages', 'serve-sim tokenizes prompts only (send "prompt", not "messages")');
  const t = tokenize(stringField(b, 'prompt'));
  const ids = ctx.vocab.ids(t.pieces);
  return {
    count: ids.length, max_model_len: ctx.opts.maxModelLen, tokens: ids,
    ...(boolField(b, 'return_token_strs', false) ? { token_strs: t.pieces } : {}),
  };
}

/** POST /detokenize `{tokens}` → `{prompt}`. */
export function detokenizeEndpoint(ctx: ServerContext, b: Body): object {
  const ids = b.tokens;
  if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(x))) throw badField('tokens', 'tokens must be a list of token ids');
  const prompt = ctx.vocab.decode(ids as number[]);
  if (prompt === null) throw badField('tokens', 'tokens holds ids this server never produced');
  return { prompt };
}

/** POST /pooling: Qwen2.5-Math-PRM style, one [p_bad, p_good] row per `<extra_0>` of each input. */
export function pooling(ctx: ServerContext, b: Body): object {
  if (b.model !== undefined && b.model !== null && b.model !== PRM_MODEL) {
    const m = ctx.model(b);
    throw badField('model', `${m} is a generative model and does not support the pooling API; /pooling is served by ${PRM_MODEL}`);
  }
  const task = b.task;
  if (task !== undefined && task !== null && !['token_classify', 'encode', 'reward'].includes(task as string)) {
    throw badField('task', `task ${JSON.stringify(task)} is not supported by ${PRM_MODEL} (token_classify, encode or reward)`);
  }
  const inputs = poolingInputs(ctx, b);
  let promptTokens = 0;
  const data = inputs.map((text, index) => {
    promptTokens += tokenize(text).pieces.length;
    const parsed = ctx.world.parse(text, modelOrder(ctx.opts.model));
    return { index, object: 'pooling', data: poolingRows(ctx.world, parsed, text) };
  });
  return {
    id: `pool-${hashSeed(0x9001, JSON.stringify(b)).toString(16).padStart(8, '0')}`, object: 'list', created: ctx.created(),
    model: PRM_MODEL, data, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens, completion_tokens: 0 },
  };
}

function poolingInputs(ctx: ServerContext, b: Body): string[] {
  if (Array.isArray(b.messages)) {
    // The chat template is not applied: the messages' texts are read in order, which is all the mapping needs.
    const texts = b.messages.map((m) => (m && typeof m === 'object' && typeof (m as { content?: unknown }).content === 'string' ? (m as { content: string }).content : null));
    if (texts.some((t) => t === null)) throw badField('messages', 'every message needs a string "content"');
    return [texts.join('\n\n')];
  }
  const v = b.input;
  const decode = (ids: unknown[]) => {
    const text = ids.every((x) => Number.isInteger(x)) ? ctx.vocab.decode(ids as number[]) : null;
    if (text === null) throw badField('input', 'the input holds token ids this server never produced');
    return text;
  };
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.length > 0) {
    if (v.every((x) => typeof x === 'string')) return v as string[];
    if (v.every((x) => typeof x === 'number')) return [decode(v)];
    if (v.every((x) => Array.isArray(x))) return (v as unknown[][]).map(decode);
  }
  throw badField('input', v === undefined ? 'input (or messages) is required' : 'input must be a string, a list of strings, or token ids');
}

/** POST /prm: the plain JSON PRM, `{question, steps[]}` → `{rewards[]}` (question: its text or a sim id). */
export function plainPrm(ctx: ServerContext, b: Body): object {
  const question = stringField(b, 'question');
  const steps = b.steps;
  if (!Array.isArray(steps) || !steps.every((s) => typeof s === 'string')) throw badField('steps', 'steps must be a list of strings');
  const found = ctx.world.problems.find(question);
  if (!found) throw badField('question', 'serve-sim: the question is not a sim problem (send its text exactly, or its id such as sim-L3-0017)');
  const states = ctx.world.parseSteps(found.problem, steps as string[], modelOrder(ctx.opts.model));
  return { rewards: states.map((s) => ctx.world.reward(s)) };
}

/**
 * GET /openapi.json: enough of vLLM's document for capability detection — the paths this server
 * answers, and the request fields it reads (prompt_logprobs only when it answers them).
 */
export function openapi(ctx: ServerContext): object {
  const o = ctx.opts;
  const post = (schema: string) => ({ post: { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } } } });
  const props = (names: string[]) => Object.fromEntries(names.map((n) => [n, {}]));
  const completionFields = ['model', 'prompt', 'n', 'max_tokens', 'temperature', 'seed', 'stop', 'include_stop_str_in_output', 'logprobs', 'echo', 'return_tokens_as_token_ids'];
  if (o.promptLogprobs) completionFields.push('prompt_logprobs');
  if (o.tokenIds) completionFields.push('return_token_ids');
  return {
    openapi: '3.1.0',
    info: { title: 'serve-sim — the Inference Frontier sim behind a vLLM-compatible API (simulated)', version: '1' },
    paths: {
      '/health': { get: {} },
      '/v1/models': { get: {} },
      '/v1/completions': post('CompletionRequest'),
      '/tokenize': post('TokenizeRequest'),
      '/detokenize': post('DetokenizeRequest'),
      '/prm': post('PrmRequest'),
      ...(o.pooling ? { '/pooling': post('PoolingRequest') } : {}),
    },
    components: {
      schemas: {
        CompletionRequest: { type: 'object', properties: props(completionFields) },
        TokenizeRequest: { type: 'object', properties: props(['model', 'prompt', 'add_special_tokens', 'return_token_strs']) },
        DetokenizeRequest: { type: 'object', properties: props(['model', 'tokens']) },
        PrmRequest: { type: 'object', properties: props(['question', 'steps']) },
        ...(o.pooling ? { PoolingRequest: { type: 'object', properties: props(['model', 'input', 'messages', 'task']) } } : {}),
      },
    },
  };
}

/** GET /props, llama.cpp's server description (served only with `--no-multi-sample`, which stands in for llama.cpp). */
export function props(ctx: ServerContext): object {
  return {
    default_generation_settings: { n_ctx: ctx.opts.maxModelLen, params: { n_predict: -1, temperature: 0.8, seed: -1 } },
    total_slots: 1,
    model_path: ctx.opts.model,
    chat_template: '',
    build_info: 'serve-sim (simulated)',
  };
}
