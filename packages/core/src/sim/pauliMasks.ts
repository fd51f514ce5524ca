import type { PauliTerm } from '../circuit/observable.js';

/**
 * Bit masks of a Pauli string: `x` flips (X and Y), `z` signs (Z and Y), `ny` the number of Y
 * factors (mod 4), with the term's coefficient. Qubit q is bit q of a basis index.
 */
export interface PauliMasks {
  readonly x: number;
  readonly z: number;
  readonly ny: number;
  readonly coeff: number;
}

/** Masks of a term; P|i> = i^ny (-1)^popcount(i & z) |i ^ x>. */
export function pauliMasks(term: PauliTerm): PauliMasks {
  let x = 0, z = 0, ny = 0;
  for (const f of term.factors) {
    const bit = 2 ** f.qubit;
    if (f.pauli === 'X') x += bit;
    else if (f.pauli === 'Z') z += bit;
    else {
      x += bit;
      z += bit;
      ny++;
    }
  }
  return { x, z, ny: ny % 4, coeff: term.coeff };
}
