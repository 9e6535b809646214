/** What every endpoint shares: options, the sim world, the vocabulary, seeds and the clock. */
import { createRng, type Rng } from '../../search/rng';
import { SIM_MODELS, SIM_PRM, type SimModelId } from '../../sim/index';
import { HttpError } from './errors';
import type { Body } from './fields';
import type { ResolvedOptions } from './options';
import { Vocabulary } from './tokens';
import { SimWorld } from './world';

/** The served PRM's name (sim-PRM-34B). */
export const PRM_MODEL = SIM_PRM.name;

export class ServerContext {
  readonly world: SimWorld;
  readonly vocab = new Vocabulary();
  /** Seeds for requests without a `seed`; a separate stream from the faults' so neither shifts the other. */
  private readonly seeds: Rng;

  constructor(readonly opts: ResolvedOptions) {
    this.world = new SimWorld(opts.stepDelimiter, opts.prm);
    this.seeds = createRng(opts.seed).fork('unseeded requests');
  }

  /** A seed for a request that brings none: the next of the server's seeded sequence. */
  nextSeed(): number {
    return Math.floor(this.seeds.next() * 4294967296) >>> 0;
  }

  /** Unix seconds, for `created`. */
  created(): number {
    return Math.floor(this.opts.now() / 1000);
  }

  /** The request's `model`: a sim policy or the PRM; absent = the default policy. 404 for others, as vLLM answers. */
  model(b: Body): SimModelId | typeof PRM_MODEL {
    const m = b.model;
    if (m === undefined || m === null) return this.opts.model;
    if (typeof m === 'string' && (m === PRM_MODEL || SIM_MODELS.some((x) => x.id === m))) return m as SimModelId;
    throw new HttpError(404, `The model \`${String(m)}\` does not exist.`, 'NotFoundError', 'model');
  }
}
