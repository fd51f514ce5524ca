import { ValidationError, describeValue } from '../errors.js';
import { IsingModel } from '../models/ising.js';
import { LabelIndex, formatLabel, labelKey } from '../models/labels.js';
import { QuboModel } from '../models/qubo.js';
import { SampleSet } from '../models/sampleSet.js';
import type { Annealer, AnnealerOptions } from './annealer.js';

/**
 * What dimod's base `Sampler` does around a sampler's own method, in one function: checks the
 * model, answers an empty model with an empty set, hands a non-empty IsingModel to
 * `sampleIsing` (a QUBO's equivalent Ising model, labels kept), puts the result's columns in the
 * model's variable order, and for a QUBO converts the rows to bits with the QUBO's energies.
 *
 * Composites and annealers that cannot extend {@link IsingAnnealer} call this from their
 * `sample`.
 */
export async function sampleViaIsing<O extends AnnealerOptions>(
  id: string,
  model: IsingModel | QuboModel,
  options: O,
  sampleIsing: (ising: IsingModel, options: O) => Promise<SampleSet>,
): Promise<SampleSet> {
  if (!(model instanceof IsingModel) && !(model instanceof QuboModel)) {
    throw new ValidationError({
      what: `${id}.sample got ${describeValue(model)}`,
      why: 'annealers sample an IsingModel or a QuboModel',
      fix: 'Build one with IsingModel.fromIsing(h, J) or QuboModel.fromQubo(Q)',
    });
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError({ what: `${id}.sample options are ${describeValue(options)}`, why: 'options are an object', fix: 'Pass e.g. { numReads: 10, seed: 1 }' });
  }
  if (model.numVariables === 0) return SampleSet.empty([], model.vartype, { solver: id });
  const ising = model.spin;
  const result = await sampleIsing(ising, options);
  const spins = inModelOrder(id, result, ising);
  return model instanceof QuboModel ? spins.changeVartype('BINARY', model) : spins;
}

function inModelOrder(id: string, result: SampleSet, model: IsingModel): SampleSet {
  if (!(result instanceof SampleSet) || result.vartype !== 'SPIN') {
    throw new ValidationError({ what: `${id} returned ${result instanceof SampleSet ? `a ${result.vartype} SampleSet` : describeValue(result)} for an Ising model`, why: 'sampleIsing must return a SPIN SampleSet', fix: `Fix ${id}: build the result with SampleSet.fromModel(model, rows)` });
  }
  const labels = model.labels;
  const same = result.numVariables === labels.length && result.variables.every((v, i) => v === labels[i] || labelKey(v) === labelKey(labels[i]!));
  if (same) return result;
  const index = new LabelIndex(result.variables);
  const perm = labels.map((l) => index.indexOf(l));
  const missing = perm.indexOf(-1);
  if (result.numVariables !== labels.length || missing >= 0) {
    throw new ValidationError({
      what: `${id} returned samples over ${result.numVariables} variables (${result.variables.slice(0, 6).map(formatLabel).join(', ')}) for a model over ${labels.length}`,
      why: missing >= 0 ? `variable ${formatLabel(labels[missing]!)} is missing` : 'the variables must be the model\'s',
      fix: `Fix ${id}: build the result with SampleSet.fromModel(model, rows)`,
    });
  }
  const n = labels.length;
  const src = result.samples;
  const rows = new Int8Array(src.length);
  for (let r = 0; r < result.size; r++) for (let i = 0; i < n; i++) rows[r * n + i] = src[r * n + perm[i]!]!;
  return SampleSet.fromSamples({ variables: labels, vartype: 'SPIN', samples: rows, energies: result.energies, numOccurrences: result.numOccurrences, vectors: result.vectors, info: result.info });
}

/**
 * The base most annealers extend: write `sampleIsing` for a non-empty IsingModel (labels
 * 0..n-1 or any), return `SampleSet.fromModel(model, rows)`, and the base supplies `sample` for
 * both forms ({@link sampleViaIsing}), as dimod's `Sampler` supplies `sample_qubo` to a sampler
 * that implements `sample_ising`.
 */
export abstract class IsingAnnealer<O extends AnnealerOptions = AnnealerOptions> implements Annealer {
  abstract readonly id: string;

  /** Samples a non-empty Ising model; the result is a SPIN SampleSet over the model's variables. */
  protected abstract sampleIsing(model: IsingModel, options: O): Promise<SampleSet>;

  /** Samples either form and answers in it (see {@link Annealer.sample}). */
  sample(model: IsingModel | QuboModel, options?: O): Promise<SampleSet>;
  sample(model: IsingModel | QuboModel, options?: AnnealerOptions): Promise<SampleSet>;
  async sample(model: IsingModel | QuboModel, options: AnnealerOptions = {}): Promise<SampleSet> {
    return sampleViaIsing(this.id, model, options as O, (ising, o) => this.sampleIsing(ising, o));
  }
}
