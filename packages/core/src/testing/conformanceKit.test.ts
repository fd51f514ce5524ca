import { type IsingModel } from '../models/ising.js';
import { SampleSet } from '../models/sampleSet.js';
import { ValidationError } from '../errors.js';
import type { AnnealerOptions } from '../contracts/annealer.js';
import { IsingAnnealer } from '../contracts/isingAnnealer.js';
import { describeAnnealerContract } from './annealerContract.js';
import { bruteForceGround } from './bruteForce.js';

/**
 * The kit run against a reference annealer that is exact by construction (enumeration), so a
 * failure here is a bug in the kit, not in a sampler.
 */
class EnumerationAnnealer extends IsingAnnealer {
  readonly id = 'test.enumeration';
  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    const reads = options.numReads ?? 1;
    if (!Number.isInteger(reads) || reads < 1) throw new ValidationError({ what: `numReads is ${reads}`, why: 'it must be a positive integer' });
    const { sample } = bruteForceGround(model);
    const rows = new Int8Array(reads * model.numVariables);
    for (let r = 0; r < reads; r++) rows.set(sample, r * model.numVariables);
    return SampleSet.fromModel(model, rows).aggregate();
  }
}

describeAnnealerContract('reference enumeration annealer', () => new EnumerationAnnealer());
