import { type Observable, ValidationError, describeValue, observable } from '@hqml/core';

/**
 * What the quantum layer outputs:
 * - `z`: <Z_i> per qubit (Q values);
 * - `zz`: <Z_i> per qubit, then <Z_i Z_j> for i < j (Q + Q(Q-1)/2 values);
 * - `probabilities`: the 2^Q basis-state probabilities (qubit 0 = least significant bit).
 */
export type Readout = 'z' | 'zz' | 'probabilities';

/** All readouts, for validation and help. */
export const READOUTS: readonly Readout[] = ['z', 'zz', 'probabilities'];

/** Checks a readout name. */
export function validateReadout(r: unknown): asserts r is Readout {
  if (!READOUTS.includes(r as Readout)) {
    throw new ValidationError({ what: `readout is ${describeValue(r)}`, why: `known readouts are ${READOUTS.join(', ')}`, fix: "Use 'z' or 'probabilities'" });
  }
}

/** Number of values the readout produces. */
export function readoutSize(readout: Readout, qubits: number): number {
  if (readout === 'z') return qubits;
  if (readout === 'zz') return qubits + (qubits * (qubits - 1)) / 2;
  return 2 ** qubits;
}

function zString(mask: number, qubits: number): Observable {
  const factors = [];
  for (let q = 0; q < qubits; q++) if (mask & (1 << q)) factors.push({ qubit: q, pauli: 'Z' as const });
  return observable([{ coeff: 1, factors }]);
}

/**
 * The observables the backend evaluates for a readout. For `probabilities` these are the
 * 2^Q - 1 non-trivial Z strings Z_m (m = 1 .. 2^Q-1, bit q of m = Z on qubit q): every
 * basis-state probability is a fixed linear combination of them (see {@link probabilityTransform}),
 * so probabilities stay differentiable through the backend's expectation-value vjp.
 */
export function readoutObservables(readout: Readout, qubits: number): Observable[] {
  if (readout === 'probabilities') return Array.from({ length: 2 ** qubits - 1 }, (_, i) => zString(i + 1, qubits));
  const obs = Array.from({ length: qubits }, (_, q) => zString(1 << q, qubits));
  if (readout === 'zz') for (let i = 0; i < qubits; i++) for (let j = i + 1; j < qubits; j++) obs.push(zString((1 << i) | (1 << j), qubits));
  return obs;
}

/**
 * The Walsh-Hadamard map from Z-string expectations to probabilities:
 * `p_k = 2^-Q (1 + sum_{m>=1} (-1)^{popcount(k & m)} <Z_m>)`. Returns the constant row (m = 0)
 * and the `(2^Q - 1) x 2^Q` matrix for m >= 1, row-major.
 */
export function probabilityTransform(qubits: number): { readonly offset: Float32Array; readonly matrix: Float32Array } {
  const n = 2 ** qubits;
  const w = 1 / n;
  const offset = new Float32Array(n).fill(w);
  const matrix = new Float32Array((n - 1) * n);
  for (let m = 1; m < n; m++) {
    for (let k = 0; k < n; k++) {
      let v = k & m, p = 0;
      while (v) {
        p ^= 1;
        v &= v - 1;
      }
      matrix[(m - 1) * n + k] = p ? -w : w;
    }
  }
  return { offset, matrix };
}
