/**
 * How prompts map back to the sim (docs/serve-sim.md): continuing a path the server wrote gives
 * the sim's own continuation, the same path written by the in-process SimBackend or sent to a
 * fresh server is read the same way, and the prompt formats clients use all work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simProblem, simStructure } from '../../sim/index';
import { Client, simChain } from './test-helpers';

const PLAIN = (question: string) => `Question: ${question}\nAnswer: Let's think step by step.\n\n`;
const METAMATH = (question: string) => `Below is an instruction that describes a task.\n\n### Instruction:\n${question}\n\n### Response: Let's think step by step.\n`;

let sim: Client;
beforeAll(async () => {
  sim = await Client.start();
});
afterAll(() => sim.close());

async function step(client: Client, prompt: string, extra: object = {}): Promise<{ text: string; finish_reason: string; stop_reason: string | null }> {
  const r = await client.post('/v1/completions', { prompt, stop: ['\n\n'], max_tokens: 256, temperature: 0, ...extra });
  expect(r.status, r.text).toBe(200);
  return r.json.choices[0];
}

describe('continuing a path', () => {
  it('step by step at temperature 0, the server writes exactly the sim\'s greedy solution', async () => {
    for (const id of ['sim-L1-0002', 'sim-L4-0031']) {
      const greedy = simChain(id, 1, 'sim-34B', 0).steps.map((s) => s.text);
      let prompt = PLAIN(simProblem(id).question);
      const written: string[] = [];
      for (let k = 0; k < 25; k++) {
        const c = await step(sim, prompt, { model: 'sim-34B' });
        written.push(c.text);
        if (c.stop_reason === null) break;
        prompt += c.text + '\n\n';
      }
      expect(written).toEqual(greedy);
    }
  });

  it('after a wrong step the next step computes on from the wrong value — also on a fresh server that never wrote it', async () => {
    const problem = simProblem('sim-L3-0008');
    const gold = simStructure(problem).values;
    const r = await sim.post('/v1/completions', { model: 'sim-410M', prompt: PLAIN(problem.question), n: 64, stop: '\n\n', max_tokens: 256, temperature: 1, seed: 9 });
    const wrong = (r.json.choices as { text: string }[]).map((c) => c.text).find((t) => !t.includes(`= ${gold[1]}.`) && / = (-?[\d.]+)\./.test(t));
    expect(wrong, 'some sample of step 1 goes wrong').toBeDefined();
    const value = / = (-?[\d.]+)\./.exec(wrong!)![1];
    const prompt = PLAIN(problem.question) + wrong + '\n\n';
    const next = await step(sim, prompt, { model: 'sim-410M' });
    expect(next.text).toMatch(/^Step 2: /);
    expect(next.text).toContain(` ${value} `);
    const fresh = await Client.start();
    expect(await step(fresh, prompt, { model: 'sim-410M' })).toEqual(next);
    await fresh.close();
  });

  it('reads a path the in-process SimBackend wrote, whichever sim model wrote it', async () => {
    for (const model of ['sim-410M', 'sim-34B'] as const) {
      const { problem, steps } = simChain('sim-L5-0004', 21, model);
      const prefix = steps.slice(0, 2).map((s) => s.text + '\n\n').join('');
      const c = await step(sim, PLAIN(problem.question) + prefix, { model: 'sim-7B' });
      expect(c.text).toMatch(/^Step 3: /);
    }
  });

  it('a step cut by max_tokens stands as a step of its own: the next step redoes its operation', async () => {
    const problem = simProblem('sim-L2-0050');
    const s = simStructure(problem);
    const cut = await step(sim, PLAIN(problem.question), { max_tokens: 6 });
    expect(cut.finish_reason).toBe('length');
    const next = await step(sim, PLAIN(problem.question) + cut.text.trimEnd() + '\n\n');
    expect(next.text).toMatch(/^Step 2: /);
    expect(next.text).toContain(`${s.values[0]} `);
    expect(next.text).toContain(String(s.ops[0].x));
  });

  it('a prompt that ends right after a step, without the delimiter: the model writes the delimiter first and stops at once', async () => {
    const { problem, steps } = simChain('sim-L1-0010', 2);
    const c = await step(sim, PLAIN(problem.question) + steps[0].text);
    expect(c).toEqual({ text: '', finish_reason: 'stop', stop_reason: '\n\n', logprobs: null, prompt_logprobs: null, index: 0 });
  });

  it('refuses text after the step that gives the answer', async () => {
    const { problem, steps } = simChain('sim-L1-0010', 2);
    const r = await sim.post('/v1/completions', { prompt: PLAIN(problem.question) + steps.map((s) => s.text).join('\n\n') + '\n\nStep 9: More.', max_tokens: 8 });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/goes on after the final step/);
  });
});

describe('prompt formats', () => {
  it('numbered steps (MetaMath / official REBASE): the prompt ends with "Step k:", the server writes the rest of step k', async () => {
    const problem = simProblem('sim-L3-0040');
    const greedy = simChain(problem.id, 1, 'sim-7B', 0).steps.map((s) => s.text);
    let prompt = METAMATH(problem.question);
    for (let k = 1; k <= greedy.length; k++) {
      prompt += `Step ${k}:`;
      const r = await sim.post('/v1/completions', { prompt, stop: [`Step ${k + 1}:`], max_tokens: 256, temperature: 0 });
      const text = r.json.choices[0].text as string;
      expect(`Step ${k}:${text}`.trim()).toBe(greedy[k - 1]);
      prompt += text;
    }
  });

  it('steps without their "Step k:" headers, trimmed, separated by single newlines: scored the same', async () => {
    const { problem, steps, states } = simChain('sim-L3-0017', 4);
    const headed = await sim.post('/pooling', { input: `${problem.question}\n\n${steps.map((s) => s.text + '<extra_0>').join('\n\n')}` });
    const bare = await sim.post('/pooling', {
      input: `<|im_start|>user\n${problem.question}<|im_end|>\n<|im_start|>assistant\n${steps.map((s) => s.text.replace(/^Step \d+: /, '') + '<extra_0>').join('\n')}<|im_end|>\n`,
    });
    expect(headed.status, headed.text).toBe(200);
    expect(bare.status, bare.text).toBe(200);
    expect(bare.json.data[0].data).toEqual(headed.json.data[0].data);
    expect(bare.json.data[0].data).toHaveLength(states.length);
  });

  it('names a problem by id: any sim problem, not only the default set; its question is known from then on', async () => {
    const problem = simProblem('sim-L3-0250');
    expect((await step(sim, PLAIN(problem.question))).text).toMatch(/names no sim problem/);
    const byId = await step(sim, `Problem sim-L3-0250.\n${PLAIN(problem.question)}`);
    expect(byId.text).toBe(simChain(problem.id, 1, 'sim-7B', 0).steps[0].text);
    expect((await step(sim, PLAIN(problem.question))).text).toBe(byId.text);
  });
});
