import { type Annealer, type IsingModel, ResourceError, type SampleSet, type StructuredAnnealer, IsingAnnealer } from '@hqml/core';
import type { Embedding } from './embedding.js';
import { type FindEmbeddingOptions, findEmbedding } from './findEmbedding.js';
import { type EmbeddingSampleOptions, sampleEmbedded } from './sampleEmbedded.js';

/** Options of a composite's `sample`: the embedding options plus `embeddingParameters` for the search. */
export interface EmbeddingCompositeSampleOptions extends EmbeddingSampleOptions {
  readonly embeddingParameters?: FindEmbeddingOptions;
}

/** Finds an embedding of a model's interaction graph on a structured annealer, or fails clearly. */
export function embedModelOn(child: StructuredAnnealer, model: IsingModel, parameters: FindEmbeddingOptions = {}): Embedding {
  const source = { numVariables: model.numVariables, edges: Array.from(model.values, (_, k) => [model.heads[k]!, model.tails[k]!] as [number, number]) };
  const r = findEmbedding(source, { nodes: child.nodelist, edges: child.edgelist }, parameters);
  if (!r.embedding) {
    throw new ResourceError({
      what: `no embedding of ${model.numVariables} variables / ${model.numInteractions} interactions was found on ${child.nodelist.length} qubits (${r.triesUsed} tries, ${r.seconds.toFixed(1)} s)`,
      why: 'the problem graph may be too large or dense for this QPU graph, or the search budget too small',
      fix: 'Raise embeddingParameters.tries / timeout, use a larger QPU, or a sparser problem',
    });
  }
  return r.embedding;
}

/**
 * dwave-system's `EmbeddingComposite`: maps any Ising problem onto a structured child (a QPU)
 * by finding a minor embedding for each call, then unembeds the samples.
 */
export class EmbeddingComposite extends IsingAnnealer<EmbeddingCompositeSampleOptions> implements Annealer {
  readonly id: string;
  readonly children: readonly Annealer[];

  /** `defaults` apply to every call (a call's own options win). */
  constructor(
    readonly child: StructuredAnnealer,
    private readonly defaults: EmbeddingCompositeSampleOptions = {},
  ) {
    super();
    this.id = `${child.id}+embedding`;
    this.children = [child];
  }

  get properties(): Readonly<Record<string, unknown>> {
    return { child: this.child.properties ?? {} };
  }

  protected async sampleIsing(model: IsingModel, callOptions: EmbeddingCompositeSampleOptions): Promise<SampleSet> {
    const options = { ...this.defaults, ...callOptions };
    const embedding = embedModelOn(this.child, model, { ...(options.seed !== undefined && { seed: options.seed }), ...options.embeddingParameters });
    return sampleEmbedded(this.child, model, embedding, options);
  }

  async dispose(): Promise<void> {
    await this.child.dispose?.();
  }
}
