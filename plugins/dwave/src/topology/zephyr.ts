import { ValidationError, describeValue } from '@hqml/core';
import { type HardwareGraph, checkShape, hardwareGraph } from './hardwareGraph.js';

/** Zephyr coordinates `(u, w, k, j, z)`: orientation, major offset, tile index, minor offset, parallel offset. */
export type ZephyrCoordinate = readonly [u: number, w: number, k: number, j: number, z: number];

/** The linear index of a Zephyr coordinate in Z(m, t): `(((u(2m+1) + w)t + k)2 + j)m + z`. */
export function zephyrToLinear(c: ZephyrCoordinate, m: number, t = 4): number {
  const [u, w, k, j, z] = c;
  const M = 2 * m + 1;
  if (!((u === 0 || u === 1) && w >= 0 && w < M && k >= 0 && k < t && (j === 0 || j === 1) && z >= 0 && z < m) || ![w, k, z].every(Number.isInteger)) {
    throw new ValidationError({ what: `Zephyr coordinate ${describeValue(c)}`, why: `Z(${m}, ${t}) has u, j in {0, 1}, 0 <= w < ${M}, 0 <= k < ${t}, 0 <= z < ${m}`, fix: 'Pass a coordinate inside the lattice' });
  }
  return (((u * M + w) * t + k) * 2 + j) * m + z;
}

/** The Zephyr coordinate of a linear index (inverse of {@link zephyrToLinear}). */
export function linearToZephyr(q: number, m: number, t = 4): ZephyrCoordinate {
  const M = 2 * m + 1;
  if (!Number.isInteger(q) || q < 0 || q >= 4 * t * m * M) {
    throw new ValidationError({ what: `qubit ${describeValue(q)}`, why: `Z(${m}, ${t}) has linear indices 0..${4 * t * m * M - 1}` });
  }
  let r = q;
  const z = r % m;
  r = Math.floor(r / m);
  const j = r % 2;
  r = Math.floor(r / 2);
  const k = r % t;
  r = Math.floor(r / t);
  const w = r % M;
  const u = Math.floor(r / M);
  return [u, w, k, j, z];
}

/**
 * The Zephyr graph Z(m, t) (default t = 4; Advantage2 is Z(12, 4)) with dwave-networkx's linear
 * indices: 4tm(2m+1) qubits of degree up to 4t + 4, and 2t((8t+8)m² - 2m - 3) couplers.
 *
 * Edges: external `(u,w,k,j,z)~(u,w,k,j,z+1)`; odd `(u,w,k,0,z)~(u,w,k,1,z-a)` for a in {0, 1};
 * internal `(0, 2w+1+a(2i-1), k, j, z)~(1, 2z+1+b(2j-1), h, i, w)`.
 */
export function zephyrGraph(m: number, t = 4): HardwareGraph {
  checkShape('m', m, 1);
  checkShape('t', t, 1);
  const M = 2 * m + 1;
  const at = (u: number, w: number, k: number, j: number, z: number): number => (((u * M + w) * t + k) * 2 + j) * m + z;
  const edges: Array<[number, number]> = [];
  for (let u = 0; u < 2; u++) {
    for (let w = 0; w < M; w++) {
      for (let k = 0; k < t; k++) {
        for (let j = 0; j < 2; j++) for (let z = 0; z + 1 < m; z++) edges.push([at(u, w, k, j, z), at(u, w, k, j, z + 1)]);
        for (let a = 0; a < 2; a++) for (let z = a; z < m; z++) edges.push([at(u, w, k, 0, z), at(u, w, k, 1, z - a)]);
      }
    }
  }
  for (let w = 0; w < m; w++) {
    for (let z = 0; z < m; z++) {
      for (let h = 0; h < t; h++) {
        for (let k = 0; k < t; k++) {
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) {
              for (let a = 0; a < 2; a++) {
                for (let b = 0; b < 2; b++) edges.push([at(0, 2 * w + 1 + a * (2 * i - 1), k, j, z), at(1, 2 * z + 1 + b * (2 * j - 1), h, i, w)]);
              }
            }
          }
        }
      }
    }
  }
  return hardwareGraph(edges, { nodes: Array.from({ length: 4 * t * m * M }, (_, q) => q), family: 'zephyr', shape: [m, t] });
}
