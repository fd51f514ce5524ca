import { definePlugin } from '@hqml/core';
import { type StudentTrainer, StudentTrainerToken, createBaselineTrainer, createKdTrainer, kdTrainerOptionsSchema } from './studentTrainer.js';

/** `distill.baseline`: trains a student on the labels (cross-entropy). */
export const baselineTrainerPlugin = definePlugin<StudentTrainer>({
  id: 'distill.baseline',
  kind: 'trainer',
  description: 'baseline student training: softmax cross-entropy on the labels, model selection on the validation split',
  capabilities: { loss: 'cross-entropy', selection: 'validation loss' },
  token: StudentTrainerToken,
  create: () => createBaselineTrainer(),
});

/** `distill.kd`: Hinton's distillation against a frozen, cached teacher. */
export const kdTrainerPlugin = definePlugin<StudentTrainer, { temperature: number; alpha: number }>({
  id: 'distill.kd',
  kind: 'trainer',
  description: "knowledge distillation: alpha*T^2*KL(teacher_T || student_T) + (1-alpha)*CE, frozen teacher with cached logits",
  capabilities: { loss: 'hinton-kd', defaults: { temperature: 3, alpha: 0.9 }, selection: 'validation loss' },
  token: StudentTrainerToken,
  options: kdTrainerOptionsSchema,
  create: (o) => createKdTrainer(o),
});

/** Both trainer plugins. */
export const distillPlugins = [baselineTrainerPlugin, kdTrainerPlugin] as const;
