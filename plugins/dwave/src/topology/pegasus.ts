import { ValidationError, describeValue } from '@hqml/core';
import { type HardwareGraph, checkShape, hardwareGraph } from './hardwareGraph.js';

/** Pegasus coordinates `(u, w, k, z)`: orientation, orthogonal major offset, orthogonal minor offset, parallel offset. */
export type PegasusCoordinate = readonly [u: number, w: number, k: number, z: number];

/** The shifts of the default Pegasus lattice (dwave-networkx `offsets_index = 0`): vertical, then horizontal. */
const VERTICAL_OFFSETS = [2, 2, 2, 2, 10, 10, 10, 10, 6, 6, 6, 6] as const;
const HORIZONTAL_OFFSETS = [6, 6, 6, 6, 2, 2, 2, 2, 10, 10, 10, 10] as const;

/** The linear index of a Pegasus coordinate in P(m): `((u·m + w)·12 + k)·(m-1) + z`. */
export function pegasusToLinear(c: PegasusCoordinate, m: number): number {
  const [u, w, k, z] = c;
  if (!((u === 0 || u === 1) && w >= 0 && w < m && k >= 0 && k < 12 && z >= 0 && z < m - 1) || ![w, k, z].every(Number.isInteger)) {
    throw new ValidationError({ what: `Pegasus coordinate ${describeValue(c)}`, why: `P(${m}) has u in {0, 1}, 0 <= w < ${m}, 0 <= k < 12, 0 <= z < ${m - 1}`, fix: 'Pass a coordinate inside the lattice' });
  }
  return ((u * m + w) * 12 + k) * (m - 1) + z;
}

/** The Pegasus coordinate of a linear index (inverse of {@link pegasusToLinear}). */
export function linearToPegasus(q: number, m: number): PegasusCoordinate {
  const m1 = m - 1;
  if (!Number.isInteger(q) || q < 0 || q >= 24 * m * m1) {
    throw new ValidationError({ what: `qubit ${describeValue(q)}`, why: `P(${m}) has linear indices 0..${24 * m * m1 - 1}` });
  }
  const z = q % m1;
  const k = Math.floor(q / m1) % 12;
  const w = Math.floor(q / (12 * m1)) % m;
  const u = Math.floor(q / (12 * m1 * m));
  return [u, w, k, z];
}

/**
 * The Pegasus graph P(m) (an Advantage QPU is P16), with dwave-networkx's default offsets and
 * linear indices. `fabricOnly` (the default, as in dwave-networkx) keeps only the qubits that
 * take part in the fabric: 24m(m-1) - 8(m-1) of them; without it, all 24m(m-1).
 *
 * Edges: external `(u,w,k,z)~(u,w,k,z+1)`, odd `(u,w,2k,z)~(u,w,2k+1,z)`, and internal
 * `(0,w0,k0,z0)~(1,w1,k1,z1)` where `w1 = z0 + [k1 < S0[k0]]` and `z1 = w0 - [k0 < S1[k1]]`.
 */
export function pegasusGraph(m: number, options: { fabricOnly?: boolean } = {}): HardwareGraph {
  checkShape('m', m, 2);
  const fabricOnly = options.fabricOnly ?? true;
  const m1 = m - 1;
  const start = fabricOnly ? [Math.min(...HORIZONTAL_OFFSETS), Math.min(...VERTICAL_OFFSETS)] : [0, 0];
  const end = fabricOnly ? [12 - Math.max(...HORIZONTAL_OFFSETS), 12 - Math.max(...VERTICAL_OFFSETS)] : [0, 0];
  const at = (u: number, w: number, k: number, z: number): number => ((u * m + w) * 12 + k) * m1 + z;
  const inFabric = (u: number, w: number, k: number): boolean => (w === 0 ? k >= start[u]! : w === m1 ? k < 12 - end[u]! : true);
  const edges: Array<[number, number]> = [];
  for (let u = 0; u < 2; u++) {
    for (let w = 0; w < m; w++) {
      const kFrom = w === 0 ? start[u]! : 0;
      const kTo = 12 - (w === m1 ? end[u]! : 0);
      for (let k = kFrom; k < kTo; k++) for (let z = 0; z < m1 - 1; z++) edges.push([at(u, w, k, z), at(u, w, k, z + 1)]);
      for (let k = kFrom; k < kTo; k += 2) for (let z = 0; z < m1; z++) edges.push([at(u, w, k, z), at(u, w, k + 1, z)]);
    }
  }
  for (let w = 0; w < m; w++) {
    for (let kk = 0; kk < 12; kk++) {
      const s1 = HORIZONTAL_OFFSETS[kk]!;
      for (let k = w === 0 ? s1 : 0; k < (w < m1 ? 12 : s1); k++) {
        for (let z = 0; z < m1; z++) {
          const w1 = z + (kk < VERTICAL_OFFSETS[k]! ? 1 : 0);
          const z1 = w - (k < s1 ? 1 : 0);
          if (inFabric(0, w, k) && inFabric(1, w1, kk)) edges.push([at(0, w, k, z), at(1, w1, kk, z1)]);
        }
      }
    }
  }
  return hardwareGraph(edges, { family: 'pegasus', shape: [m] });
}
