import * as tf from '@tensorflow/tfjs-core';
import { type ClassicalModel, type DataSplit, type TeacherTargets, ValidationError, describeValue } from '@hqml/core';

/**
 * The frozen teacher's logits for every sample of one split, computed once (one forward pass
 * over the split, in batches) and looked up by row during distillation: the teacher is never
 * run inside the training loop and never receives a gradient.
 *
 * The labels of the split are kept, so that using the targets with another split (a different
 * row order or subset) fails instead of silently pairing samples with other samples' targets.
 */
export class TeacherLogits implements TeacherTargets {
  /** `count x classes`, row-major, row i = sample i of the split. */
  readonly logits: Float32Array;
  readonly count: number;
  readonly classes: number;
  /** The split's labels, for the row-order check. */
  readonly labels: Int32Array;
  /** The teacher's id (for reports). */
  readonly teacherId: string;

  /** Rows (core's TeacherTargets). */
  get size(): number {
    return this.count;
  }

  private constructor(logits: Float32Array, count: number, classes: number, labels: Int32Array, teacherId: string) {
    this.logits = logits;
    this.count = count;
    this.classes = classes;
    this.labels = labels;
    this.teacherId = teacherId;
    Object.freeze(this);
  }

  /** Runs the teacher once over `split` (its `logits` batches internally). */
  static async compute(teacher: ClassicalModel, split: DataSplit): Promise<TeacherLogits> {
    if (teacher.outputSize !== split.classes.length) {
      throw new ValidationError({
        what: `The teacher ${teacher.id} has ${teacher.outputSize} logits`,
        why: `the split has ${split.classes.length} classes (${split.classes.join(', ')})`,
        fix: 'Train the teacher on the same classes as the student',
      });
    }
    const logits = await teacher.logits(split.x, split.size);
    return TeacherLogits.fromArray(logits, split.y, teacher.outputSize, teacher.id);
  }

  /** Wraps precomputed logits (`labels.length x classes`) of a split with these labels. */
  static fromArray(logits: Float32Array, labels: Int32Array, classes: number, teacherId = 'teacher'): TeacherLogits {
    if (!Number.isInteger(classes) || classes < 2) throw new ValidationError({ what: `classes is ${describeValue(classes)}`, why: 'a classifier has at least 2 classes' });
    if (logits.length !== labels.length * classes) {
      throw new ValidationError({ what: `${logits.length} teacher logits for ${labels.length} samples`, why: `expected samples x classes = ${labels.length * classes}`, fix: 'Pass the logits of every sample of the split' });
    }
    const bad = logits.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ValidationError({ what: `teacher logit ${bad} (sample ${Math.floor(bad / classes)}) is ${logits[bad]}`, why: 'soft targets need finite logits', fix: 'Check the teacher (a diverged teacher gives NaN)' });
    return new TeacherLogits(logits.slice(), labels.length, classes, labels.slice(), teacherId);
  }

  /** Fails unless these targets belong to `split` (same size, classes and label sequence). */
  assertMatches(split: DataSplit): void {
    const sameLabels = split.size === this.count && split.y.every((v, i) => v === this.labels[i]);
    if (split.classes.length !== this.classes || !sameLabels) {
      throw new ValidationError({
        what: `The teacher logits (${this.count} samples, ${this.classes} classes) do not belong to this training split (${split.size} samples, ${split.classes.length} classes)`,
        why: 'targets are looked up by row, so they must be computed on the very split the student trains on',
        fix: 'Compute TeacherLogits.compute(teacher, train) on the same split object',
      });
    }
  }

  /** Fraction of rows whose largest logit is the label: the teacher's accuracy on this split. */
  accuracy(): number {
    let correct = 0;
    for (let i = 0; i < this.count; i++) {
      let best = 0;
      for (let j = 1; j < this.classes; j++) if ((this.logits[i * this.classes + j] as number) > (this.logits[i * this.classes + best] as number)) best = j;
      if (best === this.labels[i]) correct++;
    }
    return this.count === 0 ? 0 : correct / this.count;
  }

  /** The logits as a `[count, classes]` tensor (the caller disposes it). */
  toTensor(): tf.Tensor2D {
    return tf.tensor2d(this.logits, [this.count, this.classes], 'float32');
  }
}
