import * as tf from '@tensorflow/tfjs-core';

/**
 * The B x B overlaps G_ij = |<psi_i|psi_j>|^2 of a batch of states (`[B, 2 * 2^n]`, real parts
 * then imaginary parts), differentiable; call inside a `tf.tidy`.
 */
export function batchOverlaps(states: tf.Tensor2D): tf.Tensor2D {
  const N = (states.shape[1] as number) / 2;
  const B = states.shape[0] as number;
  const re = tf.slice(states, [0, 0], [B, N]);
  const im = tf.slice(states, [0, N], [B, N]);
  const zr = tf.add(tf.matMul(re, re, false, true), tf.matMul(im, im, false, true));
  const zi = tf.sub(tf.matMul(re, im, false, true), tf.matMul(im, re, false, true));
  return tf.add(tf.square(zr), tf.square(zi));
}

/** Floor inside the logarithm of the `log` pair weighting: a merged pair costs -ln(0.01) = 4.6. */
export const HS_LOG_FLOOR = 0.01;

/**
 * How the Hilbert-Schmidt distances of the class pairs of a batch become one cost. `mean`
 * (the default): the mean over pairs of 1 - D_hs / 2. `log`: the mean over pairs of
 * -ln(D_hs / 2 + {@link HS_LOG_FLOOR}), D_hs of the batch's empirical class states (purities
 * over all pairs i, j including i = j, so D_hs >= 0), whose gradient weighs a pair by
 * 1 / (its distance), so that two classes sharing one state is the costliest configuration
 * instead of a stationary point (with `mean`, a class's purity weighs (C - 1) / 2 times its
 * overlap with any one other class).
 */
export type HsPairWeighting = 'mean' | 'log';

/**
 * The Hilbert-Schmidt cost of a mini-batch as a TF.js scalar (see `hsCost`): states `B x 2N`
 * as produced by `evolvedStates`, integer labels `B`. Overlaps G_ij = |<psi_i|psi_j>|^2 give the
 * traces tr(rho_a rho_b) = mean_{i in a, j in b} G_ij (pairs i != j for the purities, which
 * removes the 1/count bias of a small batch); the cost 1 - D_hs(rho_a, rho_b) / 2 is averaged
 * over the pairs of classes with at least two members in the batch (`pairs = 'log'`: see
 * {@link HsPairWeighting}). Everything is B x B or C x C: no 2^n x 2^n matrix is formed.
 */
export function hsLoss(states: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number, pairs: HsPairWeighting = 'mean'): tf.Scalar {
  return tf.tidy(() => {
    const B = states.shape[0] as number;
    const g = batchOverlaps(states);
    const offDiag = tf.sub(tf.ones([B, B]), tf.eye(B));
    const y = tf.cast(tf.oneHot(labels, numClasses), 'float32');
    // log weighting: the plug-in estimate (pairs i = j included) is the HS distance of the batch's
    // empirical class states, never negative, so no pair falls into a zero-gradient clamp
    const w = pairs === 'log' ? tf.onesLike(offDiag) : offDiag;
    const sums = tf.matMul(tf.matMul(y, tf.mul(g, w), true, false), y);
    const counts = tf.matMul(tf.matMul(y, w, true, false), y);
    const traces = tf.div(sums, tf.maximum(counts, 1));
    const eyeC = tf.eye(numClasses);
    const diag = (m: tf.Tensor): tf.Tensor1D => tf.sum(tf.mul(m, eyeC), 1) as tf.Tensor1D;
    const purity = diag(traces);
    const dist = tf.sub(tf.add(tf.expandDims(purity, 1), tf.expandDims(purity, 0)), tf.mul(traces, 2));
    const present = tf.cast(tf.greater(diag(counts), 0), 'float32');
    const upper = tf.sub(tf.linalg.bandPart(tf.ones([numClasses, numClasses]), 0, -1), eyeC);
    const mask = tf.mul(tf.mul(tf.expandDims(present, 1), tf.expandDims(present, 0)), upper);
    const half = tf.div(dist, 2);
    const perPair = pairs === 'log' ? tf.neg(tf.log(tf.add(half, HS_LOG_FLOOR))) : tf.sub(1, half);
    const cost = tf.sum(tf.mul(mask, perPair));
    return tf.div(cost, tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  });
}
