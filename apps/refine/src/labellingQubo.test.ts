import { Rng } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { type FeatureGraph, featureGraph } from './featureGraph.js';
import { LabellingQubo } from './labellingQubo.js';

/** A graph given by hand: edges (i, j, w). */
function graphOf(size: number, edges: Array<[number, number, number]>): FeatureGraph {
  const degrees = new Float64Array(size);
  for (const [i, j, w] of edges) {
    degrees[i]! += w;
    degrees[j]! += w;
  }
  return { size, heads: Int32Array.from(edges.map((e) => e[0])), tails: Int32Array.from(edges.map((e) => e[1])), weights: Float64Array.from(edges.map((e) => e[2])), degrees };
}

/** The energy of any bit vector straight from the definition in the class comment (loops over classes, not the QUBO's terms). */
function definitionEnergy(q: LabellingQubo, logits: number[], K: number, bits: ArrayLike<number>): number {
  const m = q.candidates;
  const lambda = q.weights.agreement;
  const has = (i: number, c: number): number => {
    for (let r = 0; r < m; r++) if (q.candidateClasses[i * m + r] === c) return bits[i * m + r] as number;
    return 0;
  };
  let e = 0;
  for (let i = 0; i < q.size; i++) {
    const z = logits.slice(i * K, (i + 1) * K);
    const zmax = Math.max(...z);
    let count = 0;
    for (let c = 0; c < K; c++) {
      e += (zmax - z[c]!) * has(i, c);
      count += has(i, c);
    }
    e += (lambda * q.graph.degrees[i]! + 1) * (1 - count) ** 2;
  }
  for (let k = 0; k < q.graph.heads.length; k++) {
    for (let c = 0; c < K; c++) e -= lambda * q.graph.weights[k]! * has(q.graph.heads[k]!, c) * has(q.graph.tails[k]!, c);
  }
  return e;
}

function randomLogits(rng: Rng, n: number, K: number): number[] {
  return Array.from({ length: n * K }, () => 3 * rng.normal());
}

describe('LabellingQubo', () => {
  it('a hand-computed instance: two images, two classes, one edge', () => {
    // Image 0 is sure of class 0 (logits 2, 0), image 1 leans to class 1 (logits 0, 0.5); w = 1, lambda = 1.
    const q = LabellingQubo.build([2, 0, 0, 0.5], 2, graphOf(2, [[0, 1, 1]]), { candidates: 2, neighbours: 1, agreement: 1 });
    expect(Array.from(q.candidateClasses)).toEqual([0, 1, 1, 0]);
    expect(Array.from(q.unary)).toEqual([0, 2, 0, 0.5]);
    expect(Array.from(q.penalties)).toEqual([2, 2]);
    // Labellings: (0,1) 0 + 0 = 0; (0,0) 0 + 0.5 - 1 = -0.5; (1,1) 2 + 0 - 1 = 1; (1,0) 2 + 0.5 = 2.5.
    expect(q.labellingEnergy([0, 1])).toBe(0);
    expect(q.labellingEnergy([0, 0])).toBe(-0.5);
    expect(q.labellingEnergy([1, 1])).toBe(1);
    expect(q.labellingEnergy([1, 0])).toBe(2.5);
    for (const L of [[0, 1], [0, 0], [1, 1], [1, 0]]) expect(q.qubo.energy(q.encode(L))).toBeCloseTo(q.labellingEnergy(L), 12);
    // The neighbour pulls image 1 to class 0: the minimum over all 16 bit vectors is (0, 0).
    let best = Infinity;
    let arg = -1;
    for (let s = 0; s < 16; s++) {
      const e = q.qubo.energy([0, 1, 2, 3].map((b) => (s >> b) & 1));
      if (e < best) [best, arg] = [e, s];
    }
    expect(best).toBeCloseTo(-0.5, 12);
    expect(Array.from(q.decode([0, 1, 2, 3].map((b) => (arg >> b) & 1)).labels)).toEqual([0, 0]);
    // Candidate probabilities: softmax over the candidates.
    expect(q.candidateProbabilities[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 12);
  });

  it('on random instances the QUBO equals the definition on every bit vector, and its minimum is one-hot and the best labelling', () => {
    const rng = Rng.from(7);
    for (let trial = 0; trial < 6; trial++) {
      const N = 4;
      const K = 3;
      const m = trial % 2 === 0 ? 3 : 2;
      const logits = randomLogits(rng, N, K);
      const feats = Array.from({ length: N * 3 }, () => rng.normal());
      const g = featureGraph(feats, N, 3, 2, trial < 3 ? 'self-tuning' : 'uniform');
      const q = LabellingQubo.build(logits, K, g, { candidates: m, neighbours: 2, agreement: 0.3 + trial });
      const n = N * m;
      let best = Infinity;
      let bestBits: number[] = [];
      for (let s = 0; s < 2 ** n; s++) {
        const bits = Array.from({ length: n }, (_, b) => (s >> b) & 1);
        const e = q.qubo.energy(bits);
        expect(e).toBeCloseTo(definitionEnergy(q, logits, K, bits), 9);
        if (e < best - 1e-12) [best, bestBits] = [e, bits];
      }
      // one-hot minimiser
      for (let i = 0; i < N; i++) expect(bestBits.slice(i * m, (i + 1) * m).reduce((a, b) => a + b, 0)).toBe(1);
      // equal to the best labelling by brute force over the candidates
      let bestL = Infinity;
      for (let s = 0; s < m ** N; s++) {
        const L = Array.from({ length: N }, (_, i) => q.candidateClasses[i * m + (Math.floor(s / m ** i) % m)]!);
        bestL = Math.min(bestL, q.labellingEnergy(L));
      }
      expect(best).toBeCloseTo(bestL, 9);
      expect(q.decode(bestBits).infeasible).toBe(0);
    }
  });

  it('without agreement the minimum is the network\'s labelling', () => {
    const rng = Rng.from(3);
    const logits = randomLogits(rng, 5, 4);
    const g = featureGraph(Array.from({ length: 10 }, () => rng.normal()), 5, 2, 2);
    const q = LabellingQubo.build(logits, 4, g, { candidates: 2, neighbours: 2, agreement: 0 });
    const argmax = Array.from({ length: 5 }, (_, i) => {
      const z = logits.slice(i * 4, i * 4 + 4);
      return z.indexOf(Math.max(...z));
    });
    expect(Array.from(q.networkLabels())).toEqual(argmax);
    let best = Infinity;
    let arg = 0;
    for (let s = 0; s < 2 ** 10; s++) {
      const e = q.qubo.energy(Array.from({ length: 10 }, (_, b) => (s >> b) & 1));
      if (e < best) [best, arg] = [e, s];
    }
    expect(best).toBeCloseTo(0, 12);
    expect(Array.from(q.decode(Array.from({ length: 10 }, (_, b) => (arg >> b) & 1)).labels)).toEqual(argmax);
  });

  it('polish (ICM) ends in a local minimum of the labelling energy, never above the start; without agreement it gives the network\'s labels', () => {
    const rng = Rng.from(21);
    const N = 40;
    const K = 5;
    const logits = randomLogits(rng, N, K);
    const g = featureGraph(Array.from({ length: N * 4 }, () => rng.normal()), N, 4, 4);
    for (const agreement of [0, 0.7, 3]) {
      const q = LabellingQubo.build(logits, K, g, { candidates: 3, neighbours: 4, agreement });
      const start = Array.from({ length: N }, (_, i) => q.candidateClasses[i * 3 + rng.int(3)]!);
      const { labels, moves } = q.polish(start);
      expect(q.labellingEnergy(labels)).toBeLessThanOrEqual(q.labellingEnergy(start) + 1e-12);
      const e = q.labellingEnergy(labels);
      for (let i = 0; i < N; i++) {
        for (let r = 0; r < 3; r++) {
          const L = Array.from(labels);
          L[i] = q.candidateClasses[i * 3 + r]!;
          expect(q.labellingEnergy(L)).toBeGreaterThanOrEqual(e - 1e-9);
        }
      }
      if (agreement === 0) expect(Array.from(labels)).toEqual(Array.from(q.networkLabels()));
      expect(moves).toBeGreaterThan(0);
      // a local minimum is a fixed point
      expect(q.polish(labels).moves).toBe(0);
    }
  });

  it('decodes bits that are not one-hot to the network\'s choice among them', () => {
    const q = LabellingQubo.build([0, 1, 3, 2, 0, 0], 3, graphOf(2, []), { candidates: 3, neighbours: 1, agreement: 0 });
    // image 0 candidates: 2, 1, 0; image 1: 0, 1, 2
    expect(Array.from(q.candidateClasses)).toEqual([2, 1, 0, 0, 1, 2]);
    expect(q.decode([0, 0, 0, 0, 1, 1])).toEqual({ labels: Int32Array.from([2, 1]), infeasible: 2 });
    expect(q.decode([0, 1, 0, 0, 0, 1])).toEqual({ labels: Int32Array.from([1, 2]), infeasible: 0 });
    expect(() => q.decode([0, 1])).toThrow(/2 bits.*2 images x 3 candidates/);
    expect(() => q.labellingEnergy([5, 0])).toThrow(/image 0 has label 5/);
  });

  it('refuses bad weights and mismatched inputs', () => {
    const g = graphOf(2, [[0, 1, 1]]);
    expect(() => LabellingQubo.build([0, 1, 2], 2, g, { candidates: 2, neighbours: 1, agreement: 1 })).toThrow(/3 logits for 2 images and 2 classes/);
    expect(() => LabellingQubo.build([0, 1, 2, 3], 2, g, { candidates: 3, neighbours: 1, agreement: 1 })).toThrow(/candidates is 3/);
    expect(() => LabellingQubo.build([0, 1, 2, 3], 2, g, { candidates: 2, neighbours: 1, agreement: -1 })).toThrow(/agreement is -1/);
    expect(() => LabellingQubo.build([0, Number.NaN, 2, 3], 2, g, { candidates: 2, neighbours: 1, agreement: 1 })).toThrow(/image 0 has a non-finite logit/);
  });
});
