import * as tf from '@tensorflow/tfjs-core';
import { ValidationError, describeValue } from '@hqml/core';

/** Hyper-parameters of Hinton's distillation loss. */
export interface KdLossOptions {
  /** Softmax temperature T (> 0). Default 3, as in the seed. */
  readonly temperature?: number;
  /** Weight of the distillation term, in [0, 1]; 1 − alpha weighs the label cross-entropy. Default 0.9. */
  readonly alpha?: number;
}

/** The seed's defaults: T = 3, alpha = 0.9. */
export const KD_DEFAULTS = Object.freeze({ temperature: 3, alpha: 0.9 });

/** Checks T and alpha and fills in the defaults. */
export function resolveKdOptions(options: KdLossOptions = {}): { temperature: number; alpha: number } {
  const temperature = options.temperature ?? KD_DEFAULTS.temperature;
  const alpha = options.alpha ?? KD_DEFAULTS.alpha;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new ValidationError({ what: `temperature is ${describeValue(temperature)}`, why: 'the softmax temperature must be a finite number > 0', fix: 'Pass e.g. temperature: 3' });
  }
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new ValidationError({ what: `alpha is ${describeValue(alpha)}`, why: 'alpha weighs the distillation term against the label loss and must lie in [0, 1]', fix: 'Pass e.g. alpha: 0.9' });
  }
  return { temperature, alpha };
}

// TF.js has no stop_gradient: an identity whose gradient is zero, so that a teacher whose logits
// were computed inside the same gradient scope still receives nothing.
const stopGradient = tf.customGrad(((x: tf.Tensor) => ({ value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/**
 * Hinton's knowledge-distillation loss, averaged over the batch:
 *
 *   alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha) · CE(student, labels)
 *
 * The T² factor keeps the soft term's gradient on the same scale as the hard term's when T
 * changes (its gradient is O(1/T²) otherwise). The teacher's logits are constants: no gradient
 * flows into them, only into `studentLogits`. With alpha = 1 the labels are not needed.
 *
 * @param studentLogits `[batch, k]`
 * @param teacherLogits `[batch, k]`, frozen
 * @param labels int32 `[batch]`; may be omitted only when alpha = 1
 */
export function kdLoss(studentLogits: tf.Tensor, teacherLogits: tf.Tensor, labels: tf.Tensor1D | undefined, options: KdLossOptions = {}): tf.Scalar {
  const { temperature, alpha } = resolveKdOptions(options);
  if (studentLogits.rank !== 2 || teacherLogits.rank !== 2 || studentLogits.shape[0] !== teacherLogits.shape[0] || studentLogits.shape[1] !== teacherLogits.shape[1]) {
    throw new ValidationError({
      what: `kdLoss: student logits ${describeValue(studentLogits.shape)} and teacher logits ${describeValue(teacherLogits.shape)}`,
      why: 'both must be [batch, classes] with the same shape',
      fix: 'Use a teacher trained on the same classes as the student, and look its logits up for the same batch rows',
    });
  }
  if (alpha < 1 && labels === undefined) {
    throw new ValidationError({ what: `kdLoss: alpha is ${alpha} but no labels were given`, why: 'the (1 − alpha) cross-entropy term needs the labels', fix: 'Pass the labels, or alpha: 1 for pure distillation' });
  }
  return tf.tidy(() => {
    const k = studentLogits.shape[1] as number;
    const t = stopGradient(teacherLogits);
    const logPt = tf.logSoftmax(tf.div(t, temperature));
    const logPs = tf.logSoftmax(tf.div(studentLogits, temperature));
    // KL(p_t || p_s) = Σ p_t (log p_t − log p_s), summed over classes, averaged over the batch.
    const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), 1));
    let loss: tf.Tensor = tf.mul(kl, alpha * temperature * temperature);
    if (alpha < 1 && labels) {
      const logP = tf.logSoftmax(studentLogits);
      const ce = tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(labels, k), logP), 1)));
      loss = tf.add(loss, tf.mul(ce, 1 - alpha));
    }
    return loss as tf.Scalar;
  });
}
