import { type BenchRecord, type BenchSuite, Rng } from '@hqml/core';
import type { SourceGraph } from './embedding/embedding.js';
import { findEmbedding } from './embedding/findEmbedding.js';
import { embeddingProblems } from './embedding/verifyEmbedding.js';
import { pegasusGraph } from './topology/pegasus.js';

/** The complete graph K_n. */
export function completeGraph(n: number): SourceGraph {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
  return { numVariables: n, edges };
}

/**
 * A G-set-like sparse graph (the G-set's rudy generator makes random graphs of fixed density and
 * planar/toroidal ones): n vertices, each edge present with probability `degree / (n - 1)`, seeded.
 */
export function sparseRandomGraph(n: number, degree: number, seed: number): SourceGraph {
  const rng = Rng.from(seed);
  const p = degree / (n - 1);
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < p) edges.push([i, j]);
  return { numVariables: n, edges };
}

/**
 * `hqml bench dwave`: minor-embedding time and chain lengths for K8..K40 and G-set-like sparse
 * graphs on Pegasus P6 (2 seeds) and P16 (1 seed), minorminer's defaults (tries 10, patience 10)
 * with a 300 s budget per embedding.
 * Every embedding is checked for validity before its figures are reported.
 */
export const dwaveBenchSuite: BenchSuite = {
  name: 'dwave',
  description: 'Minor embedding (Cai-Macready-Roy) of cliques K8..K40 and sparse random graphs on Pegasus P6 and P16: seconds, max/mean chain length',
  async *run({ quick }): AsyncIterable<BenchRecord> {
    const targets = quick ? [6] : [6, 16];
    const cliques = quick ? [8, 16] : [8, 16, 24, 32, 40];
    const sparse: Array<[number, number]> = quick ? [[64, 3]] : [[64, 3], [128, 3], [128, 6]];
    for (const m of targets) {
      const target = pegasusGraph(m);
      // P16 searches cost about 8x more per round than P6: one seed there, two on P6
      const seeds = quick || m > 6 ? [1] : [1, 2];
      const cases: Array<[string, SourceGraph, Record<string, number | string>]> = [
        ...cliques.map((n) => [`K${n}`, completeGraph(n), { n }] as [string, SourceGraph, Record<string, number | string>]),
        ...sparse.map(([n, d]) => [`sparse-n${n}-d${d}`, sparseRandomGraph(n, d, 7), { n, degree: d }] as [string, SourceGraph, Record<string, number | string>]),
      ];
      for (const [name, source, sizes] of cases) {
        for (const seed of seeds) {
          const cpu0 = process.cpuUsage();
          const r = findEmbedding(source, target, { seed, timeout: 300 });
          const cpu = process.cpuUsage(cpu0);
          const cpuSeconds = (cpu.user + cpu.system) / 1e6;
          const base = { suite: 'dwave', case: `${name}-on-P${m}`, sizes: { ...sizes, edges: source.edges.length, target: `P${m}`, seed }, threads: 1 };
          if (!r.embedding) {
            yield { ...base, metric: 'found', value: 0, unit: 'bool', seconds: r.seconds, cpuSeconds };
            continue;
          }
          const valid = embeddingProblems(r.embedding, source, target).length === 0;
          const lengths = r.embedding.map((c) => c.length);
          yield { ...base, metric: 'seconds', value: r.seconds, unit: 's', valid, cpuSeconds };
          yield { ...base, metric: 'maxChainLength', value: Math.max(...lengths), unit: 'qubits', valid };
          yield { ...base, metric: 'meanChainLength', value: lengths.reduce((a, b) => a + b, 0) / lengths.length, unit: 'qubits', valid };
        }
      }
    }
  },
};
