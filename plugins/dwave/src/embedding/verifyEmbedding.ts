import { ValidationError } from '@hqml/core';
import type { HardwareGraph } from '../topology/hardwareGraph.js';
import type { Embedding, SourceGraph } from './embedding.js';

/**
 * What is wrong with an embedding, one sentence per fault (empty when it is valid). Valid means:
 * every chain is non-empty and on target qubits, chains are disjoint, each chain is connected in
 * the target, and every source edge has at least one target coupler between its two chains.
 */
export function embeddingProblems(embedding: Embedding, source: SourceGraph, target: Pick<HardwareGraph, 'nodes' | 'edges'>): string[] {
  const problems: string[] = [];
  if (embedding.length !== source.numVariables) problems.push(`${embedding.length} chains for ${source.numVariables} source variables`);
  const nodes = new Set(target.nodes);
  const adjacency = new Map<number, number[]>();
  for (const [a, b] of target.edges) {
    (adjacency.get(a) ?? adjacency.set(a, []).get(a)!).push(b);
    (adjacency.get(b) ?? adjacency.set(b, []).get(b)!).push(a);
  }
  const owner = new Map<number, number>();
  embedding.forEach((chain, v) => {
    if (chain.length === 0) problems.push(`chain ${v} is empty`);
    for (const q of chain) {
      if (!nodes.has(q)) problems.push(`chain ${v} uses qubit ${q}, which is not in the target graph`);
      const other = owner.get(q);
      if (other !== undefined && other !== v) problems.push(`qubit ${q} is in chains ${other} and ${v}`);
      else owner.set(q, v);
    }
    // connectedness: a BFS inside the chain reaches every member
    const members = new Set(chain);
    if (members.size !== chain.length) problems.push(`chain ${v} lists a qubit twice`);
    if (chain.length > 1) {
      const seen = new Set<number>([chain[0]!]);
      const queue = [chain[0]!];
      while (queue.length > 0) {
        const q = queue.pop()!;
        for (const r of adjacency.get(q) ?? []) {
          if (members.has(r) && !seen.has(r)) {
            seen.add(r);
            queue.push(r);
          }
        }
      }
      if (seen.size !== members.size) problems.push(`chain ${v} is not connected (${seen.size} of ${members.size} qubits reachable from qubit ${chain[0]})`);
    }
  });
  for (const [a, b] of source.edges) {
    const ca = embedding[a];
    const cb = embedding[b];
    if (ca === undefined || cb === undefined) {
      problems.push(`source edge (${a}, ${b}) names a variable without a chain`);
      continue;
    }
    const setB = new Set(cb);
    const covered = ca.some((q) => (adjacency.get(q) ?? []).some((r) => setB.has(r)));
    if (!covered) problems.push(`source edge (${a}, ${b}) has no coupler between chains ${a} and ${b}`);
  }
  return problems;
}

/** True when {@link embeddingProblems} finds nothing. */
export function isValidEmbedding(embedding: Embedding, source: SourceGraph, target: Pick<HardwareGraph, 'nodes' | 'edges'>): boolean {
  return embeddingProblems(embedding, source, target).length === 0;
}

/** Throws a ValidationError listing the faults of an invalid embedding. */
export function checkEmbedding(embedding: Embedding, source: SourceGraph, target: Pick<HardwareGraph, 'nodes' | 'edges'>): void {
  const problems = embeddingProblems(embedding, source, target);
  if (problems.length > 0) {
    throw new ValidationError({
      what: `the embedding is invalid (${problems.length} fault${problems.length > 1 ? 's' : ''})`,
      why: problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : ''),
      fix: 'Find a new embedding for this target (findEmbedding) or fix the chains',
    });
  }
}
