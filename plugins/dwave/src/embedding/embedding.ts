import { DataError, ValidationError, type VariableLabel, describeValue } from '@hqml/core';
import type { TopologySpec } from '../topology/topologyGraph.js';

/**
 * A minor embedding: `chains[i]` is the set of target qubits that stands for source variable i.
 *
 * Design note: source variables are dense indices (a model's variable order) so the embedding is
 * a plain array; labels travel beside it in {@link EmbeddingFile} when it is saved.
 */
export type Embedding = readonly (readonly number[])[];

/** A source graph over variables 0..numVariables-1. */
export interface SourceGraph {
  readonly numVariables: number;
  readonly edges: readonly (readonly [number, number])[];
}

/** The JSON form of a saved embedding (`hqml` writes it; FixedEmbeddingComposite reads it). */
export interface EmbeddingFile {
  readonly type: 'Embedding';
  readonly version: 1;
  /** Source variable labels, in the order of `chains`. */
  readonly variables: readonly VariableLabel[];
  readonly chains: readonly (readonly number[])[];
  /** The target it was found for (solver name and topology), to catch a mismatch on load. */
  readonly target?: { readonly solver?: string; readonly topology?: TopologySpec };
}

/** Statistics of an embedding: chain lengths and qubits used. */
export interface EmbeddingStats {
  readonly maxChainLength: number;
  readonly meanChainLength: number;
  readonly qubitsUsed: number;
}

/** Chain-length statistics of an embedding. */
export function embeddingStats(embedding: Embedding): EmbeddingStats {
  let max = 0;
  let total = 0;
  for (const c of embedding) {
    max = Math.max(max, c.length);
    total += c.length;
  }
  return { maxChainLength: max, meanChainLength: embedding.length === 0 ? 0 : total / embedding.length, qubitsUsed: total };
}

/** The JSON form of an embedding with its variable labels. */
export function embeddingToJSON(embedding: Embedding, variables: readonly VariableLabel[], target?: EmbeddingFile['target']): EmbeddingFile {
  if (variables.length !== embedding.length) {
    throw new ValidationError({ what: `${variables.length} labels for ${embedding.length} chains`, why: 'each chain needs the label of its source variable' });
  }
  return { type: 'Embedding', version: 1, variables: [...variables], chains: embedding.map((c) => [...c]), ...(target !== undefined && { target }) };
}

/** Parses {@link embeddingToJSON}'s output (or dimod's `{label: [qubits]}` dict), validating its shape. */
export function embeddingFromJSON(json: unknown): { variables: VariableLabel[]; embedding: number[][]; target?: EmbeddingFile['target'] } {
  const bad = (why: string): never => {
    throw new DataError({ what: `embedding JSON ${describeValue(json)}`, why, fix: 'Pass a file written by hqml (type "Embedding") or a {"label": [qubit, ...]} object' });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('it is not an object');
  const j = json as Partial<EmbeddingFile> & Record<string, unknown>;
  let variables: VariableLabel[];
  let chains: unknown[];
  if (j.type === 'Embedding') {
    if (j.version !== 1 || !Array.isArray(j.variables) || !Array.isArray(j.chains) || j.variables.length !== j.chains.length) return bad('it needs version 1 and as many variables as chains');
    variables = [...j.variables];
    chains = [...j.chains];
  } else {
    variables = Object.keys(j).map((k) => (/^-?\d+$/.test(k) ? Number(k) : k));
    chains = Object.values(j);
  }
  const embedding = chains.map((c, i) => {
    if (!Array.isArray(c) || c.length === 0 || !c.every((q) => Number.isSafeInteger(q) && (q as number) >= 0)) return bad(`chain ${i} is not a non-empty list of qubit indices`);
    return [...(c as number[])];
  });
  return { variables, embedding, ...(j.type === 'Embedding' && j.target !== undefined && { target: j.target }) };
}
