import { Rng } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { featureGraph, normalizeRows } from './featureGraph.js';

function edgesOf(g: ReturnType<typeof featureGraph>): Array<[number, number, number]> {
  return Array.from(g.heads, (i, e) => [i, g.tails[e]!, g.weights[e]!]);
}

describe('featureGraph', () => {
  it('a hand-computed case: unit vectors at angles 0, 10, 20 and 90 degrees, k = 1', () => {
    const deg = Math.PI / 180;
    const f = [0, 10, 20, 90].flatMap((a) => [3 * Math.cos(a * deg), 3 * Math.sin(a * deg)]); // lengths do not matter
    const g = featureGraph(f, 4, 2, 1, 'uniform');
    // nearest: 0 -> 1, 1 -> 0 (tie with 2, lower index), 2 -> 1, 3 -> 2
    expect(edgesOf(g)).toEqual([[0, 1, 1], [1, 2, 1], [2, 3, 1]]);
    expect(Array.from(g.degrees)).toEqual([1, 2, 2, 1]);
    // self-tuning: w = exp(-d^2 / (sigma_i sigma_j)), d = chord 2 sin(angle / 2), sigma = distance to the first neighbour
    const chord = (a: number): number => 2 * Math.sin((a * deg) / 2);
    const s = [chord(10), chord(10), chord(10), chord(70)];
    const st = featureGraph(f, 4, 2, 1, 'self-tuning');
    const want = [[0, 1, 10], [1, 2, 10], [2, 3, 70]].map(([i, j, a]) => Math.exp(-(chord(a!) ** 2) / (s[i!]! * s[j!]!)));
    edgesOf(st).forEach(([, , w], e) => expect(w).toBeCloseTo(want[e]!, 12));
    expect(want[0]).toBeCloseTo(Math.exp(-1), 12);
  });

  it('matches a brute-force symmetric k-NN on random features', () => {
    const rng = Rng.from(11);
    const N = 30;
    const D = 5;
    const k = 4;
    const f = Array.from({ length: N * D }, () => rng.normal());
    const g = featureGraph(f, N, D, k, 'uniform');
    const x = normalizeRows(f, N, D);
    const dist = (i: number, j: number): number => Array.from({ length: D }, (_, d) => (x[i * D + d]! - x[j * D + d]!) ** 2).reduce((a, b) => a + b, 0);
    const want = new Set<string>();
    for (let i = 0; i < N; i++) {
      const nn = Array.from({ length: N }, (_, j) => j).filter((j) => j !== i).sort((a, b) => dist(i, a) - dist(i, b) || a - b).slice(0, k);
      for (const j of nn) want.add(`${Math.min(i, j)}-${Math.max(i, j)}`);
    }
    expect(new Set(edgesOf(g).map(([i, j]) => `${i}-${j}`))).toEqual(want);
    // every image has at least k neighbours; degrees are the sums of edge weights
    const count = new Array<number>(N).fill(0);
    for (const [i, j] of edgesOf(g)) {
      count[i]!++;
      count[j]!++;
    }
    expect(Math.min(...count)).toBeGreaterThanOrEqual(k);
    expect(Array.from(g.degrees)).toEqual(count);
  });

  it('refuses mismatched sizes and k < 1', () => {
    expect(() => featureGraph([1, 2, 3], 2, 2, 1)).toThrow(/3 values for 2 vectors of 2/);
    expect(() => featureGraph([1, 2, 3, 4], 2, 2, 0)).toThrow(/k is 0/);
  });
});
