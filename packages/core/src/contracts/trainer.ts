import type { ClassicalModel, FitOptions } from './classicalModel.js';
import type { DataSplit } from './dataset.js';
import type { TrainingHistory } from './trainingHistory.js';

/**
 * A frozen teacher's outputs on the rows of one training split, computed once and shared by
 * every student trained on that split (distillation looks them up by batch row).
 */
export interface TeacherTargets {
  /** The teacher's model id. */
  readonly teacherId: string;
  /** Number of outputs per row. */
  readonly classes: number;
  /** Rows (the training split's size). */
  readonly size: number;
  /** The teacher's accuracy on the split's labels. */
  accuracy(): number;
}

/** Options of {@link Trainer.train}: the contract's fit options plus the teacher's targets. */
export interface TrainerOptions extends FitOptions {
  /** Frozen teacher outputs on the training split (trainers with `usesTeacher`). */
  readonly teacher?: TeacherTargets;
  /** Identity stored in checkpoints (resume refuses another). */
  readonly tag?: Readonly<Record<string, unknown>>;
}

/**
 * A way to train a model, chosen by id in a config (`distill.baseline`, `distill.kd`, ...).
 *
 * Design note: the trainer owns the loss; the model owns its forward pass. A trainer that needs a
 * teacher says so (`usesTeacher`) and turns a frozen teacher into targets once per split
 * ({@link teacherTargets}), so an app never handles a trainer's private data types.
 */
export interface Trainer {
  /** The stable short id, e.g. `distill.kd`. */
  readonly id: string;
  /** Whether {@link train} needs `options.teacher`. */
  readonly usesTeacher: boolean;
  /** The trainer's own hyper-parameters (T and alpha of distillation), for reports. */
  readonly settings: Readonly<Record<string, number>>;
  /** The frozen teacher's targets on `split` (trainers that use a teacher). */
  teacherTargets?(teacher: ClassicalModel, split: DataSplit): Promise<TeacherTargets>;
  /** Trains `model` on `split`; model selection on `options.validation` only. */
  train(model: ClassicalModel, split: DataSplit, options: TrainerOptions): Promise<TrainingHistory>;
}
