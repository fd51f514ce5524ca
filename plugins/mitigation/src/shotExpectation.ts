import { Circuit, type Execution, type GateOp, type Observable, type QuantumBackend, ValidationError, describeValue } from '@hqml/core';

function basisKey(factors: Observable['terms'][number]['factors']): string {
  return factors.filter((f) => f.pauli !== 'Z').map((f) => `${f.pauli}${f.qubit}`).sort().join(',');
}

/**
 * Estimates expectation values from `shots` measurements per sample, as hardware would: each
 * Pauli term is measured in its eigenbasis (H before measuring X; S^dagger then H for Y), and its
 * value is the mean parity of the measured bits on its qubits. Terms that need the same basis
 * share one sampled circuit. Returns `batchSize x observables.length`, like `expectation`.
 *
 * Used to run zero-noise extrapolation with finite shots (`executeWithZne` with this as the
 * executor) and in the mitigation benchmarks.
 */
export function shotExpectation(backend: QuantumBackend, execution: Execution, observables: readonly Observable[], shots: number, seed: number): Float64Array {
  if (!Number.isSafeInteger(shots) || shots < 1) throw new ValidationError({ what: `shots is ${describeValue(shots)}`, why: 'shots are a positive integer', fix: 'Pass e.g. 10000' });
  const c = execution.circuit;
  const runs = new Map<string, Uint32Array>();
  let batch = 0;
  const outcomes = (factors: Observable['terms'][number]['factors']): Uint32Array => {
    const key = basisKey(factors);
    let out = runs.get(key);
    if (!out) {
      const extra: GateOp[] = [];
      for (const f of factors) {
        if (f.pauli === 'X') extra.push({ gate: 'H', qubits: [f.qubit], angles: [] });
        else if (f.pauli === 'Y') extra.push({ gate: 'Sdg', qubits: [f.qubit], angles: [] }, { gate: 'H', qubits: [f.qubit], angles: [] });
      }
      const circuit = extra.length === 0 ? c : new Circuit({ numQubits: c.numQubits, numParams: c.numParams, numInputs: c.numInputs, ops: [...c.ops, ...extra] });
      out = backend.sample({ ...execution, circuit }, shots, seed + runs.size);
      runs.set(key, out);
    }
    batch = out.length / shots;
    return out;
  };
  let result: Float64Array | undefined;
  observables.forEach((o, j) => {
    for (const term of o.terms) {
      const mask = term.factors.reduce((m, f) => m | (1 << f.qubit), 0);
      const out = outcomes(term.factors);
      result ??= new Float64Array(batch * observables.length);
      for (let b = 0; b < batch; b++) {
        let sum = 0;
        for (let s = 0; s < shots; s++) {
          let x = out[b * shots + s]! & mask;
          x ^= x >>> 16; x ^= x >>> 8; x ^= x >>> 4; x ^= x >>> 2; x ^= x >>> 1;
          sum += x & 1 ? -1 : 1;
        }
        result[b * observables.length + j]! += (term.coeff * sum) / shots;
      }
    }
  });
  return result ?? new Float64Array(0);
}
