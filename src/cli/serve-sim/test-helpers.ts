/** Test helpers: a started serve-sim and JSON calls to it with real `fetch`; sim paths to build prompts from. */
import { createRng } from '../../search/rng';
import type { Problem, StepSample } from '../../search/types';
import { SimBackend, simProblem, type SimModelId } from '../../sim/index';
import type { SimState } from '../../sim/state';
import type { ServeSimOptions } from './options';
import { startSimServer, type SimServer } from './server';

export interface Reply {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export class Client {
  constructor(readonly server: SimServer) {}

  static async start(options: ServeSimOptions = {}): Promise<Client> {
    return new Client(await startSimServer({ port: 0, ...options }));
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await fetch(this.server.url + path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply> {
    return this.call('POST', path, body, headers);
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.call('GET', path, undefined, headers);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** One whole solution the in-process SimBackend writes (seeded), with each step's hidden state. */
export function simChain(problemId: string, seed: number, model: SimModelId = 'sim-7B', temperature = 1): { problem: Problem; steps: StepSample[]; states: SimState[] } {
  const problem = simProblem(problemId);
  const [steps] = new SimBackend({ policy: model }).complete(problem, 1, { temperature, maxStepTokens: 256, rng: createRng(seed), maxDepth: 25 }).solutions;
  return { problem, steps, states: steps.map((s) => s.ref as SimState) };
}
