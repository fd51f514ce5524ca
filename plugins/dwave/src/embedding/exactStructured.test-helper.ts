import { type AnnealerOptions, type IsingModel, SampleSet, type StructuredAnnealer, ValidationError, isNativeModel, IsingAnnealer } from '@hqml/core';
import type { HardwareGraph } from '../topology/hardwareGraph.js';

/**
 * A real (exact) structured sampler for tests of the composites: enumerates every state of a
 * native problem of up to 20 active qubits and returns the `numReads` lowest.
 */
export class ExactStructuredSampler extends IsingAnnealer<AnnealerOptions> implements StructuredAnnealer {
  readonly id = 'test.exact-structured';
  readonly nodelist: readonly number[];
  readonly edgelist: readonly (readonly [number, number])[];
  calls = 0;

  constructor(graph: HardwareGraph) {
    super();
    this.nodelist = graph.nodes;
    this.edgelist = graph.edges;
  }

  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    this.calls++;
    if (!isNativeModel(model, this)) throw new ValidationError({ what: 'the problem is not native', why: 'structured sampler' });
    const n = model.numVariables;
    if (n > 20) throw new ValidationError({ what: `${n} variables`, why: 'exact enumeration stops at 20' });
    const all = new Int8Array((1 << n) * n);
    for (let s = 0; s < 1 << n; s++) for (let i = 0; i < n; i++) all[s * n + i] = (s >> i) & 1 ? 1 : -1;
    const ss = SampleSet.fromModel(model, all);
    return ss.truncate(options.numReads ?? 10);
  }
}
