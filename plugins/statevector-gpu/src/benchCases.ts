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

/**
 * Per-gate time in ms: (time of the circuit - time of the empty circuit) / gates, so set-up and
 * read-out cancel; the two are timed interleaved (core's `timeInterleaved`), after a warm-up round
 * (kernels built, modules compiled) below n = 22. From n = 22 a round takes minutes and the
 * kernels are already built by the smaller sizes, so those are timed once.
 */
export function perGateMs(b: QuantumBackend, n: number, full: Circuit, gates: number, reps: number): number {
  const empty = new CircuitBuilder(n).build();
  const obs = [pauliZ(0)];
  const [t0, t1] = timeInterleaved([() => b.expectation({ circuit: empty, params: [] }, obs), () => b.expectation({ circuit: full, params: [] }, obs)], n < 22 ? 1 : 0, reps);
  return Math.max(0, t1! - t0!) / gates;
}
