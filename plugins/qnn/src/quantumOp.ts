import * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type GradientMethod, type Observable, type VjpResult, hasExpectationWithVjp } from '@hqml/core';
import type { DifferentiableBackend } from './backendBinding.js';
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

type CustomGradientFunc = Parameters<typeof tf.customGrad<tf.Tensor2D>>[0];

function toFloat64(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync() as Float32Array);
}

/** float64 -> float32 tensor data, optionally multiplied elementwise by `by` (same length). */
function toFloat32(a: ArrayLike<number>, by?: Float64Array): Float32Array {
  const n = a.length;
  const out = new Float32Array(n);
  if (by) for (let i = 0; i < n; i++) out[i] = (a[i] as number) * (by[i] as number);
  else for (let i = 0; i < n; i++) out[i] = a[i] as number;
  return out;
}

/**
 * Expectation values of `spec.observables` for a batch, as a differentiable TF.js op:
 * `x` is `B x numInputs` (the circuit's per-sample inputs), `theta` the circuit's weights
 * (omitted when the circuit has none). Forward is ONE batched `backend.expectation` call;
 * backward is ONE `backend.vjp` call with the upstream gradient, which yields the gradients for
 * both the weights and the inputs. When the backend offers core's optional
 * `expectationWithVjp` (statevector does), the forward call is that one and the backward pass
 * continues from the forward's kept states instead of simulating the circuit again. With
 * `spec.inputScaling` the op maps `x` to angles itself (see there). The simulator works in
 * float64; TF.js tensors are float32.
 */
export function quantumExpectation(spec: QuantumOpSpec, x: tf.Tensor2D, theta?: tf.Tensor1D): tf.Tensor2D {
  const { backend, circuit, observables, method } = spec;
  const scaling = spec.inputScaling ?? 'identity';
  const O = observables.length;
  const F = circuit.numInputs;
  const run = (xs: tf.Tensor, th: tf.Tensor | undefined) => {
    const B = xs.shape[0] as number;
    const inputs = toFloat64(xs);
    // d angle / d x, to chain into the input gradient (undefined: the identity)
    let slope: Float64Array | undefined;
    if (scaling !== 'identity') {
      slope = new Float64Array(inputs.length);
      applyAngleScaling(scaling, inputs, slope);
    }
    const execution = { circuit, params: th ? toFloat64(th) : new Float64Array(0), inputs, batchSize: B };
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
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const r = vjp(dy.dataSync() as Float32Array);
      const gx = tf.tensor2d(toFloat32(r.inputs, slope), [B, F]);
      return th ? [gx, tf.tensor1d(toFloat32(r.params))] : [gx];
    };
    return { value: tf.tensor2d(toFloat32(value), [B, O]), gradFunc };
  };
  if (theta) {
    const f = tf.customGrad(((xs: tf.Tensor, th: tf.Tensor) => run(xs, th)) as unknown as CustomGradientFunc);
    return f(x, theta) as tf.Tensor2D;
  }
  const f = tf.customGrad(((xs: tf.Tensor) => run(xs, undefined)) as unknown as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}
