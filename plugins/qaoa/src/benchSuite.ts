import { type BenchRecord, type BenchSuite, CircuitBuilder, IsingModel, median, pauliZ } from '@hqml/core';
import { ExactSolver, SimulatedAnnealer } from '@hqml/anneal';
import { StatevectorBackend } from '@hqml/statevector';
import { costObservable } from './costHamiltonian.js';
import { type Graph, maxCutModel, randomRegularGraph } from './graphs.js';
import { QaoaAnnealer } from './qaoaAnnealer.js';
import { buildQaoaCircuit } from './qaoaCircuit.js';

const SUITE = 'qaoa';

function rec(c: string, sizes: Record<string, number | string>, threads: number, metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): BenchRecord {
  return { suite: SUITE, case: c, sizes, threads, metric, value: Number(value.toPrecision(5)), unit, ...extra };
}

function stats(xs: readonly number[]): { mean: number; min: number; max: number; std: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, min: Math.min(...xs), max: Math.max(...xs), std };
}

function round(x: number): number {
  return Number(x.toPrecision(5));
}

/** Lowest and highest energy of a model, by anneal.exact (the highest as the lowest of -E). */
async function spectrumBounds(model: IsingModel): Promise<{ lo: number; hi: number }> {
  const exact = new ExactSolver();
  const lo = (await exact.sample(model, { numReads: 1 })).first.energy;
  const neg = IsingModel.from({ h: Array.from(model.linear, (v) => -v), J: model.interactions().map((t) => [t.i, t.j, -t.value] as [number, number, number]), offset: -model.offset, numVariables: model.numVariables });
  const hi = -(await exact.sample(neg, { numReads: 1 })).first.energy;
  return { lo, hi };
}

/** The graphs of one size: 3-regular, seeds 1..count (the same graphs in every run). */
function graphsOf(n: number, count: number): Graph[] {
  return Array.from({ length: count }, (_, k) => randomRegularGraph(n, 3, 1000 * n + k + 1));
}

/** Median time (ms) of `fn` over `reps` runs after one warm-up run. */
function timeMs(fn: () => void, reps: number): number {
  fn();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/**
 * `hqml bench qaoa`: QAOA on the statevector backend, Max-Cut on random 3-regular graphs.
 * Cases, cheapest first (records stream as each finishes):
 * - `work-per-step`: one forward pass (expectation of the cost Hamiltonian) and one adjoint VJP of
 *   the p = 3 circuit at n = 16 and 20, against the time of one single-qubit gate on the same
 *   backend measured in the same run (the statevector suite's `gate-1q`: G RX gates minus none);
 * - `optimise-p3`: INTERP to p = 3 at n = 16 and 20 with the backend's adjoint gradient and with
 *   central differences of its expectation values: wall time, backend and optimiser shares;
 * - `warm-start`: p = 1..3, cold vs warm start (eps 0.25) from a rough classical cut (one read of
 *   `anneal.sa` with 3 sweeps), n = 12 and 14, 10 graphs each;
 * - `approximation-ratio`: INTERP p = 1..5, n = 12, 14, ..., 20, 10 graphs per size, against the
 *   exact optimum (`anneal.exact`): (E_max - <E>) / (E_max - E_min), for Max-Cut <cut> / max cut.
 * `--quick`: n = 8 and 10, 3 graphs, p <= 3. `HQML_QAOA_BENCH_CASES` (comma-separated case names)
 * runs only those cases. The warm-start and approximation-ratio cases measure quality, so they
 * optimise with central differences of expectation values (`finite-diff`), which reach the same
 * optimum as the adjoint gradient (the `optimise-p3` case shows both) in a third of the time on
 * statevector from 16 qubits.
 */
export const qaoaBenchSuite: BenchSuite = {
  name: SUITE,
  description: 'QAOA on statevector: approximation ratio p = 1..5 (INTERP) vs anneal.exact, warm-start gain, time to optimise p = 3, work per step vs gate rate',
  async *run({ quick, threads }) {
    const t = threads ?? 1;
    const only = process.env['HQML_QAOA_BENCH_CASES']?.split(',').map((c) => c.trim());
    const runs = (name: string): boolean => only === undefined || only.includes(name);
    const backend = new StatevectorBackend({ threads: t });
    const annealer = new QaoaAnnealer(backend);
    try {
      const stepSizes = quick ? [10, 12] : [16, 20];
      for (const n of runs('work-per-step') ? stepSizes : []) {
        const model = maxCutModel(randomRegularGraph(n, 3, 1));
        const circuit = buildQaoaCircuit(model, { p: 3 });
        const obs = [costObservable(model)];
        const params = [0.2, 0.4, 0.6, 0.6, 0.4, 0.2];
        const reps = n >= 20 ? 3 : 7;
        const forward = timeMs(() => backend.expectation({ circuit, params }, obs), reps);
        const vjp = timeMs(() => backend.vjp({ circuit, params }, obs, [1]), n >= 20 ? 1 : 3);
        const gates = 24;
        const g = new CircuitBuilder(n);
        for (let k = 0; k < gates; k++) g.rx(k % n, 0.1 + 0.01 * k);
        const full = g.build();
        const empty = new CircuitBuilder(n).build();
        const z = [pauliZ(0)];
        const gateMs = Math.max(0, timeMs(() => backend.expectation({ circuit: full, params: [] }, z), reps) - timeMs(() => backend.expectation({ circuit: empty, params: [] }, z), reps)) / gates;
        const sizes = { n, p: 3, gates: circuit.ops.length };
        yield rec('work-per-step', sizes, t, 'forward-ms', forward, 'ms');
        yield rec('work-per-step', sizes, t, 'vjp-ms', vjp, 'ms');
        yield rec('work-per-step', sizes, t, 'gate-1q-ms', gateMs, 'ms', { peer: 'one RX gate on the same backend, same run' });
        yield rec('work-per-step', sizes, t, 'forward-gate-equivalents', forward / gateMs, 'gates', { circuitGates: circuit.ops.length });
        yield rec('work-per-step', sizes, t, 'vjp-gate-equivalents', vjp / gateMs, 'gates', { circuitGates: circuit.ops.length });
      }

      for (const n of runs('optimise-p3') ? stepSizes : []) {
        for (const gradientMethod of ['adjoint', 'finite-diff'] as const) {
          const model = maxCutModel(randomRegularGraph(n, 3, 1));
          const ss = await annealer.sample(model, { p: 3, init: 'interp', seed: 1, numReads: 100, gradientMethod });
          const timing = ss.info.timing as Record<string, number>;
          const evaluations = ss.info['evaluations'] as number;
          const sizes = { n, p: 3, init: 'interp', gradient: gradientMethod };
          const extra = { backendSeconds: round(timing['backendSeconds']!), optimizerSeconds: round(timing['optimizerSeconds']!), evaluations, msPerEvaluation: round((1000 * timing['backendSeconds']!) / evaluations), optimizer: ss.info['optimizer'], gradientMethod: ss.info['gradientMethod'] };
          yield rec('optimise-p3', sizes, t, 'wall', timing['optimizeSeconds']!, 's', extra);
          yield rec('optimise-p3', sizes, t, 'backend-share', timing['backendSeconds']! / timing['optimizeSeconds']!, 'fraction', extra);
          yield rec('optimise-p3', sizes, t, 'approximation-ratio', ss.info['approximationRatio'] as number, 'ratio', extra);
        }
      }

      const graphsPerSize = quick ? 3 : 10;
      const maxP = quick ? 3 : 5;
      const sa = new SimulatedAnnealer({ numThreads: 1 });
      for (const n of !runs('warm-start') ? [] : quick ? [8, 10] : [12, 14]) {
        const byP = new Map<number, { cold: number[]; warm: number[] }>();
        const classical: number[] = [];
        for (const [k, graph] of graphsOf(n, graphsPerSize).entries()) {
          const model = maxCutModel(graph);
          const { lo, hi } = await spectrumBounds(model);
          const ratio = (e: number): number => (hi - e) / (hi - lo);
          const rough = (await sa.sample(model, { numReads: 1, numSweeps: 3, seed: k })).first;
          classical.push(ratio(rough.energy));
          const c = Array.from(rough.sample, (s) => (s > 0 ? 1 : 0));
          for (let p = 1; p <= 3; p++) {
            const cold = await annealer.sample(model, { p, seed: k, numReads: 1, gradientMethod: 'finite-diff' });
            const warm = await annealer.sample(model, { p, seed: k, numReads: 1, warmStart: c, gradientMethod: 'finite-diff' });
            const entry = byP.get(p) ?? { cold: [], warm: [] };
            entry.cold.push(ratio(cold.info['expectation'] as number));
            entry.warm.push(ratio(warm.info['expectation'] as number));
            byP.set(p, entry);
          }
        }
        const cs = stats(classical);
        for (const [p, e] of byP) {
          const cold = stats(e.cold);
          const warm = stats(e.warm);
          const gains = stats(e.warm.map((w, i) => w - e.cold[i]!));
          yield rec('warm-start', { n, p, graphs: graphsPerSize, epsilon: 0.25 }, t, 'gain', gains.mean, 'ratio', { gainStd: round(gains.std), coldMean: round(cold.mean), warmMean: round(warm.mean), classicalStartMean: round(cs.mean) });
        }
      }
      await sa.dispose();

      for (const n of !runs('approximation-ratio') ? [] : quick ? [8, 10] : [12, 14, 16, 18, 20]) {
        const ratios = Array.from({ length: maxP }, () => [] as number[]);
        const seconds: number[] = [];
        for (const graph of graphsOf(n, graphsPerSize)) {
          const model = maxCutModel(graph);
          const { lo, hi } = await spectrumBounds(model);
          const ss = await annealer.sample(model, { p: maxP, init: 'interp', seed: 1, numReads: 1, gradientMethod: 'finite-diff' });
          const history = ss.info['history'] as Array<{ p: number; objective: number }>;
          for (const h of history) ratios[h.p - 1]!.push((hi - h.objective) / (hi - lo));
          seconds.push((ss.info.timing as Record<string, number>)['optimizeSeconds']!);
        }
        for (let p = 1; p <= maxP; p++) {
          const s = stats(ratios[p - 1]!);
          yield rec('approximation-ratio', { n, p, graphs: graphsPerSize, init: 'interp' }, t, 'mean', s.mean, 'ratio', { min: round(s.min), max: round(s.max), std: round(s.std) });
        }
        yield rec('approximation-ratio', { n, p: maxP, graphs: graphsPerSize, init: 'interp' }, t, 'seconds-per-graph', median(seconds), 's', { note: `INTERP p = 1..${maxP}, median over graphs` });
      }
    } finally {
      backend.dispose();
    }
  },
};
