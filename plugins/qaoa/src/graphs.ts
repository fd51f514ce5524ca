import { IsingModel, ResourceError, Rng, ValidationError, describeValue } from '@hqml/core';

/** An undirected graph as an edge list over vertices 0..n-1. */
export interface Graph {
  readonly n: number;
  readonly edges: readonly (readonly [number, number])[];
}

/** The cycle C_n. */
export function ringGraph(n: number): Graph {
  if (!Number.isSafeInteger(n) || n < 3) throw new ValidationError({ what: `ring of ${describeValue(n)} vertices`, why: 'a ring has at least 3 vertices' });
  return { n, edges: Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const) };
}

/** The Petersen graph: 10 vertices, 15 edges, 3-regular, girth 5 (outer 5-cycle, inner pentagram, spokes). */
export function petersenGraph(): Graph {
  const edges: Array<readonly [number, number]> = [];
  for (let i = 0; i < 5; i++) {
    edges.push([i, (i + 1) % 5], [i, i + 5], [5 + i, 5 + ((i + 2) % 5)]);
  }
  return { n: 10, edges };
}

/**
 * A uniformly random simple d-regular graph on n vertices (the pairing model with rejection of
 * loops and multi-edges; fine for small d), from a seed.
 */
export function randomRegularGraph(n: number, d: number, seed: number): Graph {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d < 1 || d >= n || (n * d) % 2 !== 0) {
    throw new ValidationError({ what: `a ${describeValue(d)}-regular graph on ${describeValue(n)} vertices`, why: 'it needs 1 <= d < n and n * d even' });
  }
  const rng = Rng.from(seed);
  const points = Array.from({ length: n * d }, (_, k) => Math.floor(k / d));
  for (let attempt = 0; attempt < 10_000; attempt++) {
    rng.shuffle(points);
    const seen = new Set<number>();
    const edges: Array<readonly [number, number]> = [];
    let ok = true;
    for (let k = 0; k < points.length; k += 2) {
      const a = Math.min(points[k]!, points[k + 1]!);
      const b = Math.max(points[k]!, points[k + 1]!);
      if (a === b || seen.has(a * n + b)) {
        ok = false;
        break;
      }
      seen.add(a * n + b);
      edges.push([a, b]);
    }
    if (ok) return { n, edges: edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]) };
  }
  throw new ResourceError({ what: `no simple ${d}-regular graph on ${n} vertices after 10000 pairings`, why: 'the pairing model rarely gives a simple graph for large d', fix: 'Use a smaller degree' });
}

/**
 * Max-Cut as an Ising model: `J_ij = w` per edge (default weight 1), so `E(s) = sum w s_i s_j`
 * and the cut of s is `(W - E(s)) / 2`, W the total weight.
 */
export function maxCutModel(graph: Graph, weights?: readonly number[]): IsingModel {
  return IsingModel.from({ J: graph.edges.map(([a, b], k) => [a, b, weights?.[k] ?? 1] as [number, number, number]), numVariables: graph.n });
}
