import type { BenchRecord, BenchSuite } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { benchCircuit, layers10Circuit, perGateMs } from './benchCases.js';
import { type GpuMode, supportedModes } from './gpuRuntime.js';
import { StatevectorGpu } from './statevectorGpu.js';

const SUITE = 'statevector-gpu';

function record(c: string, sizes: Record<string, number | string>, threads: number, metric: string, value: number, unit: string): BenchRecord {
  return { suite: SUITE, case: c, n: sizes['n'], sizes, threads, metric, value: Number(value.toPrecision(4)), unit };
}

/** The gpu.js modes that run here, by the mode they resolve to: what gpu.js picks, then its CPU (JavaScript) kernels. */
function modesHere(): GpuMode[] {
  const s = supportedModes();
  const gl: GpuMode[] = (['headlessgl', 'webgl2', 'webgl'] as const).filter((m) => s[m]);
  return [...gl, ...(s.webasm ? (['webasm'] as const) : []), 'cpu'];
}

/** The peers: the statevector WebAssembly single-state engine gate by gate (no fusion, no cache blocking), and as it runs by default. */
interface Peers {
  readonly gate: StatevectorBackend;
  readonly circuit: StatevectorBackend;
}

function* cases(mode: GpuMode, threads: number, sizes: readonly number[], layerSizes: readonly number[], peers: Peers): Generator<BenchRecord> {
  // one launch per gate: the cost of a gate on its own
  const single = new StatevectorGpu({ mode, fusion: false });
  const fused = new StatevectorGpu({ mode });
  const running = single.capabilities['mode'] as string;
  try {
    for (const n of sizes) {
      const reps = n >= 22 ? 1 : 3;
      for (const name of ['gate-1q', 'cnot'] as const) {
        const { circuit, gates: G } = benchCircuit(name, n);
        const sizesRec = { n, mode: running, precision: 'complex64' };
        const t = perGateMs(single, n, circuit, G, reps);
        const p = perGateMs(peers.gate, n, circuit, G, 3);
        yield record(name, sizesRec, 1, 'time-per-gate', t, 'ms');
        yield record(`${name}-statevector-wasm-peer`, { n, engine: 'large-wasm', fusion: 'off', cacheBlocking: 'off', precision: 'complex128' }, threads, 'time-per-gate', p, 'ms');
        yield record(`${name}-vs-statevector-wasm`, sizesRec, threads, 'time-ratio', t / p, 'x');
      }
    }
    for (const n of layerSizes) {
      const c = layers10Circuit(n);
      const gates = 10 * (2 * n - 1);
      const reps = n >= 22 ? 1 : 3;
      const sizesRec = { n, layers: 10, gates, mode: running, precision: 'complex64' };
      const t = perGateMs(fused, n, c, gates, reps);
      const p = perGateMs(peers.circuit, n, c, gates, 3);
      yield record('layers10', sizesRec, 1, 'time-per-gate', t, 'ms');
      yield record('layers10', sizesRec, 1, 'time-per-circuit', t * gates, 'ms');
      yield record('layers10-statevector-wasm-peer', { n, layers: 10, gates, engine: 'large-wasm', precision: 'complex128' }, threads, 'time-per-gate', p, 'ms');
      yield record('layers10-vs-statevector-wasm', sizesRec, threads, 'time-ratio', t / p, 'x');
    }
  } finally {
    single.dispose();
    fused.dispose();
  }
}

/**
 * `hqml bench statevector-gpu`: the time of a one-qubit gate and of a CNOT (one launch each) and
 * of the 10-layer circuit (fused blocks), per gate, at n = 12..24, in every gpu.js mode that runs
 * here, each next to the `statevector` backend's WebAssembly single-state engine (complex128,
 * `engine: 'large-wasm'`, threads as given, default 1; gate by gate for the gate cases, with its
 * fusion and cache blocking for the circuit) measured in the same run, with their ratio. `quick`: n = 12 and 16. gpu.js's JavaScript (cpu) mode stops at n = 20 (n = 24 would
 * take most of an hour).
 */
export const statevectorGpuBenchSuite: BenchSuite = {
  name: SUITE,
  description: 'GPU statevector on gpu.js: gate and 10-layer-circuit times (n = 12..24) in every mode that runs, next to the statevector WebAssembly engine',
  async *run({ quick, threads }) {
    const t = threads ?? 1;
    const peers = { gate: new StatevectorBackend({ threads: t, engine: 'large-wasm', fusion: false, cacheBlocking: false }), circuit: new StatevectorBackend({ threads: t, engine: 'large-wasm' }) };
    try {
      for (const mode of modesHere()) {
        const slow = mode === 'cpu';
        const sizes = quick ? [12, 16] : slow ? [12, 16, 20] : [12, 16, 20, 22, 24];
        yield* cases(mode, t, sizes, sizes, peers);
      }
    } finally {
      peers.gate.dispose();
      peers.circuit.dispose();
    }
  },
};
