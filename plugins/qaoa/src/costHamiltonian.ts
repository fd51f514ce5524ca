import { type IsingModel, type Observable, ResourceError, observable } from '@hqml/core';
import { enumerateGray } from '@hqml/anneal';

/**
 * How spins map to qubits (Qiskit's convention for binary variables, x = (1 - Z) / 2): a qubit
 * measured 1 is spin +1 (x = 1), measured 0 is spin -1, so `s_i = -Z_i` and a basis index k
 * (qubit 0 = least significant bit) is the state with `s_i = +1` exactly where bit i is set.
 * This is the order `anneal.exact` enumerates in, and it makes a warm start's `c_i` the
 * probability of measuring 1.
 */
export function spinsOfIndex(index: number, n: number, out: Int8Array = new Int8Array(n), offset = 0): Int8Array {
  for (let i = 0; i < n; i++) out[offset + i] = (index >>> i) & 1 ? 1 : -1;
  return out;
}

/**
 * The cost Hamiltonian as an observable whose expectation is the model's mean energy:
 * `H = offset - sum_i h_i Z_i + sum_{i<j} J_ij Z_i Z_j` (see {@link spinsOfIndex}).
 */
export function costObservable(model: IsingModel): Observable {
  const terms: Array<{ coeff: number; factors: Array<{ qubit: number; pauli: 'Z' }> }> = [];
  if (model.offset !== 0) terms.push({ coeff: model.offset, factors: [] });
  for (let i = 0; i < model.numVariables; i++) {
    const h = model.linear[i]!;
    if (h !== 0) terms.push({ coeff: -h, factors: [{ qubit: i, pauli: 'Z' }] });
  }
  for (let k = 0; k < model.numInteractions; k++) {
    const J = model.values[k]!;
    if (J !== 0) terms.push({ coeff: J, factors: [{ qubit: model.heads[k]!, pauli: 'Z' }, { qubit: model.tails[k]!, pauli: 'Z' }] });
  }
  if (terms.length === 0) terms.push({ coeff: 0, factors: [] });
  return observable(terms);
}

/**
 * The scale the cost layer divides the Hamiltonian by: the largest |h_i| or |J_ij| (1 for a model
 * without biases). Normalising makes the initial angles (ramp, TQA, INTERP from p = 1) mean the
 * same for a QUBO with weights in the thousands as for unit-weight Max-Cut.
 */
export function costScale(model: IsingModel): number {
  let m = 0;
  for (const v of model.linear) m = Math.max(m, Math.abs(v));
  for (const v of model.values) m = Math.max(m, Math.abs(v));
  return m > 0 ? m : 1;
}

/** Largest model whose energy diagonal (2^n float64) {@link diagonalEnergies} builds: 2^24 = 128 MiB. */
export const MAX_DIAGONAL_VARIABLES = 24;

/**
 * The energy of every basis state, indexed as the backend indexes outcomes (see
 * {@link spinsOfIndex}); computed by `anneal.exact`'s Gray-code enumeration, O(2^n * degree).
 */
export function diagonalEnergies(model: IsingModel): Float64Array {
  const n = model.numVariables;
  if (n > MAX_DIAGONAL_VARIABLES) {
    throw new ResourceError({ what: `the energy diagonal of ${n} variables has 2^${n} entries`, why: `it is built up to ${MAX_DIAGONAL_VARIABLES} variables`, fix: 'Use the expectation objective, or split the model into blocks (blockSize)' });
  }
  const out = new Float64Array(2 ** n);
  enumerateGray(model, (e, code) => {
    out[code >>> 0] = e;
  });
  return out;
}
