import type { Circuit } from '../circuit/circuit.js';
import type { Observable } from '../circuit/observable.js';
import { UnsupportedError } from '../errors.js';

/** What a backend can do, declared up front so that callers choose before spending compute. */
export interface BackendCapabilities {
  /** Largest qubit count the backend accepts (memory permitting). */
  readonly maxQubits: number;
  /** Whether a noise model is simulated. */
  readonly noise: boolean;
  /** Whether `sample` draws shots. */
  readonly shots: boolean;
  /** `simulator` or `hardware`. */
  readonly deviceKind: 'simulator' | 'hardware';
  /** Free-form extras (precision, threads, ...). */
  readonly [key: string]: unknown;
}

/**
 * One batched execution: a circuit, its trainable parameters (shared by all samples) and the
 * per-sample inputs (row-major, `batchSize x circuit.numInputs`).
 */
export interface Execution {
  readonly circuit: Circuit;
  readonly params: ArrayLike<number>;
  /** Row-major per-sample inputs; may be omitted when the circuit has no inputs. */
  readonly inputs?: ArrayLike<number>;
  /** Number of samples; defaults to `inputs.length / numInputs`, or 1 without inputs. */
  readonly batchSize?: number;
}

/**
 * A quantum backend: runs a circuit for a batch of samples.
 *
 * Design note: the methods are synchronous on purpose. The quantum layer runs inside a TF.js
 * gradient tape (`tf.customGrad`), which needs its forward value synchronously; a backend that
 * uses worker threads blocks on `Atomics.wait`, which Node allows on the main thread. Remote
 * hardware, which is asynchronous by nature, belongs behind the `Annealer` contract or a future
 * async contract, not this one.
 */
export interface QuantumBackend {
  /** The stable short id, e.g. `statevector`. */
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  /** Expectation values, `batchSize x observables.length`, row-major. */
  expectation(execution: Execution, observables: readonly Observable[]): Float64Array;
  /**
   * Basis-state probabilities of `qubits` (default: all), `batchSize x 2^k`, row-major.
   * Qubit `qubits[0]` is the least significant bit of the outcome index (Qiskit's order).
   */
  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array;
  /**
   * `shots` measurement outcomes per sample of all qubits, `batchSize x shots`, each a basis
   * index (qubit 0 = least significant bit). The same seed gives the same outcomes.
   */
  sample(execution: Execution, shots: number, seed: number): Uint32Array;
  /** Releases workers and buffers. */
  dispose?(): void;
}

/** Ways to compute gradients; see {@link resolveGradientMethod}. */
export type GradientMethod = 'adjoint' | 'parameter-shift' | 'finite-diff';

/** The result of a vector-Jacobian product. */
export interface VjpResult {
  /** The forward expectation values, `batchSize x O` (computed on the way). */
  readonly value: Float64Array;
  /** `sum_b sum_o upstream[b,o] * d value[b,o] / d params`, length `numParams`. */
  readonly params: Float64Array;
  /** `upstream[b,:] . d value[b,:] / d inputs[b,:]`, `batchSize x numInputs`. */
  readonly inputs: Float64Array;
}

/**
 * Expectation values with their vector-Jacobian product deferred: what a gradient tape needs
 * (the value now, the VJP once the upstream gradient is known) without running the forward
 * pass twice. See {@link GradientProvider.expectationWithVjp}.
 */
export interface ExpectationWithVjp {
  /** The expectation values, `batchSize x O`, row-major. */
  readonly value: Float64Array;
  /**
   * The VJP of `value` with `upstream` (`batchSize x O`), as {@link GradientProvider.vjp} with
   * the same execution, observables and method would give it. May be called more than once.
   */
  vjp(upstream: ArrayLike<number>): VjpResult;
}

/**
 * The optional ability to differentiate expectation values (PennyLane's device derivatives).
 * Backends that have it declare which methods they support.
 */
export interface GradientProvider {
  readonly gradientMethods: readonly GradientMethod[];
  /**
   * Vector-Jacobian product of `expectation(execution, observables)` with `upstream`
   * (`batchSize x O`) with respect to parameters and inputs.
   */
  vjp(execution: Execution, observables: readonly Observable[], upstream: ArrayLike<number>, method?: GradientMethod): VjpResult;
  /**
   * Optional: expectation values now and their VJP later, reusing the forward pass (an adjoint
   * backend keeps the final states). Callers feature-detect it with
   * {@link hasExpectationWithVjp} and otherwise call `expectation` then `vjp`.
   */
  expectationWithVjp?(execution: Execution, observables: readonly Observable[], method?: GradientMethod): ExpectationWithVjp;
}

/** Capability query: does this backend give gradients? */
export function isGradientProvider(backend: QuantumBackend): backend is QuantumBackend & GradientProvider {
  const b = backend as Partial<GradientProvider>;
  return typeof b.vjp === 'function' && Array.isArray(b.gradientMethods);
}

/** Capability query: can this gradient provider defer the VJP of an expectation (no second forward pass)? */
export function hasExpectationWithVjp(
  backend: GradientProvider,
): backend is GradientProvider & Required<Pick<GradientProvider, 'expectationWithVjp'>> {
  return typeof backend.expectationWithVjp === 'function';
}

/** The order in which {@link resolveGradientMethod} prefers methods: exact and cheapest first. */
export const GRADIENT_METHOD_ORDER: readonly GradientMethod[] = ['adjoint', 'parameter-shift', 'finite-diff'];

/**
 * Picks the gradient method, in one documented place:
 * 1. a requested method (other than `best`) must be supported, else an UnsupportedError lists the supported ones;
 * 2. `best` or no request picks the first supported method in {@link GRADIENT_METHOD_ORDER}
 *    (adjoint: one forward and one backward sweep; parameter-shift: exact, 2 runs per angle;
 *    finite differences: approximate, last resort).
 */
export function resolveGradientMethod(backend: QuantumBackend, requested: GradientMethod | 'best' = 'best'): GradientMethod {
  if (!isGradientProvider(backend)) {
    throw new UnsupportedError({
      what: `Backend "${backend.id}" cannot compute gradients`,
      why: 'it does not implement the GradientProvider ability',
      fix: 'Use a backend that declares gradientMethods, such as "statevector"',
    });
  }
  const supported = backend.gradientMethods;
  if (requested !== 'best') {
    if (supported.includes(requested)) return requested;
    throw new UnsupportedError({
      what: `Backend "${backend.id}" does not support gradient method "${requested}"`,
      why: `it supports ${supported.join(', ') || 'none'}`,
      fix: `Ask for one of: best, ${supported.join(', ')}`,
    });
  }
  const pick = GRADIENT_METHOD_ORDER.find((m) => supported.includes(m));
  if (!pick) {
    throw new UnsupportedError({ what: `Backend "${backend.id}" declares no known gradient method`, why: `known methods are ${GRADIENT_METHOD_ORDER.join(', ')}` });
  }
  return pick;
}
