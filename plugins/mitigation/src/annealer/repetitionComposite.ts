import { type Annealer, type AnnealerMitigator, type AnnealerOptions, type IsingModel, Rng, SampleSet } from '@hqml/core';
import { AnnealerComposite, callSeed, checkNumReads, expandReads } from './composite.js';
import { type RepetitionCodeOptions, encodeRepetition, resolveRepetitionOptions } from './repetitionCode.js';

/**
 * Repetition-code protection of an annealer (quantum annealing correction and its comparison
 * strategies, see `RepetitionStrategy`): encodes the model, samples the encoded model with the
 * child (same options, same reads), decodes every read and returns the logical samples with
 * energies of the caller's model, aggregated. `info` reports the strategy, the physical size,
 * the fraction of logical spins whose copies disagreed, and the child's info.
 */
export class RepetitionComposite extends AnnealerComposite {
  readonly options: Readonly<Required<RepetitionCodeOptions>>;

  constructor(child: Annealer, options: RepetitionCodeOptions = {}) {
    super('mitigation.repetition', child);
    this.options = resolveRepetitionOptions(options);
  }

  protected ownProperties(): Readonly<Record<string, unknown>> {
    return { composite: 'mitigation.repetition', parameters: ['numReads', 'seed'], ...this.options };
  }

  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    const t0 = performance.now();
    checkNumReads(options.numReads);
    const seed = callSeed(options, undefined);
    const enc = encodeRepetition(model, this.options);
    const rng = Rng.from(`mitigation.repetition:${seed}`);
    const childSeed = rng.uint32();
    const ss = await this.child.sample(enc.model, { ...options, seed: childSeed });
    const { rows, count } = expandReads(ss);
    const { logical, disagreements } = enc.decode(rows, count, rng);
    const info = {
      solver: this.id,
      seed,
      strategy: enc.strategy,
      penalty: this.options.penalty,
      physicalVariables: enc.model.numVariables,
      physicalInteractions: enc.model.numInteractions,
      disagreementRate: count * model.numVariables > 0 ? disagreements / (count * model.numVariables) : 0,
      childInfo: ss.info,
      timing: { wallSeconds: (performance.now() - t0) / 1000 },
    };
    return SampleSet.fromModel(model, logical, { info }).aggregate();
  }
}

/** `mitigation.repetition` as a mitigator: `wrap(annealer)` returns the composite. */
export class RepetitionMitigator implements AnnealerMitigator {
  readonly id = 'mitigation.repetition';
  readonly target = 'annealer' as const;
  readonly options: Readonly<Required<RepetitionCodeOptions>>;

  constructor(options: RepetitionCodeOptions = {}) {
    this.options = resolveRepetitionOptions(options);
  }

  wrap(inner: Annealer): RepetitionComposite {
    return new RepetitionComposite(inner, this.options);
  }
}
