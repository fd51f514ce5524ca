import { type AnnealerOptions, type IsingModel, SampleSet, type StructuredAnnealer } from '@hqml/core';
import { type ChainBreakMethod, resolveChains } from './chainBreaks.js';
import { type ChainStrength, resolveChainStrength } from './chainStrength.js';
import { type Embedding, embeddingStats } from './embedding.js';
import { embedIsing } from './embedModel.js';

/** Options the embedding composites take (the rest go to the child sampler). */
export interface EmbeddingSampleOptions extends AnnealerOptions {
  /** A number, `uniform_torque_compensation` (default) or `scaled`. */
  readonly chainStrength?: ChainStrength;
  /** Default `majority_vote`. */
  readonly chainBreakMethod?: ChainBreakMethod;
  /** Put the embedding itself into `info.embeddingContext` (dimod's `return_embedding`). */
  readonly returnEmbedding?: boolean;
}

const OWN_OPTIONS = ['chainStrength', 'chainBreakMethod', 'returnEmbedding', 'embeddingParameters'] as const;

/**
 * Embeds `model` with `embedding`, samples it on `child`, and unembeds: the shared body of the
 * embedding composites. Rows come back lowest energy first (energies recomputed on the source
 * model) with `info.chainBreakFraction` aligned to them and `info.embeddingContext`.
 */
export async function sampleEmbedded(child: StructuredAnnealer, model: IsingModel, embedding: Embedding, options: EmbeddingSampleOptions = {}): Promise<SampleSet> {
  const strength = resolveChainStrength(options.chainStrength, model);
  const method = options.chainBreakMethod ?? 'majority_vote';
  const embedded = embedIsing(model, embedding, { nodes: child.nodelist, edges: child.edgelist }, strength);
  const childOptions: Record<string, unknown> = { ...options };
  for (const k of OWN_OPTIONS) delete childOptions[k];
  const target = await child.sample(embedded, childOptions);
  const qubits = target.variables as number[];
  const resolved = resolveChains(target.samples, qubits, embedding, method, { model, ...(options.seed !== undefined && { seed: options.seed }) });
  const n = model.numVariables;
  const kept = resolved.rows.length;
  const energies = model.energies(resolved.samples, kept);
  const occ = target.numOccurrences;
  const order = Array.from({ length: kept }, (_, i) => i).sort((a, b) => energies[a]! - energies[b]! || a - b);
  const samples = new Int8Array(kept * n);
  order.forEach((src, dst) => samples.set(resolved.samples.subarray(src * n, (src + 1) * n), dst * n));
  const stats = embeddingStats(embedding);
  return SampleSet.fromSamples({
    variables: model.labels,
    vartype: 'SPIN',
    samples,
    energies: order.map((k) => energies[k]!),
    numOccurrences: order.map((k) => occ[resolved.rows[k]!]!),
    info: {
      ...target.info,
      chainBreakFraction: order.map((k) => resolved.chainBreakFraction[k]!),
      embeddingContext: {
        chainStrength: strength,
        chainBreakMethod: method,
        maxChainLength: stats.maxChainLength,
        meanChainLength: stats.meanChainLength,
        qubitsUsed: stats.qubitsUsed,
        ...(options.returnEmbedding === true && { embedding: embedding.map((c) => [...c]) }),
      },
    },
  });
}
