import { type Annealer, type IsingModel, type SampleSet, type StructuredAnnealer, isNativeModel, IsingAnnealer } from '@hqml/core';
import { EmbeddingComposite, type EmbeddingCompositeSampleOptions } from './embeddingComposite.js';

/**
 * dwave-system's `AutoEmbeddingComposite`: a native problem (labels are qubits, interactions are
 * couplers) goes to the child as it is; anything else is embedded first. What `dwave.qpu`
 * registers, so a config can swap `anneal.sa` for a QPU without touching the problem.
 */
export class AutoEmbeddingComposite extends IsingAnnealer<EmbeddingCompositeSampleOptions> implements Annealer {
  readonly id: string;
  readonly children: readonly Annealer[];
  private readonly embedder: EmbeddingComposite;

  /** `defaults` (chain strength, chain-break method, embedding search) apply to every embedded call. */
  constructor(
    readonly child: StructuredAnnealer,
    defaults: EmbeddingCompositeSampleOptions = {},
  ) {
    super();
    this.id = child.id;
    this.children = [child];
    this.embedder = new EmbeddingComposite(child, defaults);
  }

  get properties(): Readonly<Record<string, unknown>> {
    return this.child.properties ?? {};
  }

  protected async sampleIsing(model: IsingModel, options: EmbeddingCompositeSampleOptions): Promise<SampleSet> {
    if (isNativeModel(model, this.child)) {
      const { chainStrength: _cs, chainBreakMethod: _cb, returnEmbedding: _re, embeddingParameters: _ep, ...rest } = options;
      const ss = await this.child.sample(model, rest);
      return ss.withInfo({ embedded: false });
    }
    const ss = await this.embedder.sample(model, options);
    return ss.withInfo({ embedded: true });
  }

  async dispose(): Promise<void> {
    await this.child.dispose?.();
  }
}
