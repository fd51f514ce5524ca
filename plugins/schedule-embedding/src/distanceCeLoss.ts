import * as tf from '@tensorflow/tfjs-core';
import { batchOverlaps } from './hsLoss.js';

/**
 * A per-sample variant of the Hilbert-Schmidt objective (an option, not the default):
 * the softmax cross-entropy of the nearest-class-state rule itself. For sample i and class c,
 * d_ic = tr((|psi_i><psi_i| - rho_c)^2) = 1 + tr rho_c^2 - 2 <psi_i|rho_c|psi_i>, with the batch
 * class states rho_c (own class without sample i, so a sample is not pulled towards itself), and
 * the loss is mean_i -log softmax_c(-d_ic / temperature)[y_i].
 *
 * Why: in the pair-averaged cost (`hsLoss`) a class's purity enters (C - 1) / 2 times as strongly
 * as its overlap with any one other class, so for C >= 4 two classes that share one pure state
 * (e.g. MNIST 4 and 9) sit at a stationary point that the cost barely leaves; here each sample is
 * pushed away from the classes it is confused with, in proportion to the confusion.
 *
 * Samples whose class has no other member in the batch are left out, as are classes absent
 * from the batch (they get no logit). Everything is B x B or B x C.
 */
export function distanceCeLoss(states: tf.Tensor2D, labels: tf.Tensor1D, numClasses: number, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const B = states.shape[0] as number;
    const offDiag = tf.sub(tf.ones([B, B]), tf.eye(B));
    const g = tf.mul(batchOverlaps(states), offDiag);
    const y = tf.cast(tf.oneHot(labels, numClasses), 'float32');
    // members of each class other than i: n_c - [y_i = c]
    const counts = tf.sum(y, 0);
    const others = tf.sub(tf.expandDims(counts, 0), y);
    const fid = tf.div(tf.matMul(g, y), tf.maximum(others, 1));
    // unbiased batch purity (pairs j != k of class c)
    const pairSums = tf.sum(tf.mul(tf.matMul(y, tf.matMul(g, y), true, false), tf.eye(numClasses)), 1);
    const purity = tf.div(pairSums, tf.maximum(tf.mul(counts, tf.sub(counts, 1)), 1));
    const dist = tf.sub(tf.add(1, tf.expandDims(purity, 0)), tf.mul(fid, 2));
    // a class needs two batch members for its purity estimate (and the own class one besides i)
    const valid = tf.mul(tf.cast(tf.greater(others, 0), 'float32'), tf.expandDims(tf.cast(tf.greater(counts, 1), 'float32'), 0));
    const logits = tf.add(tf.div(tf.neg(dist), temperature), tf.mul(tf.sub(1, valid), -1e9));
    const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const rowOk = tf.sum(tf.mul(y, valid), 1);
    const nll = tf.neg(tf.sum(tf.mul(y, logp), 1));
    return tf.div(tf.sum(tf.mul(nll, rowOk)), tf.maximum(tf.sum(rowOk), 1)) as tf.Scalar;
  });
}
