import type { LinearBiases, QuadraticBiases } from '../models/labelledInput.js';
import { IsingModel } from '../models/ising.js';
import { QuboModel } from '../models/qubo.js';
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
 * A sampler of low-energy states of a binary quadratic model (dimod's Sampler).
 *
 * Design note: `sample` takes either form and answers in the caller's form, as dimod's
 * `sampler.sample(bqm)` does: an IsingModel gives a SPIN SampleSet, a QuboModel a BINARY one
 * with the QUBO's energies; the set's variables are the model's labels, in the model's order; an
 * empty model gives an empty set. Implementations need not do the conversions: extending
 * {@link IsingAnnealer} (or calling {@link sampleViaIsing}) leaves one method on spins to write.
 * Implementations must not mutate the model.
 *
 * `sample` is declared as a property, not a method, on purpose: TypeScript checks method
 * parameters bivariantly, so an implementation typed `sample(model: IsingModel)` would still
 * compile and then fail on a QUBO at run time; as a property it does not compile.
 */
export interface Annealer {
  /** The stable short id, e.g. `anneal.sa`. */
  readonly id: string;
  /** Solver properties (parameter ranges, topology, ...). */
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly sample: (model: IsingModel | QuboModel, options?: AnnealerOptions) => Promise<SampleSet>;
  /** Releases workers or connections; composites pass it down. */
  dispose?(): void | Promise<void>;
}

/**
 * Samples a QUBO: dimod's `sample_qubo(Q)`. Takes a QuboModel, or `Q` as a Map keyed by
 * `[u, v]` pairs or a list of `[u, v, bias]` (see {@link QuboModel.fromQubo}). The result is
 * BINARY with QUBO energies.
 */
export async function sampleQubo(annealer: Annealer, Q: QuboModel | QuadraticBiases, options?: AnnealerOptions): Promise<SampleSet> {
  return annealer.sample(Q instanceof QuboModel ? Q : QuboModel.fromQubo(Q), options);
}

/** Samples an Ising problem given as `h` and `J`: dimod's `sample_ising(h, J)` (see {@link IsingModel.fromIsing}). */
export async function sampleIsing(annealer: Annealer, h: LinearBiases, J: QuadraticBiases, options?: AnnealerOptions): Promise<SampleSet> {
  return annealer.sample(IsingModel.fromIsing(h, J), options);
}

/** Samples either form (kept for callers written before `sample` took both; it is `annealer.sample`). */
export async function sampleModel(annealer: Annealer, model: IsingModel | QuboModel, options?: AnnealerOptions): Promise<SampleSet> {
  return annealer.sample(model, options);
}
