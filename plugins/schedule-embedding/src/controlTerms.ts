import { ValidationError, describeValue } from '@hqml/core';

/** One control term of the annealer Hamiltonian: a transverse field X_i, a longitudinal field Z_i or a coupler Z_i Z_j. */
export interface ControlTerm {
  readonly kind: 'X' | 'Z' | 'ZZ';
  /** One qubit for X and Z, two (i < j) for ZZ. */
  readonly qubits: readonly number[];
}

/** Which couplers Z_i Z_j the annealer has: every pair, nearest neighbours on a line, on a ring, or none. */
export type CouplerGraph = 'all' | 'line' | 'ring' | 'none';

/** The coupler graphs, for validation and help. */
export const COUPLER_GRAPHS: readonly CouplerGraph[] = ['all', 'line', 'ring', 'none'];

/**
 * The control terms of an n-qubit annealer: X_0..X_{n-1}, Z_0..Z_{n-1}, then the couplers of
 * `couplers` (`all`: m = 2n + n(n-1)/2 terms, the seed's set). The order fixes the meaning of
 * the schedule's columns.
 */
export function controlTerms(numQubits: number, couplers: CouplerGraph = 'all'): ControlTerm[] {
  if (!Number.isInteger(numQubits) || numQubits < 1 || numQubits > 16) {
    throw new ValidationError({ what: `numQubits is ${describeValue(numQubits)}`, why: 'the annealer is simulated as a state vector of 1 to 16 qubits', fix: 'Use e.g. 2 (the seed) or 4' });
  }
  if (!COUPLER_GRAPHS.includes(couplers)) {
    throw new ValidationError({ what: `couplers is ${describeValue(couplers)}`, why: `allowed graphs are ${COUPLER_GRAPHS.join(', ')}`, fix: 'Use "all" (every pair) or "line" (neighbours)' });
  }
  const terms: ControlTerm[] = [];
  for (let i = 0; i < numQubits; i++) terms.push({ kind: 'X', qubits: [i] });
  for (let i = 0; i < numQubits; i++) terms.push({ kind: 'Z', qubits: [i] });
  for (let i = 0; i < numQubits; i++) {
    for (let j = i + 1; j < numQubits; j++) {
      const near = j === i + 1 || (couplers === 'ring' && numQubits > 2 && i === 0 && j === numQubits - 1);
      if (couplers === 'all' || ((couplers === 'line' || couplers === 'ring') && near)) terms.push({ kind: 'ZZ', qubits: [i, j] });
    }
  }
  return terms;
}

/** A short label of a term, e.g. `X0`, `Z1`, `Z0Z2`. */
export function termLabel(t: ControlTerm): string {
  return t.kind === 'ZZ' ? `Z${t.qubits[0]}Z${t.qubits[1]}` : `${t.kind}${t.qubits[0]}`;
}
