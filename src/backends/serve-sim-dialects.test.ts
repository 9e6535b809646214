/**
 * Integration: REBASE through each dialect (Ollama /api/generate raw, chat with
 * continue_final_message, SGLang /generate) over real `fetch` against a real serve-sim, which
 * answers them all from the same sim (src/cli/serve-sim/dialects.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, PRM_MODEL, type SimServer } from '../cli/serve-sim/index';
import { createRng } from '../search/rng';
import { runStrategy } from '../search/strategies/index';
import { parseSpec } from '../search/strategies/spec';
import type { DoneEvent, SearchEvent } from '../search/events';
import { SIM_MODELS, SIM_PRM, simProblem } from '../sim/index';
import { createHttpBackend } from './config';
import type { Dialect } from './dialect';

const PROBLEM = simProblem('sim-L2-0003');
const SIM_7B = SIM_MODELS.find((m) => m.id === 'sim-7B')!;

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ port: 0 });
});
afterAll(async () => {
  await sim?.close();
});

async function rebase(dialect: Dialect): Promise<{ done: DoneEvent; nodes: string[]; paths: Set<string> }> {
  const paths = new Set<string>();
  const b = createHttpBackend({
    policy: { baseUrl: sim.url, model: 'sim-7B', params: SIM_7B.params, format: 'plain', kind: 'vllm', dialect },
    prm: { type: 'pooling', baseUrl: sim.url, model: PRM_MODEL, params: SIM_PRM.params },
  }, { fetch: (input, init) => { paths.add(new URL(input).pathname); return fetch(input, init); } });
  const events: SearchEvent[] = [];
  const done = await runStrategy(PROBLEM, b, parseSpec({ name: 'rebase', params: { width: 6 } }), { rng: createRng(11), emit: (e) => events.push(e) });
  const nodes = events.flatMap((e) => (e.type === 'node' ? [e.text] : []));
  return { done, nodes, paths };
}

describe('REBASE through every dialect against serve-sim', () => {
  it('Ollama raw, chat with continue_final_message, and SGLang /generate each finish, through their own endpoint', async () => {
    for (const [dialect, path] of [['ollama', '/api/generate'], ['chat', '/v1/chat/completions'], ['sglang', '/generate']] as const) {
      const r = await rebase(dialect);
      expect(r.done.incomplete, dialect).toBeUndefined();
      expect(r.done.solutions, dialect).toBe(6);
      expect(r.paths.has(path), dialect).toBe(true);
      expect(r.paths.has('/v1/completions'), dialect).toBe(false);
      expect(r.nodes.length, dialect).toBe(r.done.nodes);
      expect(r.nodes.length, dialect).toBeGreaterThan(6);
    }
  });
});
