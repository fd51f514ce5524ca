import { describe, expect, it } from 'vitest';
import { chimeraGraph, chimeraToLinear, linearToChimera } from './chimera.js';
import { denseAdjacency } from './hardwareGraph.js';
import { linearToPegasus, pegasusGraph, pegasusToLinear } from './pegasus.js';
import { parseTopology, topologyGraph } from './topologyGraph.js';
import { linearToZephyr, zephyrGraph, zephyrToLinear } from './zephyr.js';

function maxDegree(g: { nodes: readonly number[]; edges: readonly (readonly [number, number])[] }): number {
  const adj = denseAdjacency(g);
  let d = 0;
  for (let i = 0; i < adj.nodes.length; i++) d = Math.max(d, adj.offsets[i + 1]! - adj.offsets[i]!);
  return d;
}

describe('topology generators (counts published by D-Wave and recomputed from the formulas)', () => {
  it('C16 has 2048 qubits and 6016 couplers; C(2,2,4) matches t²mn + t(m-1)n + tm(n-1)', () => {
    const c16 = chimeraGraph(16);
    expect(c16.nodes.length).toBe(2048);
    expect(c16.edges.length).toBe(6016);
    const c = chimeraGraph(2, 3, 2);
    expect(c.nodes.length).toBe(2 * 2 * 2 * 3);
    expect(c.edges.length).toBe(4 * 6 + 2 * 1 * 3 + 2 * 2 * 2);
    expect(maxDegree(c16)).toBe(6);
  });

  it('P16 (fabric only) has 5640 qubits and 40484 couplers, 5760/40656 without the filter; first edges as dwave-networkx', () => {
    const p16 = pegasusGraph(16);
    expect(p16.nodes.length).toBe(5640);
    expect(p16.nodes.length).toBe(24 * 16 * 15 - 8 * 15);
    expect(p16.edges.length).toBe(40484);
    expect(p16.edges.slice(0, 3)).toEqual([[30, 31], [30, 45], [30, 2940]]);
    expect(maxDegree(p16)).toBe(15);
    const full = pegasusGraph(16, { fabricOnly: false });
    expect(full.nodes.length).toBe(5760);
    expect(full.edges.length).toBe(40656);
  });

  it('Zephyr Z(6,4) has 1248/11400 and Z(12,4) 4800/45864, as 4tm(2m+1) and 2t((8t+8)m²-2m-3)', () => {
    for (const [m, nodes, edges] of [[6, 1248, 11400], [12, 4800, 45864]] as const) {
      const z = zephyrGraph(m, 4);
      expect(z.nodes.length).toBe(nodes);
      expect(z.edges.length).toBe(edges);
      expect(z.nodes.length).toBe(4 * 4 * m * (2 * m + 1));
      expect(z.edges.length).toBe(2 * 4 * ((8 * 4 + 8) * m * m - 2 * m - 3));
      expect(maxDegree(z)).toBe(4 * 4 + 4);
    }
  });

  it('edge lists have no duplicates and every edge is (u < v)', () => {
    for (const g of [chimeraGraph(3), pegasusGraph(4), zephyrGraph(2, 3)]) {
      const keys = new Set(g.edges.map(([a, b]) => `${a},${b}`));
      expect(keys.size).toBe(g.edges.length);
      expect(g.edges.every(([a, b]) => a < b)).toBe(true);
    }
  });

  it('coordinates round-trip with the linear indices', () => {
    for (let q = 0; q < 2 * 3 * 4 * 4; q++) expect(chimeraToLinear(linearToChimera(q, 3, 4, 4), 3, 4, 4)).toBe(q);
    expect(chimeraToLinear([1, 2, 1, 3], 16)).toBe(1 * 16 * 8 + 2 * 8 + 4 + 3);
    for (let q = 0; q < 24 * 4 * 3; q++) expect(pegasusToLinear(linearToPegasus(q, 4), 4)).toBe(q);
    // hand-worked: P16 (u, w, k, z) = (0, 0, 2, 0) -> ((0*16 + 0)*12 + 2)*15 + 0 = 30, the first fabric qubit
    expect(pegasusToLinear([0, 0, 2, 0], 16)).toBe(30);
    expect(linearToPegasus(2940, 16)).toEqual([1, 0, 4, 0]);
    for (let q = 0; q < 4 * 3 * 2 * 5; q++) expect(zephyrToLinear(linearToZephyr(q, 2, 3), 2, 3)).toBe(q);
    expect(zephyrToLinear([1, 2, 3, 1, 4], 6, 4)).toBe((((1 * 13 + 2) * 4 + 3) * 2 + 1) * 6 + 4);
  });

  it('Chimera coordinates give the documented couplings: inside a cell K(t,t), vertical down, horizontal right', () => {
    const g = chimeraGraph(2);
    const has = (a: number, b: number): boolean => g.edges.some(([x, y]) => x === Math.min(a, b) && y === Math.max(a, b));
    expect(has(chimeraToLinear([0, 0, 0, 1], 2), chimeraToLinear([0, 0, 1, 3], 2))).toBe(true);
    expect(has(chimeraToLinear([0, 0, 0, 1], 2), chimeraToLinear([1, 0, 0, 1], 2))).toBe(true);
    expect(has(chimeraToLinear([0, 0, 1, 1], 2), chimeraToLinear([0, 1, 1, 1], 2))).toBe(true);
    expect(has(chimeraToLinear([0, 0, 0, 1], 2), chimeraToLinear([0, 1, 0, 1], 2))).toBe(false);
  });

  it('parses topology strings and rejects malformed ones', () => {
    expect(parseTopology('chimera:16')).toEqual({ type: 'chimera', shape: [16, 16, 4] });
    expect(parseTopology('zephyr:6')).toEqual({ type: 'zephyr', shape: [6, 4] });
    expect(topologyGraph(parseTopology('pegasus:6')).nodes.length).toBe(24 * 6 * 5 - 8 * 5);
    expect(() => parseTopology('pegasus:6,4')).toThrow(/pegasus takes 1 to 1/);
    expect(() => parseTopology('king:3')).toThrow(/FAMILY:SHAPE/);
    expect(() => chimeraGraph(0)).toThrow(/m is 0/);
  });
});
