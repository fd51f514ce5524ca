import { ValidationError, describeValue } from '@hqml/core';
import { type HardwareGraph, checkShape, hardwareGraph } from './hardwareGraph.js';

/** Chimera coordinates `(i, j, u, k)`: row, column, orientation (0 vertical, 1 horizontal), index in the shore. */
export type ChimeraCoordinate = readonly [i: number, j: number, u: number, k: number];

/** The linear index of a Chimera coordinate in C(m, n, t): `i·n·2t + j·2t + u·t + k` (dwave-networkx's numbering). */
export function chimeraToLinear(c: ChimeraCoordinate, m: number, n = m, t = 4): number {
  const [i, j, u, k] = c;
  if (!(i >= 0 && i < m && j >= 0 && j < n && (u === 0 || u === 1) && k >= 0 && k < t) || ![i, j, k].every(Number.isInteger)) {
    throw new ValidationError({ what: `Chimera coordinate ${describeValue(c)}`, why: `C(${m}, ${n}, ${t}) has 0 <= i < ${m}, 0 <= j < ${n}, u in {0, 1}, 0 <= k < ${t}`, fix: 'Pass a coordinate inside the lattice' });
  }
  return ((i * n + j) * 2 + u) * t + k;
}

/** The Chimera coordinate of a linear index (inverse of {@link chimeraToLinear}). */
export function linearToChimera(q: number, m: number, n = m, t = 4): ChimeraCoordinate {
  if (!Number.isInteger(q) || q < 0 || q >= 2 * m * n * t) {
    throw new ValidationError({ what: `qubit ${describeValue(q)}`, why: `C(${m}, ${n}, ${t}) has qubits 0..${2 * m * n * t - 1}` });
  }
  const k = q % t;
  const u = Math.floor(q / t) % 2;
  const j = Math.floor(q / (2 * t)) % n;
  const i = Math.floor(q / (2 * t * n));
  return [i, j, u, k];
}

/**
 * The Chimera graph C(m, n, t) (default n = m, t = 4; a D-Wave 2000Q is C16): m x n unit cells,
 * each a complete bipartite K(t, t); vertical qubits couple to the cell below, horizontal ones to
 * the cell on the right. 2tmn qubits, t²mn + t(m-1)n + tm(n-1) couplers.
 */
export function chimeraGraph(m: number, n = m, t = 4): HardwareGraph {
  checkShape('m', m, 1);
  checkShape('n', n, 1);
  checkShape('t', t, 1);
  const edges: Array<[number, number]> = [];
  const at = (i: number, j: number, u: number, k: number): number => ((i * n + j) * 2 + u) * t + k;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      for (let k0 = 0; k0 < t; k0++) for (let k1 = 0; k1 < t; k1++) edges.push([at(i, j, 0, k0), at(i, j, 1, k1)]);
      for (let k = 0; k < t; k++) {
        if (j + 1 < n) edges.push([at(i, j, 1, k), at(i, j + 1, 1, k)]);
        if (i + 1 < m) edges.push([at(i, j, 0, k), at(i + 1, j, 0, k)]);
      }
    }
  }
  return hardwareGraph(edges, { nodes: Array.from({ length: 2 * m * n * t }, (_, q) => q), family: 'chimera', shape: [m, n, t] });
}
