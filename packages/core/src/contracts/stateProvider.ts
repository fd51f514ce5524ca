import type { Execution, QuantumBackend } from './quantumBackend.js';

/** The gradient of a real function of final states with respect to a circuit's parameters and inputs. */
export interface StateVjpResult {
  /** `sum_b dL/dpsi_b . dpsi_b/dparams`, length `numParams`. */
  readonly params: Float64Array;
  /** Per sample: `dL/dpsi_b . dpsi_b/dinputs_b`, `batchSize x numInputs`, row-major. */
  readonly inputs: Float64Array;
}

/**
 * The optional ability to return final state vectors and to differentiate a real function of
 * them (a loss built from overlaps or fidelities between states, not from Pauli expectations).
 *
 * Design note: kept apart from {@link GradientProvider} because only noise-free simulators can
 * offer it: a hardware device or a noisy simulator has no state vector. Layout of states and
 * cotangents: `batchSize x 2^n`, row-major, real and imaginary parts in separate arrays, qubit 0
 * the least significant bit of the basis index. For a real loss L, the upstream cotangent is
 * `upstreamRe[b, i] = dL/dRe psi_b[i]`, `upstreamIm[b, i] = dL/dIm psi_b[i]`.
 */
export interface StateProvider {
  /** The final states of a batch (noise-free), `batchSize x 2^n` for `re` and `im`. */
  amplitudes(execution: Execution): { re: Float64Array; im: Float64Array };
  /** Vector-Jacobian product of the final states with the cotangent `(upstreamRe, upstreamIm)`. */
  stateVjp(execution: Execution, upstreamRe: ArrayLike<number>, upstreamIm: ArrayLike<number>): StateVjpResult;
}

/** Capability query: can this backend give final states and their vector-Jacobian products? */
export function isStateProvider(backend: QuantumBackend): backend is QuantumBackend & StateProvider {
  const b = backend as Partial<StateProvider>;
  return typeof b.amplitudes === 'function' && typeof b.stateVjp === 'function';
}
