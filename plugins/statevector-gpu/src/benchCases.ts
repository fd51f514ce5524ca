import { type Circuit, CircuitBuilder, type QuantumBackend, pauliZ, timeInterleaved } from '@hqml/core/browser';

/** The bench cases of statevector-gpu: one-qubit gates, CNOTs (one launch each unfused) and the 10-layer circuit. */
export type BenchCase = 'gate-1q' | 'cnot' | 'layers10';

/** The 10-layer circuit (as in the `statevector` suite): RX on every qubit, then CZ on neighbours, 10 times. */
export function layers10Circuit(n: number, layers = 10): Circuit {
  const g = new CircuitBuilder(n);
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) g.rx(q, 0.3 + 0.1 * l + 0.01 * q);
    for (let q = 0; q + 1 < n; q++) g.cz(q, q + 1);
  }
  return g.build();
}

/** The circuit of a bench case at n qubits and its gate count (gate cases: n gates, 8 from n = 22). */
export function benchCircuit(c: BenchCase, n: number): { readonly circuit: Circuit; readonly gates: number } {
  if (c === 'layers10') return { circuit: layers10Circuit(n), gates: 10 * (2 * n - 1) };
  const G = n >= 22 ? 8 : n;
  const b = new CircuitBuilder(n);
  for (let i = 0; i < G; i++) {
    if (c === 'gate-1q') b.rx((i * 5) % n, 0.1 + i);
    else b.cnot(i % n, (i + 1 + Math.floor(i / n)) % n);
  }
  return { circuit: b.build(), gates: G };
}

/** The most runs per timing {@link perGateMs} makes (2^16: 20 ms of a 12-qubit circuit on any engine here takes far fewer). */
const MAX_INNER = 2 ** 16;

/** Options of {@link perGateMs}. */
export interface PerGateOptions {
  /**
   * Repeat each timed step until one timing spans at least this many milliseconds (default 0:
   * one run per step). For browsers, whose clocks are coarse (Chromium's `performance.now()`
   * moves in 100 µs steps in a page that is not cross-origin isolated): a circuit that takes
   * 0.1 ms would otherwise be timed as 0 or 0.2 ms.
   */
  readonly minStepMs?: number;
}

/**
 * Per-gate time in ms: (time of the circuit - time of the empty circuit) / gates, so set-up and
 * read-out cancel; the two are timed interleaved (core's `timeInterleaved`), after a warm-up round
 * (kernels built, modules compiled) below n = 22. From n = 22 a round takes minutes and the
 * kernels are already built by the smaller sizes, so those are timed once. With `minStepMs`,
 * the warm-up run is timed, and both steps run the same number of times per timing (doubled from
 * 1 until the circuit's runs take that long, unless the warm-up took a second), and the result is
 * per run.
 */
export function perGateMs(b: QuantumBackend, n: number, full: Circuit, gates: number, reps: number, options: PerGateOptions = {}): number {
  const empty = new CircuitBuilder(n).build();
  const obs = [pauliZ(0)];
  const run = (c: Circuit) => b.expectation({ circuit: c, params: [] }, obs);
  const minStepMs = options.minStepMs ?? 0;
  let inner = 1;
  const timed = (runs: number) => {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) run(full);
    return performance.now() - t0;
  };
  // A warm-up run; one that takes a second or more (set-up included) needs no repeats, and its
  // warm-up is enough (a round at n = 18 on SwiftShader takes minutes). Faster ones double.
  if (minStepMs > 0 && timed(1) < 1000) while (timed(inner) < minStepMs && inner < MAX_INNER) inner *= 2;
  const repeat = (c: Circuit) => () => {
    for (let i = 0; i < inner; i++) run(c);
  };
  const [t0, t1] = timeInterleaved([repeat(empty), repeat(full)], minStepMs > 0 || n >= 22 ? 0 : 1, reps);
  return Math.max(0, t1! - t0!) / inner / gates;
}
