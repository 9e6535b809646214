/**
 * serve-sim: the sim behind the subset of vLLM's OpenAI-compatible API the app uses
 * (docs/serve-sim.md). `startSimServer` for tests and other code; `createSimHandler` to call the
 * request handling without a socket.
 */
export { startSimServer, type AnswerTiming, type SimServer, type SimServerHooks } from './server';
export { createSimHandler, type SimRequest, type SimResponse } from './handler';
export { resolveOptions, DEFAULT_PORT, DEFAULT_DELIMITER, type ServeSimOptions } from './options';
export { PRM_MODEL } from './context';
export { MULTI_SAMPLE_REFUSAL, DEFAULT_MAX_TOKENS, MAX_LOGPROBS } from './completions';
export { ID_MINUS, ID_PLUS, ID_QWEN_TAG, ID_SHEPHERD_TAG, TAG_QWEN, TAG_SHEPHERD, tokenCount } from './tokens';
