import { type BenchRecord, median } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { shotExpectation } from '../shotExpectation.js';
import { ExpFactory, type Factory, LinearFactory, RichardsonFactory } from '../zne/factories.js';
import type { FoldingMethod } from '../zne/folding.js';
import { executeWithZne } from '../zne/zne.js';
import { type BenchCircuit, ghzCircuit, mirrorCircuit } from './circuits.js';
import { record, round } from './record.js';

interface Strategy {
  readonly name: string;
  readonly folding: FoldingMethod;
  readonly scaleFactors: readonly number[];
  readonly factory: Factory;
}

const STRATEGIES: readonly Strategy[] = (['global', 'random'] as const).flatMap((folding) => [
  { name: `${folding}/richardson[1,3,5]`, folding, scaleFactors: [1, 3, 5], factory: new RichardsonFactory() },
  { name: `${folding}/linear[1,3,5]`, folding, scaleFactors: [1, 3, 5], factory: new LinearFactory() },
  { name: `${folding}/exp(0)[1,3,5]`, folding, scaleFactors: [1, 3, 5], factory: new ExpFactory({ asymptote: 0 }) },
  { name: `${folding}/richardson[1,2,3]`, folding, scaleFactors: [1, 2, 3], factory: new RichardsonFactory() },
]);

/**
 * Depolarizing probability after every gate, per circuit family, chosen so that the unmitigated
 * error is 0.05-0.2 (the regime: at least 0.05; mirror circuits have ~10x the gates).
 */
const P_GHZ = 0.01;
const P_MIRROR = 0.0015;

/** Noise-free and depolarizing backends (density matrix: exact noisy expectations and shot distributions). */
function backends(p: number): { noisy: StatevectorBackend } {
  return { noisy: new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: p }] }, noiseMethod: 'density-matrix' }) };
}

/**
 * ZNE on GHZ (4-8 qubits) and mirror circuits (2 x 5 layers) under depolarizing noise: ideal,
 * noisy and mitigated values and the improvement factor |ideal - noisy| / |ideal - mitigated|,
 * exact (density matrix) and with 10^4 shots per scale factor; then medians per strategy.
 */
export async function* zneBench(quick: boolean): AsyncGenerator<BenchRecord> {
  const circuits: { c: BenchCircuit; p: number }[] = [
    ...(quick ? [4, 6] : [4, 5, 6, 7, 8]).map((n) => ({ c: ghzCircuit(n), p: P_GHZ })),
    ...(quick ? [[4, 0]] : [[4, 0], [4, 1], [4, 2], [6, 0], [6, 1], [6, 2]]).map(([n, s]) => ({ c: mirrorCircuit(n!, 5, s!), p: P_MIRROR })),
  ];
  const shotSeeds = quick ? 2 : 5;
  const shots = 10_000;
  const exact = new Map<string, number[]>();
  const withShots = new Map<string, number[]>();
  const push = (m: Map<string, number[]>, family: string, k: string, v: number): void => {
    for (const f of [family, 'all']) (m.get(`${f}|${k}`) ?? m.set(`${f}|${k}`, []).get(`${f}|${k}`)!).push(v);
  };
  for (const { c, p } of circuits) {
    const { noisy } = backends(p);
    const family = c.name.split('-')[0]!;
    try {
      const exec = { circuit: c.circuit, params: [] };
      const unmitigated = noisy.expectation(exec, [c.observable])[0]!;
      const sizes = { circuit: c.name, qubits: c.circuit.numQubits, gates: c.circuit.ops.length, depolarizing: p };
      yield record('zne', sizes, 'noisy-error', round(Math.abs(c.ideal - unmitigated)), 'abs', { ideal: c.ideal, noisy: round(unmitigated) });
      for (const s of STRATEGIES) {
        const opts = { scaleFactors: s.scaleFactors, folding: s.folding, factory: s.factory, seed: 1 };
        let mitigated: number;
        try {
          mitigated = executeWithZne(c.circuit, (f) => noisy.expectation({ circuit: f, params: [] }, [c.observable]), opts)[0]!;
        } catch {
          mitigated = Number.NaN; // an extrapolation that does not apply (e.g. exp across the asymptote)
        }
        const improvement = Math.abs(c.ideal - unmitigated) / Math.abs(c.ideal - mitigated);
        if (Number.isFinite(mitigated)) push(exact, family, s.name, improvement);
        yield record('zne', { ...sizes, strategy: s.name, shots: 'exact' }, 'improvement', round(improvement), 'x', { ideal: c.ideal, noisy: round(unmitigated), mitigated: round(mitigated) });
        if (s.scaleFactors[1] !== 3) continue;
        // Finite shots: 10^4 per scale factor, the unmitigated estimate from 10^4 shots at scale 1.
        for (let seed = 0; seed < shotSeeds; seed++) {
          let k = 0;
          const est = (f: typeof c.circuit): number => shotExpectation(noisy, { circuit: f, params: [] }, [c.observable], shots, 1000 * seed + 10 * k++)[0]!;
          const noisyShots = shotExpectation(noisy, exec, [c.observable], shots, 1000 * seed + 999)[0]!;
          let m: number;
          try {
            m = executeWithZne(c.circuit, est, opts)[0]!;
          } catch {
            m = Number.NaN; // exp: shot estimates on both sides of the asymptote
          }
          const imp = Math.abs(c.ideal - noisyShots) / Math.abs(c.ideal - m);
          if (Number.isFinite(m)) push(withShots, family, s.name, imp);
          yield record('zne', { ...sizes, strategy: s.name, shots, seed }, 'improvement', round(imp), 'x', { ideal: c.ideal, noisy: round(noisyShots), mitigated: round(m) });
        }
      }
    } finally {
      noisy.dispose();
    }
  }
  for (const family of ['all', 'ghz', 'mirror']) {
    for (const s of STRATEGIES) {
      const e = exact.get(`${family}|${s.name}`) ?? [];
      yield record('zne-summary', { family, strategy: s.name, shots: 'exact', circuits: e.length }, 'median-improvement', round(median(e), 4), 'x', { min: round(Math.min(...e), 4), max: round(Math.max(...e), 4) });
      const w = withShots.get(`${family}|${s.name}`);
      if (w) yield record('zne-summary', { family, strategy: s.name, shots, runs: w.length }, 'median-improvement', round(median(w), 4), 'x', { min: round(Math.min(...w), 4), max: round(Math.max(...w), 4) });
    }
  }
}
