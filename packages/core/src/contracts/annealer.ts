import { IsingModel } from '../models/ising.js';
import type { QuboModel } from '../models/qubo.js';
import type { SampleSet } from '../models/sampleSet.js';

/** Options every annealer understands; samplers add their own. */
export interface AnnealerOptions {
  /** Number of reads (independent anneals). */
  readonly numReads?: number;
  /** Seed: the same seed gives the same SampleSet. */
  readonly seed?: number;
  readonly [key: string]: unknown;
}

/**
 * A sampler of low-energy states of an Ising model (dimod's Sampler).
 *
 * Design note: one required method on the spin form; QUBOs go through {@link sampleQubo}, which
 * converts both ways, as dimod's base sampler does. Implementations must not mutate the model.
 */
export interface Annealer {
  /** The stable short id, e.g. `anneal.sa`. */
  readonly id: string;
  /** Solver properties (parameter ranges, topology, ...). */
  readonly properties?: Readonly<Record<string, unknown>>;
  sample(model: IsingModel, options?: AnnealerOptions): Promise<SampleSet>;
  /** Releases workers or connections; composites pass it down. */
  dispose?(): void | Promise<void>;
}

/** Samples a QUBO through an Ising annealer; the result is in BINARY form with QUBO energies. */
export async function sampleQubo(annealer: Annealer, qubo: QuboModel, options?: AnnealerOptions): Promise<SampleSet> {
  const result = await annealer.sample(qubo.toIsing(), options);
  return result.changeVartype('BINARY', qubo);
}

/** Accepts either model form and samples it, returning the caller's form. */
export async function sampleModel(annealer: Annealer, model: IsingModel | QuboModel, options?: AnnealerOptions): Promise<SampleSet> {
  return model instanceof IsingModel ? annealer.sample(model, options) : sampleQubo(annealer, model, options);
}
