// Loss
export { kdLoss, resolveKdOptions, KD_DEFAULTS } from './kdLoss.js';
export type { KdLossOptions } from './kdLoss.js';

// Frozen teacher
export { TeacherLogits } from './teacherLogits.js';

// Trainers
export { trainBaseline, trainDistilled, isTrainableStudent } from './trainers.js';
export type { TrainableStudent, StudentTrainOptions, DistillTrainOptions } from './trainers.js';
export { createBaselineTrainer, createKdTrainer, StudentTrainerToken, kdTrainerOptionsSchema } from './studentTrainer.js';
export type { StudentTrainer } from './studentTrainer.js';

// Composition
export { baselineTrainerPlugin, kdTrainerPlugin, distillPlugins } from './plugins.js';
export { registerDistill } from './register.js';
export type { RegisterDistillOptions } from './register.js';
export { distillBench } from './bench.js';
export { runKdTorchPeer } from './torchPeer.js';
