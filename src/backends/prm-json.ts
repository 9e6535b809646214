/**
 * A PRM behind a plain JSON endpoint: `POST {question, steps[]} → {rewards[]}`, one reward in
 * [0, 1] per step. For PRMs served by custom code (a Flask wrapper around a reward head, the
 * official REBASE reward server behind a shim, …).
 */
import type { ModelInfo } from '../search/backend';
import type { AbortSignalLike } from '../search/types';
import type { HttpClient } from './http-client';
import type { PrmAdapter } from './prm';
import { jsonPrmSchema } from './schemas';

export class JsonPrm implements PrmAdapter {
  readonly fullPath = true;
  readonly notes: string[] = [];
  readonly endpoint: string;

  /** `path`: the endpoint below the client's base URL, e.g. `/score`. */
  constructor(readonly client: HttpClient, readonly info: ModelInfo, private readonly path: string) {
    if (!path.startsWith('/')) throw new Error(`JSON PRM path must start with / (got ${JSON.stringify(path)})`);
    this.endpoint = `POST ${path}`;
  }

  get server(): string {
    return this.client.server;
  }

  rewards(question: string, paths: readonly (readonly string[])[], signal?: AbortSignalLike): Promise<number[][]> {
    return Promise.all(paths.map(async (steps) => {
      const res = await this.client.request({ path: this.path, body: { question, steps }, schema: jsonPrmSchema, signal });
      if (res.rewards.length !== steps.length) throw this.client.malformed(this.endpoint, `rewards has ${res.rewards.length} entries for ${steps.length} steps`);
      return res.rewards;
    }));
  }
}
