import { ValidationError, describeValue } from '@hqml/core';
import type { FeatureGraph } from './featureGraph.js';

/**
 * Blocks of whole images for an annealer that solves a large model block by block (QAOA on a
 * backend of a few qubits): each block holds the `candidates` variables of `floor(maxVariables /
 * candidates)` images, and images are grouped along the neighbour graph (breadth-first from the
 * lowest unvisited image, heavier edges first), so the couplings a block optimises jointly are the
 * graph's, not those of images that happen to be adjacent in the file.
 */
export function imageBlocks(graph: FeatureGraph, candidates: number, maxVariables: number): number[][] {
  const per = Math.floor(maxVariables / candidates);
  if (!Number.isSafeInteger(maxVariables) || per < 1) {
    throw new ValidationError({ what: `blocks of at most ${describeValue(maxVariables)} variables`, why: `one image has ${candidates} variables (its candidate classes) and a block holds whole images`, fix: `Use a block size of at least ${candidates}` });
  }
  const N = graph.size;
  const adj: Array<Array<[number, number]>> = Array.from({ length: N }, () => []);
  for (let e = 0; e < graph.heads.length; e++) {
    const i = graph.heads[e]!;
    const j = graph.tails[e]!;
    adj[i]!.push([j, graph.weights[e]!]);
    adj[j]!.push([i, graph.weights[e]!]);
  }
  for (const a of adj) a.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
  const order: number[] = [];
  const seen = new Uint8Array(N);
  for (let s = 0; s < N; s++) {
    if (seen[s]) continue;
    seen[s] = 1;
    const queue = [s];
    for (let h = 0; h < queue.length; h++) {
      const i = queue[h]!;
      order.push(i);
      for (const [j] of adj[i]!) {
        if (!seen[j]) {
          seen[j] = 1;
          queue.push(j);
        }
      }
    }
  }
  const blocks: number[][] = [];
  for (let b = 0; b < N; b += per) {
    blocks.push(order.slice(b, b + per).flatMap((i) => Array.from({ length: candidates }, (_, r) => i * candidates + r)));
  }
  return blocks;
}
