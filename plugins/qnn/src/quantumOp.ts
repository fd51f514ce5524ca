import * as tf from '@tensorflow/tfjs-core';
import { type Circuit, type GradientMethod, type Observable, type VjpResult, hasExpectationWithVjp } from '@hqml/core';
import type { DifferentiableBackend } from './backendBinding.js';

/** What one quantum op call runs. */
export interface QuantumOpSpec {
  readonly backend: DifferentiableBackend;
  readonly circuit: Circuit;
  readonly observables: readonly Observable[];
  readonly method: GradientMethod;
}

type CustomGradientFunc = Parameters<typeof tf.customGrad<tf.Tensor2D>>[0];

function toFloat64(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync() as Float32Array);
}

/**
 * Expectation values of `spec.observables` for a batch, as a differentiable TF.js op:
 * `x` is `B x numInputs` (the circuit's per-sample inputs), `theta` the circuit's weights
 * (omitted when the circuit has none). Forward is ONE batched `backend.expectation` call;
 * backward is ONE `backend.vjp` call with the upstream gradient, which yields the gradients for
 * both the weights and the inputs. When the backend offers core's optional
 * `expectationWithVjp` (statevector does), the forward call is that one and the backward pass
 * continues from the forward's kept states instead of simulating the circuit again. The
 * simulator works in float64; TF.js tensors are float32.
 */
export function quantumExpectation(spec: QuantumOpSpec, x: tf.Tensor2D, theta?: tf.Tensor1D): tf.Tensor2D {
  const { backend, circuit, observables, method } = spec;
  const O = observables.length;
  const F = circuit.numInputs;
  const run = (xs: tf.Tensor, th: tf.Tensor | undefined) => {
    const B = xs.shape[0] as number;
    const execution = { circuit, params: th ? toFloat64(th) : new Float64Array(0), inputs: toFloat64(xs), batchSize: B };
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
      const gx = tf.tensor2d(Float32Array.from(r.inputs), [B, F]);
      return th ? [gx, tf.tensor1d(Float32Array.from(r.params))] : [gx];
    };
    return { value: tf.tensor2d(Float32Array.from(value), [B, O]), gradFunc };
  };
  if (theta) {
    const f = tf.customGrad(((xs: tf.Tensor, th: tf.Tensor) => run(xs, th)) as unknown as CustomGradientFunc);
    return f(x, theta) as tf.Tensor2D;
  }
  const f = tf.customGrad(((xs: tf.Tensor) => run(xs, undefined)) as unknown as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}
