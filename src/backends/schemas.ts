/**
 * valibot schemas of the server answers the live backends read (backend-protocols.md). Objects
 * are loose: servers add fields between releases, and an unknown extra field is never an error.
 * Messages say what a value must be; errors.ts adds the path and what was found.
 */
import * as v from 'valibot';

const isObject = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A loose object that rejects arrays (valibot's object schemas would take them). */
export function obj<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(v.unknown(), v.check(isObject, 'must be an object'), v.looseObject(entries));
}

const INT0 = 'must be a whole number ≥ 0';
export const int0 = v.pipe(v.number(INT0), v.integer(INT0), v.minValue(0, INT0));
export const num = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));
export const str = v.string('must be a string');
const strOrNull = v.nullish(str);

export const usageSchema = obj({
  prompt_tokens: v.optional(int0),
  completion_tokens: v.optional(int0),
  prompt_tokens_details: v.nullish(obj({ cached_tokens: v.nullish(int0) })),
});
export type Usage = v.InferOutput<typeof usageSchema>;

export const choiceSchema = obj({
  index: v.optional(int0),
  text: str,
  finish_reason: strOrNull,
  /** vLLM: the stop string or token id that fired; null on EOS or length; absent elsewhere. */
  stop_reason: v.optional(v.nullable(v.union([str, num], 'must be a string, a number or null'))),
  token_ids: v.nullish(v.array(int0, 'must be an array of token ids')),
  logprobs: v.optional(v.unknown()),
  prompt_logprobs: v.optional(v.unknown()),
});
export type Choice = v.InferOutput<typeof choiceSchema>;

/** `POST /v1/completions` (OpenAI legacy completions, as vLLM, SGLang, llama.cpp, Ollama and TGI give it). */
export const completionSchema = obj({
  choices: v.array(choiceSchema, 'must be an array of choices'),
  usage: v.nullish(usageSchema),
});
export type CompletionResponse = v.InferOutput<typeof completionSchema>;

/** `POST /tokenize`: vLLM/SGLang/llama.cpp `{tokens}` (vLLM also `count`), TGI a list of `{id}`. */
export const tokenizeSchema = v.union([
  obj({ tokens: v.array(v.union([int0, obj({ id: int0 })], 'must be token ids'), 'must be an array of token ids') }),
  v.array(obj({ id: int0 }), 'must be an array of tokens'),
], 'must be {tokens: [ids]} or a list of {id}');

/** The token ids of a tokenize answer (llama.cpp `with_pieces` gives `{id, piece}` objects). */
export function tokenIds(res: v.InferOutput<typeof tokenizeSchema>): number[] {
  const list = Array.isArray(res) ? res : res.tokens;
  return list.map((t) => (typeof t === 'number' ? t : t.id));
}

/** `GET /v1/models`. */
export const modelsSchema = obj({
  data: v.array(obj({ id: str, owned_by: strOrNull }), 'must be an array of models'),
});

/** `POST /pooling`: one `data[i]` per input, each a list of rows (one per step tag). */
export const poolingSchema = obj({
  data: v.array(obj({
    index: v.optional(int0),
    // A row per step tag: class scores `[p_bad, p_good]`, or one value per step as `[v]` or a bare
    // `v`; each row is checked where it is read (prm-pooling.ts), so a message names its place.
    data: v.array(v.unknown(), 'must be an array of rows (one per step tag)'),
  }), 'must be an array with one entry per input'),
  usage: v.nullish(usageSchema),
});

/** The plain JSON PRM endpoint: `{question, steps[]} → {rewards[]}`. */
export const jsonPrmSchema = obj({
  rewards: v.array(num, 'must be an array of numbers'),
});

/** vLLM `prompt_logprobs`: one entry per prompt token (entry 0 null), keyed by token id as a string. */
export const promptLogprobsSchema = v.array(
  v.nullable(v.record(str, obj({ logprob: v.number('must be a number') }), 'must be an object keyed by token id')),
  'must be an array with one entry per prompt token',
);

/** OpenAI legacy `logprobs` of the generated tokens. */
export const legacyLogprobsSchema = obj({
  tokens: v.optional(v.array(str)),
  top_logprobs: v.array(v.nullable(v.record(str, v.number('must be a number'), 'must be an object token → logprob')), 'must be an array'),
});

/** Chat-style `logprobs.content[]` (llama.cpp's and Ollama's OpenAI endpoints use it for completions too). */
export const contentLogprobsSchema = obj({
  content: v.array(obj({
    token: v.optional(str),
    logprob: v.optional(v.number()),
    top_logprobs: v.array(obj({ token: str, logprob: v.number('must be a number') }), 'must be an array of {token, logprob}'),
  }), 'must be an array'),
});

/** `GET /openapi.json` (FastAPI servers: vLLM, SGLang): only the parts the probe reads. */
export const openApiSchema = obj({
  paths: v.record(str, v.unknown(), 'must be an object of paths'),
  components: v.optional(v.unknown()),
});

/** `GET /props` (llama.cpp). */
export const propsSchema = obj({});

/** Anything JSON (for endpoints read only for their existence). */
export const anyJson = v.unknown();

/**
 * Ollama `POST /api/generate` with `stream: false` (docs.ollama.com/api/generate): `response`,
 * `done_reason` ("stop" | "length"), `prompt_eval_count`, `eval_count`, and `logprobs` (an array
 * of `{token, logprob, top_logprobs}`) when asked for, on versions that have them.
 */
export const ollamaGenerateSchema = obj({
  response: str,
  done: v.optional(v.boolean('must be true or false')),
  done_reason: strOrNull,
  prompt_eval_count: v.optional(int0),
  eval_count: v.optional(int0),
  logprobs: v.nullish(v.array(obj({
    token: v.optional(str),
    logprob: v.optional(v.number()),
    top_logprobs: v.optional(v.array(obj({ token: str, logprob: v.number('must be a number') }), 'must be an array of {token, logprob}')),
  }), 'must be an array of token logprobs')),
});
export type OllamaGenerate = v.InferOutput<typeof ollamaGenerateSchema>;

/** `POST /v1/chat/completions`: `choices[].message.content` (null allowed: a turn with tool calls only), vLLM's `stop_reason`. */
export const chatCompletionSchema = obj({
  choices: v.array(obj({
    index: v.optional(int0),
    message: obj({ content: v.nullish(str) }),
    finish_reason: strOrNull,
    stop_reason: v.optional(v.nullable(v.union([str, num], 'must be a string, a number or null'))),
    logprobs: v.optional(v.unknown()),
  }), 'must be an array of choices'),
  usage: v.nullish(usageSchema),
});

/**
 * One SGLang `/generate` answer: `text`, and `meta_info.finish_reason` = `{type: "stop", matched:
 * <stop string or EOS token id>}` | `{type: "length", length}` | `{type: "abort"}`, per-sample
 * `completion_tokens` and the prompt's `prompt_tokens`.
 */
const sglangOne = obj({
  text: str,
  meta_info: obj({
    finish_reason: v.nullish(obj({ type: str, matched: v.nullish(v.union([str, num], 'must be a string, a number or null')) })),
    prompt_tokens: v.optional(int0),
    completion_tokens: v.optional(int0),
  }),
});
/** SGLang `/generate`: one object, or a list of them for `n > 1` (or a batch of texts). */
export const sglangGenerateSchema = v.union([sglangOne, v.array(sglangOne, 'must be a list of answers')], 'must be {text, meta_info} or a list of them');
export type SglangAnswer = v.InferOutput<typeof sglangOne>;
