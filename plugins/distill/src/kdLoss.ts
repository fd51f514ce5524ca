import type * as tf from '@tensorflow/tfjs-core';
import { ValidationError, describeValue } from '@hqml/core';
import { fusedLoss, logSoftmaxRows } from '@hqml/tfjs-models';

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

/**
 * Hinton's knowledge-distillation loss, averaged over the batch:
 *
 *   alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha) · CE(student, labels)
 *
 * The T² factor keeps the soft term's gradient on the same scale as the hard term's when T
 * changes (its gradient is O(1/T²) otherwise). The teacher's logits are constants: no gradient
 * flows into them, only into `studentLogits`. With alpha = 1 the labels are not needed.
 *
 * It is ONE TF.js op (tfjs-models' `fusedLoss`): value and gradient,
 * `alpha·T·(softmax(s/T) − softmax(t/T))/B + (1 − alpha)·(softmax(s) − onehot(y))/B`, are computed
 * together in double precision from the logits' values, where TF.js's composite of the same
 * formula dispatched about 65 ops forward and backward (more than the student's own step at
 * batch 32). Value and gradient match the composite to float32 rounding (the tests check both
 * against hand-computed values and finite differences).
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
  const teacher = teacherLogits.dataSync();
  const y = labels?.dataSync();
  const T = temperature;
  return fusedLoss((z, rows, k) => {
    const logPs = logSoftmaxRows(z, rows, k, T, new Float64Array(rows * k));
    const logPt = logSoftmaxRows(teacher, rows, k, T, new Float64Array(rows * k));
    const logP = alpha < 1 && y ? logSoftmaxRows(z, rows, k, 1, new Float64Array(rows * k)) : undefined;
    const grad = new Float32Array(rows * k);
    let kl = 0, ce = 0;
    for (let i = 0; i < rows * k; i++) {
      const pt = Math.exp(logPt[i] as number);
      kl += pt * ((logPt[i] as number) - (logPs[i] as number));
      grad[i] = (alpha * T * (Math.exp(logPs[i] as number) - pt)) / rows;
    }
    if (logP && y) {
      for (let r = 0; r < rows; r++) {
        // a label outside 0..k-1 contributes nothing, as tf.oneHot's all-zero row did
        const label = y[r] as number;
        if (label >= 0 && label < k) ce -= logP[r * k + label] as number;
        for (let j = 0; j < k; j++) grad[r * k + j] = (grad[r * k + j] as number) + ((1 - alpha) * (Math.exp(logP[r * k + j] as number) - (j === label ? 1 : 0))) / rows;
      }
    }
    return { loss: (alpha * T * T * kl) / rows + ((1 - alpha) * ce) / rows, grad };
  })(studentLogits, teacherLogits);
}
