import * as tf from '@tensorflow/tfjs-core';
import { type ClassicalModel, type DataSplit, type TrainingHistory, ValidationError } from '@hqml/core';
import { type TrainBatch, type TrainLoopOptions, type TrainableNet, fusedCrossEntropy, trainLoop } from '@hqml/tfjs-models';
import { type KdLossOptions, kdLoss, resolveKdOptions } from './kdLoss.js';
import type { TeacherLogits } from './teacherLogits.js';

/**
 * A model the trainers can drive with their own loss: a {@link ClassicalModel} that also exposes
 * its variables and forward pass (tfjs-models' `TrainableNet`). tfjs-models' `TfjsModel`
 * (LeNet-5, AlexNet, MLP) and qnn's `QuantumStudent` are both; so classical-to-classical
 * distillation (the control) and classical-to-quantum distillation use the same code.
 */
export type TrainableStudent = ClassicalModel & TrainableNet & {
  /** Fits a data-dependent reducer (qnn's PCA) on the training split before training, if the model has one. */
  fitReducer?(split: DataSplit): void;
};

/** Whether `model` can be trained by these trainers. */
export function isTrainableStudent(model: ClassicalModel): model is TrainableStudent {
  const m = model as Partial<TrainableNet>;
  return typeof m.forward === 'function' && Array.isArray(m.trainableVariables);
}

function requireTrainable(model: ClassicalModel): TrainableStudent {
  if (!isTrainableStudent(model)) {
    throw new ValidationError({
      what: `The student ${model.id} does not expose forward() and trainableVariables`,
      why: 'the trainers compute the loss from the student\'s logits themselves (a custom loss), so they need its forward pass and variables',
      fix: 'Use a tfjs-models TfjsModel or a qnn QuantumStudent as the student (ensembles can be teachers, not students)',
    });
  }
  return model;
}

/**
 * Options of both trainers: tfjs-models' training loop (epochs, batch size, optimizer, seed,
 * validation split and patience, checkpoints and resume, onEpoch, progress), without the loss,
 * which the trainer sets.
 */
export type StudentTrainOptions = Omit<TrainLoopOptions, 'loss'>;

function prepare(student: TrainableStudent, train: DataSplit, options: StudentTrainOptions): void {
  if (options.validation === train) {
    throw new ValidationError({ what: 'validation is the training split itself', why: 'model selection must use held-out data', fix: "Load a validation split (load('validation', { validation: 0.2, seed }))" });
  }
  // qnn's PCA reducer learns its projection from the training split; other reducers ignore this.
  student.fitReducer?.(train);
}

/**
 * The baseline: cross-entropy on the labels only. Model selection is the training loop's: the
 * weights of the epoch with the lowest validation loss are restored at the end (validation
 * split only; the trainer never sees the test set).
 */
export async function trainBaseline(model: ClassicalModel, train: DataSplit, options: StudentTrainOptions): Promise<TrainingHistory> {
  const student = requireTrainable(model);
  prepare(student, train, options);
  const history = await trainLoop(student, train, {
    ...options,
    tag: { ...(options.tag ?? {}), student: student.id, trainer: 'baseline' },
    // the loss and its gradient as one op (the label cross-entropy in double precision)
    loss: (logits: tf.Tensor, batch: TrainBatch) => fusedCrossEntropy(logits, batch.y),
  });
  return history;
}

/** Options of {@link trainDistilled}: the training options plus T and alpha. */
export type DistillTrainOptions = StudentTrainOptions & KdLossOptions;

/**
 * Knowledge distillation: trains `model` on Hinton's loss against the frozen teacher's cached
 * logits ({@link TeacherLogits}, computed once on `train`), looked up by batch row. Model
 * selection as in {@link trainBaseline}: lowest validation loss (label cross-entropy on the
 * validation split), never the test set.
 */
export async function trainDistilled(model: ClassicalModel, train: DataSplit, teacher: TeacherLogits, options: DistillTrainOptions): Promise<TrainingHistory> {
  const student = requireTrainable(model);
  const { temperature, alpha } = resolveKdOptions(options);
  teacher.assertMatches(train);
  if (student.outputSize !== teacher.classes) {
    throw new ValidationError({ what: `The student ${student.id} has ${student.outputSize} logits`, why: `the teacher has ${teacher.classes}`, fix: 'Build the student for the same classes as the teacher' });
  }
  prepare(student, train, options);
  const { temperature: _t, alpha: _a, ...loopOptions } = options;
  const targets = teacher.toTensor();
  try {
    return await trainLoop(student, train, {
      ...loopOptions,
      tag: { ...(options.tag ?? {}), student: student.id, trainer: 'kd', teacher: teacher.teacherId, temperature, alpha },
      loss: (logits: tf.Tensor, batch: TrainBatch) => {
        // Created inside the loop's gradient scope, which disposes them after the step.
        const t = tf.gather(targets, tf.tensor1d(batch.indices, 'int32'));
        return kdLoss(logits, t, batch.y, { temperature, alpha });
      },
    });
  } finally {
    targets.dispose();
  }
}
