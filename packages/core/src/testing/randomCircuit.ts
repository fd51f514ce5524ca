import { type AngleLike, addAngles, input, param } from '../circuit/angle.js';
import { type Circuit, CircuitBuilder } from '../circuit/circuit.js';
import { type GateName, GATES } from '../circuit/gates.js';
import { Rng } from '../rng.js';

/** The unitary gates of the IR, for random circuits (identity excluded). */
export const RANDOM_GATES: readonly GateName[] = ['H', 'X', 'Y', 'Z', 'S', 'Sdg', 'T', 'Tdg', 'SX', 'RX', 'RY', 'RZ', 'P', 'U3', 'CNOT', 'CZ', 'SWAP', 'CRX', 'CRY', 'CRZ', 'RXX', 'RYY', 'RZZ'];

/** Options of {@link randomCircuit}. */
export interface RandomCircuitOptions {
  readonly numParams?: number;
  readonly numInputs?: number;
  /** Use only constant angles (for oracles that do not know parameters). */
  readonly constantAngles?: boolean;
  /** Draw from these gates only (default {@link RANDOM_GATES}). */
  readonly gates?: readonly GateName[];
}

/**
 * A seeded random circuit over every gate of the IR, with affine angles of parameters and inputs:
 * what backends are checked against each other with (engine against engine, float32 against float64).
 */
export function randomCircuit(n: number, depth: number, seed: number, options: RandomCircuitOptions = {}): Circuit {
  const rng = Rng.from(seed);
  const P = options.numParams ?? 0;
  const I = options.numInputs ?? 0;
  const b = new CircuitBuilder(n, { numParams: P, numInputs: I });
  const angle = (): AngleLike => {
    const c = (rng.float() - 0.5) * 4;
    if (options.constantAngles) return c;
    const pick = rng.int(4);
    if (pick === 0 && P > 0) return addAngles(c, param(rng.int(P), 0.5 + rng.float()));
    if (pick === 1 && I > 0) return addAngles(c, input(rng.int(I), 0.5 + rng.float()));
    if (pick === 2 && P > 0 && I > 0) return addAngles(param(rng.int(P)), input(rng.int(I), -1.3));
    return c;
  };
  const pool = options.gates ?? RANDOM_GATES;
  const gates = n >= 2 ? pool : pool.filter((g) => GATES[g].arity === 1);
  for (let k = 0; k < depth; k++) {
    const g = gates[rng.int(gates.length)]!;
    const spec = GATES[g];
    const q0 = rng.int(n);
    let qubits = [q0];
    if (spec.arity === 2) {
      let q1 = rng.int(n - 1);
      if (q1 >= q0) q1++;
      qubits = [q0, q1];
    }
    b.gate(g, qubits, Array.from({ length: spec.angles }, angle));
  }
  return b.build();
}

/** Seeded random numbers in [-2, 2). */
export function randomValues(count: number, seed: number): number[] {
  const rng = Rng.from(seed);
  return Array.from({ length: count }, () => (rng.float() - 0.5) * 4);
}
