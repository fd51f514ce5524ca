import * as tf from '@tensorflow/tfjs-core';

/**
 * Row-wise log-softmax of `x / temperature` (`rows x k`, row-major) in double precision, into
 * `out`: `x_i/T - max - log(sum_j exp(x_j/T - max))`.
 */
export function logSoftmaxRows(x: ArrayLike<number>, rows: number, k: number, temperature: number, out: Float64Array): Float64Array {
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, (x[o + j] as number) / temperature);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((x[o + j] as number) / temperature - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < k; j++) out[o + j] = (x[o + j] as number) / temperature - lse;
  }
  return out;
}

type Loss = (logits: tf.Tensor, ...constants: tf.Tensor[]) => tf.Scalar;

/**
 * A scalar loss of `[batch, k]` logits whose value and gradient are computed together, in double
 * precision, by `compute` (from the logits' values), as ONE TF.js op: TF.js's composite of the
 * same loss dispatches 30-70 ops forward and backward, which costs more than the arithmetic at
 * training batch sizes. The gradient is returned as float32 `[batch, k]` times the upstream
 * scalar. `constants` (e.g. a teacher's logits) are inputs of the op that receive a zero
 * gradient, so that a constant computed inside the same gradient scope stays one (a stop_gradient).
 */
export function fusedLoss(compute: (logits: Float32Array, rows: number, k: number) => { loss: number; grad: Float32Array }): Loss {
  return tf.customGrad(((logits: tf.Tensor, ...rest: unknown[]) => {
    // customGrad appends its `save` function to the inputs
    const constants = rest.filter((c): c is tf.Tensor => c instanceof tf.Tensor);
    const [rows, k] = logits.shape as [number, number];
    const { loss, grad } = compute(logits.dataSync() as Float32Array, rows, k);
    return {
      value: tf.scalar(loss),
      gradFunc: (dy: tf.Tensor) => [tf.mul(tf.tensor2d(grad, [rows, k]), dy), ...constants.map((c) => tf.zerosLike(c))],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Loss;
}

/**
 * Softmax cross-entropy of logits against integer labels, mean over the batch: the same function
 * as {@link crossEntropy}, as one fused op ({@link fusedLoss}) computed in double precision
 * (the value and gradient differ from the op-by-op float32 composite in the last bits only).
 * Its gradient is `(softmax(logits) - onehot(labels)) / batch`. Used for the training step of
 * the distillation trainers' baseline; evaluation keeps {@link crossEntropy}.
 */
export function fusedCrossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  const y = labels.dataSync();
  return fusedLoss((z, rows, k) => {
    const logP = logSoftmaxRows(z, rows, k, 1, new Float64Array(rows * k));
    const grad = new Float32Array(rows * k);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      // a label outside 0..k-1 contributes nothing, as tf.oneHot's all-zero row does in crossEntropy
      const label = y[r] as number;
      if (label >= 0 && label < k) loss -= logP[r * k + label] as number;
      for (let j = 0; j < k; j++) grad[r * k + j] = (Math.exp(logP[r * k + j] as number) - (j === label ? 1 : 0)) / rows;
    }
    return { loss: loss / rows, grad };
  })(logits);
}
