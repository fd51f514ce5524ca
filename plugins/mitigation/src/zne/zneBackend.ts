import {
  type BackendCapabilities, type Circuit, type Execution, type ExpectationWithVjp, type GradientMethod, type GradientProvider, type Observable,
  type QuantumBackend, type VjpResult, hasExpectationWithVjp, isGradientProvider,
} from '@hqml/core';
import { mitigatedCapabilities } from '../capabilities.js';
import { type ResolvedZneOptions, type ZneCircuits, type ZneOptions, combineResults, constructCircuits, resolveZneOptions } from './zne.js';

/** Sums VJP results, each already weighted through its upstream. */
function sumVjps(parts: readonly VjpResult[], value: Float64Array): VjpResult {
  const params = new Float64Array(parts[0]?.params.length ?? 0);
  const inputs = new Float64Array(parts[0]?.inputs.length ?? 0);
  for (const p of parts) {
    for (let i = 0; i < params.length; i++) params[i]! += p.params[i]!;
    for (let i = 0; i < inputs.length; i++) inputs[i]! += p.inputs[i]!;
  }
  return { value, params, inputs };
}

function times(upstream: ArrayLike<number>, g: Float64Array): Float64Array {
  return Float64Array.from(g, (v, i) => v * (upstream[i] as number));
}

/**
 * A `QuantumBackend` whose expectation values are extrapolated to zero noise (Mitiq's
 * `mitigate_executor`): each call runs the noise-scaled circuits on the inner backend, batched as
 * the caller batched them, and combines the results output by output. `probabilities` and
 * `sample` pass through unmitigated (ZNE mitigates expectation values, as Mitiq's does).
 *
 * The folded circuits of a circuit are built once and kept (circuits are immutable, so a
 * training run folds its circuit once).
 */
export class ZneBackend implements QuantumBackend {
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  readonly options: ResolvedZneOptions;
  private readonly folded = new WeakMap<Circuit, ZneCircuits>();

  constructor(
    readonly inner: QuantumBackend,
    options: ZneOptions | ResolvedZneOptions = {},
  ) {
    this.options = resolveZneOptions(options);
    this.id = `mitigation.zne(${inner.id})`;
    this.capabilities = mitigatedCapabilities(inner.capabilities, 'zne');
  }

  /** The noise-scaled circuits of `circuit` and the scales they reached. */
  circuitsFor(circuit: Circuit): ZneCircuits {
    let z = this.folded.get(circuit);
    if (!z) {
      z = constructCircuits(circuit, this.options);
      this.folded.set(circuit, z);
    }
    return z;
  }

  protected scaled(execution: Execution): { executions: Execution[]; scales: readonly number[] } {
    const z = this.circuitsFor(execution.circuit);
    return { executions: z.circuits.map((circuit) => ({ ...execution, circuit })), scales: z.scales };
  }

  expectation(execution: Execution, observables: readonly Observable[]): Float64Array {
    const { executions, scales } = this.scaled(execution);
    const values = executions.map((e) => this.inner.expectation(e, observables));
    return combineResults(scales, values, this.options.factory).value;
  }

  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array {
    return this.inner.probabilities(execution, qubits);
  }

  sample(execution: Execution, shots: number, seed: number): Uint32Array {
    return this.inner.sample(execution, shots, seed);
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

/**
 * {@link ZneBackend} over a backend that gives gradients: the mitigated value is a function of
 * the values at each scale, so its VJP is the sum of the inner VJPs at each scale with the
 * upstream gradient multiplied by `d value / d value_k` (a constant weight for Linear, Poly and
 * Richardson; the fit's derivative for Exp). A quantum layer trains through it.
 */
export class ZneGradientBackend extends ZneBackend implements GradientProvider {
  readonly gradientMethods: readonly GradientMethod[];
  declare readonly inner: QuantumBackend & GradientProvider;

  constructor(inner: QuantumBackend & GradientProvider, options: ZneOptions | ResolvedZneOptions = {}) {
    super(inner, options);
    this.gradientMethods = inner.gradientMethods;
  }

  vjp(execution: Execution, observables: readonly Observable[], upstream: ArrayLike<number>, method?: GradientMethod): VjpResult {
    if (hasExpectationWithVjp(this.inner)) return this.expectationWithVjp(execution, observables, method).vjp(upstream);
    const { executions, scales } = this.scaled(execution);
    const values = executions.map((e) => this.inner.expectation(e, observables));
    const { value, gradients } = combineResults(scales, values, this.options.factory);
    const parts = executions.map((e, k) => this.inner.vjp(e, observables, times(upstream, gradients[k]!), method));
    return sumVjps(parts, value);
  }

  expectationWithVjp(execution: Execution, observables: readonly Observable[], method?: GradientMethod): ExpectationWithVjp {
    const { executions, scales } = this.scaled(execution);
    const inner = this.inner;
    const deferred: ExpectationWithVjp[] = hasExpectationWithVjp(inner)
      ? executions.map((e) => inner.expectationWithVjp(e, observables, method))
      : executions.map((e) => {
          const value = inner.expectation(e, observables);
          return { value, vjp: (up: ArrayLike<number>) => inner.vjp(e, observables, up, method) };
        });
    const { value, gradients } = combineResults(scales, deferred.map((d) => d.value), this.options.factory);
    return {
      value,
      vjp: (upstream) => sumVjps(deferred.map((d, k) => d.vjp(times(upstream, gradients[k]!))), value),
    };
  }
}

/** Wraps `inner` for ZNE, keeping the gradient ability where `inner` has it. */
export function zneBackend(inner: QuantumBackend, options: ZneOptions | ResolvedZneOptions = {}): ZneBackend {
  return isGradientProvider(inner) ? new ZneGradientBackend(inner, options) : new ZneBackend(inner, options);
}
