import * as tf from '@tensorflow/tfjs-core';

/** One batched backend call: its values and the VJP continuing from it. */
export interface BackendCall {
  /** `rows x width` values, row-major (the simulator's float64). */
  readonly value: ArrayLike<number>;
  /**
   * Gradients from an upstream gradient `rows x width` (float32, TF.js's): `rows x numInputs` for
   * the op's input, and the parameters' gradient when the op has parameters.
   */
  vjp(upstream: Float32Array): { readonly inputs: ArrayLike<number>; readonly params?: ArrayLike<number> };
}

type CustomGradientFunc = Parameters<typeof tf.customGrad<tf.Tensor2D>>[0];

function toFloat32(a: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] as number;
  return out;
}

/**
 * The one bridge between TF.js and a quantum backend: a batched backend computation as a
 * differentiable TF.js op. `x` is `rows x numInputs` (per-sample inputs, e.g. encoded features
 * or annealing schedules), `theta` the circuit's trainable parameters (omitted when it has
 * none). `call` receives them as float64 and runs ONE backend call for the batch; backward is
 * ONE `vjp` call from the upstream gradient, which yields the gradients of both the inputs and
 * the parameters. Backends that keep the forward's states (core's `expectationWithVjp`,
 * `StateProvider`) make that VJP continue from the forward instead of simulating again. Used by
 * the quantum layer (expectation values) and by the schedule-embedding classifier (final states).
 */
export function backendOp(x: tf.Tensor2D, theta: tf.Tensor1D | undefined, width: number, call: (inputs: Float64Array, params: Float64Array, rows: number) => BackendCall): tf.Tensor2D {
  const numInputs = x.shape[1];
  const run = (xs: tf.Tensor, th: tf.Tensor | undefined) => {
    const rows = xs.shape[0] as number;
    const c = call(Float64Array.from(xs.dataSync() as Float32Array), th ? Float64Array.from(th.dataSync() as Float32Array) : new Float64Array(0), rows);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const r = c.vjp(dy.dataSync() as Float32Array);
      const gx = tf.tensor2d(toFloat32(r.inputs), [rows, numInputs]);
      return th ? [gx, tf.tensor1d(toFloat32(r.params ?? new Float64Array(th.size)))] : [gx];
    };
    return { value: tf.tensor2d(toFloat32(c.value), [rows, width]), gradFunc };
  };
  if (theta) {
    const f = tf.customGrad(((xs: tf.Tensor, th: tf.Tensor) => run(xs, th)) as unknown as CustomGradientFunc);
    return f(x, theta) as tf.Tensor2D;
  }
  const f = tf.customGrad(((xs: tf.Tensor) => run(xs, undefined)) as unknown as CustomGradientFunc);
  return f(x) as tf.Tensor2D;
}
