import { describe, expect, it } from 'vitest';
import { chimeraGraph } from '../topology/chimera.js';
import { hardwareGraph } from '../topology/hardwareGraph.js';
import { pegasusGraph } from '../topology/pegasus.js';
import { zephyrGraph } from '../topology/zephyr.js';
import type { SourceGraph } from './embedding.js';
import { findEmbedding } from './findEmbedding.js';
import { checkEmbedding, embeddingProblems } from './verifyEmbedding.js';

function complete(n: number): SourceGraph {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
  return { numVariables: n, edges };
}

describe('embedding validity check', () => {
  const square = hardwareGraph([[0, 1], [1, 2], [2, 3], [3, 0]]);
  const triangle = complete(3);

  it('accepts a triangle in a 4-cycle with one chain of two', () => {
    expect(embeddingProblems([[0], [1], [2, 3]], triangle, square)).toEqual([]);
  });

  it('names each fault: overlap, disconnected chain, uncovered edge, foreign qubit, empty chain', () => {
    expect(embeddingProblems([[0], [0, 1], [2, 3]], triangle, square).join('\n')).toMatch(/qubit 0 is in chains 0 and 1/);
    expect(embeddingProblems([[0, 2], [1], [3]], triangle, square).join('\n')).toMatch(/chain 0 is not connected/);
    expect(embeddingProblems([[0], [2], [1]], { numVariables: 3, edges: [[0, 1]] }, square).join('\n')).toMatch(/source edge \(0, 1\) has no coupler/);
    expect(embeddingProblems([[0], [1], [9]], triangle, square).join('\n')).toMatch(/qubit 9, which is not in the target/);
    expect(embeddingProblems([[0], [], [2, 3]], triangle, square).join('\n')).toMatch(/chain 1 is empty/);
    expect(() => checkEmbedding([[0], [1], [2]], triangle, square)).toThrow(/no coupler between chains 0 and 2/);
  });
});

describe('findEmbedding (Cai-Macready-Roy)', () => {
  it('embeds a triangle into a 4-cycle (needs one chain of two) and the result passes the check', () => {
    const square = hardwareGraph([[0, 1], [1, 2], [2, 3], [3, 0]]);
    const r = findEmbedding(complete(3), square, { seed: 1 });
    expect(r.embedding).toBeDefined();
    expect(embeddingProblems(r.embedding!, complete(3), square)).toEqual([]);
    expect(r.embedding!.map((c) => c.length).sort()).toEqual([1, 1, 2]);
  });

  it('embeds K5 and K6 in Chimera C2 (neither is a subgraph of a bipartite lattice)', () => {
    for (const [n, g] of [[5, chimeraGraph(2)], [6, chimeraGraph(2)]] as const) {
      const r = findEmbedding(complete(n), g, { seed: 3 });
      expect(r.embedding).toBeDefined();
      expect(embeddingProblems(r.embedding!, complete(n), g)).toEqual([]);
      expect(r.embedding!.some((c) => c.length > 1)).toBe(true);
    }
  });

  it('embeds K12 in Pegasus P4, K10 in Zephyr Z(2,4), and a ring natively-sized into C2', () => {
    for (const [src, g] of [[complete(12), pegasusGraph(4)], [complete(10), zephyrGraph(2)]] as const) {
      const r = findEmbedding(src, g, { seed: 7 });
      expect(r.embedding).toBeDefined();
      expect(embeddingProblems(r.embedding!, src, g)).toEqual([]);
    }
    const ring: SourceGraph = { numVariables: 8, edges: Array.from({ length: 8 }, (_, i) => [i, (i + 1) % 8] as [number, number]) };
    const r = findEmbedding(ring, chimeraGraph(2), { seed: 2 });
    expect(embeddingProblems(r.embedding!, ring, chimeraGraph(2))).toEqual([]);
  });

  it('is reproducible for a seed', () => {
    const a = findEmbedding(complete(9), chimeraGraph(4), { seed: 11 });
    const b = findEmbedding(complete(9), chimeraGraph(4), { seed: 11 });
    expect(a.embedding).toEqual(b.embedding);
  });

  it('returns no embedding when none exists (K5 in a 4-cycle) and refuses more variables than qubits', () => {
    const square = hardwareGraph([[0, 1], [1, 2], [2, 3], [3, 0]]);
    const r = findEmbedding(complete(4), hardwareGraph([[0, 1], [1, 2], [2, 3]]), { seed: 1, tries: 2 });
    expect(r.embedding).toBeUndefined();
    expect(() => findEmbedding(complete(5), square)).toThrow(/5 variables and the target 4 qubits/);
    expect(() => findEmbedding(complete(3), square, { tries: 0 })).toThrow(/tries is 0/);
  });

  it('places isolated variables and variables of disconnected components', () => {
    const src: SourceGraph = { numVariables: 5, edges: [[0, 1], [3, 4]] };
    const r = findEmbedding(src, chimeraGraph(1), { seed: 5 });
    expect(embeddingProblems(r.embedding!, src, chimeraGraph(1))).toEqual([]);
  });
});
