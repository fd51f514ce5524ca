import { type Observable, type PauliTerm, observable } from '../circuit/observable.js';
import { type NoiseModel, readoutOf } from './noiseModel.js';

/**
 * The observable whose exact expectation equals what a readout-noisy measurement of `obs`
 * reports. A Pauli string is measured in its eigenbasis; the measured sign of qubit q is
 * `g_q(bit)` with `g(0) = 1 - 2 p10`, `g(1) = -(1 - 2 p01)`. Writing `g = a + b Z` gives
 * `a = p01 - p10`, `b = 1 - p01 - p10`, and the product over the string expands into its
 * substrings: `sum_S prod_{q in S} b_q prod_{q not in S} a_q P_S`.
 */
export function readoutObservable(obs: Observable, model: NoiseModel): Observable {
  const terms: PauliTerm[] = [];
  for (const term of obs.terms) {
    const f = term.factors;
    if (f.length > 20) throw new RangeError('readout expansion of a Pauli string longer than 20 factors');
    for (let mask = 0; mask < 2 ** f.length; mask++) {
      let c = term.coeff;
      const kept = [];
      for (let j = 0; j < f.length; j++) {
        const r = readoutOf(model, f[j]!.qubit);
        if (mask & (1 << j)) {
          c *= 1 - r.p01 - r.p10;
          kept.push(f[j]!);
        } else c *= r.p01 - r.p10;
      }
      if (c !== 0) terms.push({ coeff: c, factors: kept });
    }
  }
  return observable(terms.length > 0 ? terms : [{ coeff: 0, factors: [] }]);
}

/** Applies readout confusion to probabilities (rows x 2^k, qubits[j] = bit j), in place. */
export function applyReadoutToProbabilities(p: Float64Array, rows: number, qubits: readonly number[], model: NoiseModel): void {
  const K = 2 ** qubits.length;
  qubits.forEach((q, j) => {
    const { p01, p10 } = readoutOf(model, q);
    if (p01 === 0 && p10 === 0) return;
    const bit = 2 ** j;
    for (let r = 0; r < rows; r++) {
      const base = r * K;
      for (let i = 0; i < K; i++) {
        if (i & bit) continue;
        const p0 = p[base + i]!, p1 = p[base + i + bit]!;
        p[base + i] = (1 - p10) * p0 + p01 * p1;
        p[base + i + bit] = p10 * p0 + (1 - p01) * p1;
      }
    }
  });
}
