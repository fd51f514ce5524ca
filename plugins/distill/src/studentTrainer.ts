import { type ClassicalModel, type DataSplit, type Token, Tokens, type Trainer, type TrainingHistory, ValidationError, narrowToken } from '@hqml/core';
import { z } from 'zod';
import { KD_DEFAULTS, resolveKdOptions } from './kdLoss.js';
import { TeacherLogits } from './teacherLogits.js';
import { type StudentTrainOptions, trainBaseline, trainDistilled } from './trainers.js';

/**
 * A way to train a student, chosen by id in a config: `distill.baseline` (labels only) or
 * `distill.kd` (Hinton's loss against a frozen teacher's cached logits).
 */
export interface StudentTrainer extends Trainer {
  readonly id: 'distill.baseline' | 'distill.kd';
  /** Whether {@link train} needs teacher logits. */
  readonly usesTeacher: boolean;
  /** T and alpha of the KD trainer (absent for the baseline). */
  readonly settings: Readonly<Record<string, number>>;
  /** The frozen teacher's logits on `split`, computed once ({@link TeacherLogits.compute}). */
  teacherTargets(teacher: ClassicalModel, split: DataSplit): Promise<TeacherLogits>;
  train(student: ClassicalModel, train: DataSplit, options: StudentTrainOptions & { readonly teacher?: TeacherLogits }): Promise<TrainingHistory>;
}

/** Core's trainer token, typed with this package's contract. */
export const StudentTrainerToken: Token<StudentTrainer> = narrowToken<StudentTrainer>(Tokens.Trainer);

/** Options of the `distill.kd` plugin. */
export const kdTrainerOptionsSchema = z
  .object({
    temperature: z.number().positive().default(KD_DEFAULTS.temperature),
    alpha: z.number().min(0).max(1).default(KD_DEFAULTS.alpha),
  })
  .strict();

/** The baseline trainer: cross-entropy on labels. */
export function createBaselineTrainer(): StudentTrainer {
  return Object.freeze({
    id: 'distill.baseline' as const,
    usesTeacher: false,
    settings: Object.freeze({}),
    teacherTargets: (teacher: ClassicalModel, split: DataSplit) => TeacherLogits.compute(teacher, split),
    train: (student: ClassicalModel, train: DataSplit, options: StudentTrainOptions & { readonly teacher?: TeacherLogits }) => {
      const { teacher: _ignored, ...rest } = options;
      return trainBaseline(student, train, rest);
    },
  });
}

/** The KD trainer with fixed T and alpha (defaults 3 and 0.9). */
export function createKdTrainer(options: { temperature?: number; alpha?: number } = {}): StudentTrainer {
  const { temperature, alpha } = resolveKdOptions(options);
  return Object.freeze({
    id: 'distill.kd' as const,
    usesTeacher: true,
    settings: Object.freeze({ temperature, alpha }),
    teacherTargets: (teacher: ClassicalModel, split: DataSplit) => TeacherLogits.compute(teacher, split),
    train: (student: ClassicalModel, train: DataSplit, o: StudentTrainOptions & { readonly teacher?: TeacherLogits }) => {
      const { teacher, ...rest } = o;
      if (!teacher) throw new ValidationError({ what: 'distill.kd was given no teacher logits', why: 'distillation trains against a teacher', fix: 'Pass teacher: await trainer.teacherTargets(teacherModel, train)' });
      return trainDistilled(student, train, teacher, { ...rest, temperature, alpha });
    },
  });
}
