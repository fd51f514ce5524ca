/**
 * The gate set of the circuit IR. Names follow the common upper-case spelling (Qiskit / the
 * issue tracker); OpenQASM 2 names map onto these in the QASM module.
 *
 * Conventions (the same as Qiskit and PennyLane):
 * - RX(t) = exp(-i t X / 2), likewise RY, RZ; RXX(t) = exp(-i t X⊗X / 2), likewise RYY, RZZ.
 * - P(l) = diag(1, e^{i l}); U3(t, p, l) = [[cos(t/2), -e^{il} sin(t/2)], [e^{ip} sin(t/2), e^{i(p+l)} cos(t/2)]].
 * - Controlled gates list the control first: CNOT [control, target].
 * - Qubit 0 is the least significant bit of a basis-state index.
 */
export interface GateSpec {
  /** Number of qubits the gate acts on. */
  readonly arity: 1 | 2;
  /** Number of angles the gate takes. */
  readonly angles: number;
  /** Short description for help texts. */
  readonly doc: string;
}

export const GATES = {
  I: { arity: 1, angles: 0, doc: 'identity' },
  H: { arity: 1, angles: 0, doc: 'Hadamard' },
  X: { arity: 1, angles: 0, doc: 'Pauli X' },
  Y: { arity: 1, angles: 0, doc: 'Pauli Y' },
  Z: { arity: 1, angles: 0, doc: 'Pauli Z' },
  S: { arity: 1, angles: 0, doc: 'phase sqrt(Z)' },
  Sdg: { arity: 1, angles: 0, doc: 'adjoint of S' },
  T: { arity: 1, angles: 0, doc: 'pi/8 gate sqrt(S)' },
  Tdg: { arity: 1, angles: 0, doc: 'adjoint of T' },
  SX: { arity: 1, angles: 0, doc: 'sqrt(X)' },
  RX: { arity: 1, angles: 1, doc: 'rotation exp(-i t X/2)' },
  RY: { arity: 1, angles: 1, doc: 'rotation exp(-i t Y/2)' },
  RZ: { arity: 1, angles: 1, doc: 'rotation exp(-i t Z/2)' },
  P: { arity: 1, angles: 1, doc: 'phase diag(1, e^{i l})' },
  U3: { arity: 1, angles: 3, doc: 'general single-qubit rotation U3(theta, phi, lambda)' },
  CNOT: { arity: 2, angles: 0, doc: 'controlled X [control, target]' },
  CZ: { arity: 2, angles: 0, doc: 'controlled Z' },
  SWAP: { arity: 2, angles: 0, doc: 'swap two qubits' },
  CRX: { arity: 2, angles: 1, doc: 'controlled RX [control, target]' },
  CRY: { arity: 2, angles: 1, doc: 'controlled RY [control, target]' },
  CRZ: { arity: 2, angles: 1, doc: 'controlled RZ [control, target]' },
  RXX: { arity: 2, angles: 1, doc: 'exp(-i t X⊗X/2)' },
  RYY: { arity: 2, angles: 1, doc: 'exp(-i t Y⊗Y/2)' },
  RZZ: { arity: 2, angles: 1, doc: 'exp(-i t Z⊗Z/2)' },
} as const satisfies Record<string, GateSpec>;

/** Name of a unitary gate of the IR. */
export type GateName = keyof typeof GATES;

/** All gate names, for error messages and help. */
export const GATE_NAMES: readonly GateName[] = Object.freeze(Object.keys(GATES) as GateName[]);

/** True when `name` is a gate of the IR. */
export function isGateName(name: string): name is GateName {
  return Object.prototype.hasOwnProperty.call(GATES, name);
}
