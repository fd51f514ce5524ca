import type * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type GradientMethod, type Observable, type VjpResult, hasExpectationWithVjp } from '@hqml/core';
import type { DifferentiableBackend } from './differentiable.js';
import { backendOp } from './backendOp.js';
import { type AngleScaling, applyAngleScaling } from './encoding.js';

/** What one quantum op call runs. */
export interface QuantumOpSpec {
  readonly backend: DifferentiableBackend;
  readonly circuit: Circuit;
  readonly observables: readonly Observable[];
  readonly method: GradientMethod;
  /**
   * An elementwise scaling of `x` into the circuit's input angles (e.g. the seed's pi*tanh),
   * applied inside the op in float64 and chained into the input gradient there. Default
   * `identity` (x are the angles).
   */
  readonly inputScaling?: AngleScaling;
}

/**
 * Expectation values of `spec.observables` for a batch, as a differentiable TF.js op (through
 * {@link backendOp}): `x` is `B x numInputs` (the circuit's per-sample inputs), `theta` the
 * circuit's weights (omitted when the circuit has none). Forward is ONE batched
 * `backend.expectation` call (or core's optional `expectationWithVjp`, whose backward pass
 * continues from the forward's kept states); backward is ONE `vjp` call. With
 * `spec.inputScaling` the op maps `x` to angles itself (see there).
 */
export function quantumExpectation(spec: QuantumOpSpec, x: tf.Tensor2D, theta?: tf.Tensor1D): tf.Tensor2D {
  const { backend, circuit, observables, method } = spec;
  const scaling = spec.inputScaling ?? 'identity';
  return backendOp(x, theta, observables.length, (inputs, params, rows) => {
    // d angle / d x, to chain into the input gradient (undefined: the identity)
    let slope: Float64Array | undefined;
    if (scaling !== 'identity') {
      slope = new Float64Array(inputs.length);
      applyAngleScaling(scaling, inputs, slope);
    }
    const execution = { circuit, params, inputs, batchSize: rows };
    let value: Float64Array;
    let vjp: (upstream: ArrayLike<number>) => VjpResult;
    if (hasExpectationWithVjp(backend)) {
      const deferred = backend.expectationWithVjp(execution, observables, method);
      value = deferred.value;
      vjp = (up) => deferred.vjp(up);
    } else {
      value = backend.expectation(execution, observables);
      vjp = (up) => backend.vjp(execution, observables, up, method);
    }
    return {
      value,
      vjp: (up) => {
        const r = vjp(up);
        if (!slope) return r;
        const gx = new Float64Array(r.inputs.length);
        for (let i = 0; i < gx.length; i++) gx[i] = (r.inputs[i] as number) * (slope[i] as number);
        return { inputs: gx, params: r.params };
      },
    };
  });
}
