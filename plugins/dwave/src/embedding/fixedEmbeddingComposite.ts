import { type Annealer, type IsingModel, type SampleSet, type StructuredAnnealer, ValidationError, type VariableLabel, IsingAnnealer } from '@hqml/core';
import type { Embedding } from './embedding.js';
import { type EmbeddingSampleOptions, sampleEmbedded } from './sampleEmbedded.js';
import { checkEmbedding } from './verifyEmbedding.js';

/**
 * dwave-system's `FixedEmbeddingComposite`: reuses one embedding (found once, or loaded from a
 * file) for every call. Chains are given per variable label; the model's labels pick them.
 */
export class FixedEmbeddingComposite extends IsingAnnealer<EmbeddingSampleOptions> implements Annealer {
  readonly id: string;
  readonly children: readonly Annealer[];
  private readonly chains: ReadonlyMap<VariableLabel, readonly number[]>;

  constructor(
    readonly child: StructuredAnnealer,
    variables: readonly VariableLabel[],
    embedding: Embedding,
    private readonly defaults: EmbeddingSampleOptions = {},
  ) {
    super();
    if (variables.length !== embedding.length) throw new ValidationError({ what: `${variables.length} labels for ${embedding.length} chains`, why: 'each chain belongs to one variable' });
    this.id = `${child.id}+fixed-embedding`;
    this.children = [child];
    this.chains = new Map(variables.map((v, i) => [v, embedding[i]!] as const));
  }

  get properties(): Readonly<Record<string, unknown>> {
    return { child: this.child.properties ?? {}, embedding: Object.fromEntries([...this.chains].map(([k, c]) => [String(k), [...c]])) };
  }

  protected async sampleIsing(model: IsingModel, callOptions: EmbeddingSampleOptions): Promise<SampleSet> {
    const options = { ...this.defaults, ...callOptions };
    const missing = model.labels.filter((l) => !this.chains.has(l));
    if (missing.length > 0) {
      throw new ValidationError({ what: `variables ${missing.slice(0, 5).join(', ')} have no chain in the fixed embedding`, why: 'a fixed embedding covers only the variables it was made for', fix: 'Use an EmbeddingComposite, or an embedding made for this model' });
    }
    const embedding = model.labels.map((l) => this.chains.get(l)!);
    checkEmbedding(embedding, { numVariables: model.numVariables, edges: Array.from(model.values, (_, k) => [model.heads[k]!, model.tails[k]!] as [number, number]) }, { nodes: this.child.nodelist, edges: this.child.edgelist });
    return sampleEmbedded(this.child, model, embedding, options);
  }

  async dispose(): Promise<void> {
    await this.child.dispose?.();
  }
}
