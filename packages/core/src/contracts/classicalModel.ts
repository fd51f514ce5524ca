import type { DataSplit } from './dataset.js';
import type { EpochRecord, TrainingHistory } from './trainingHistory.js';

/** Options of {@link ClassicalModel.fit}. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate?: number;
  readonly optimizer?: 'adam' | 'sgd';
  /** Seed for initialisation-independent randomness (shuffling, dropout). */
  readonly seed?: number;
  /** Held-out data for early stopping and model selection (never the test set). */
  readonly validation?: DataSplit;
  /** Stop after this many epochs without validation improvement. */
  readonly patience?: number;
  /** Write a checkpoint after every epoch here (atomically). */
  readonly checkpointDir?: string;
  /** Continue from the checkpoint in `checkpointDir` if there is one. */
  readonly resume?: boolean;
  /** Called after every epoch. */
  readonly onEpoch?: (record: EpochRecord) => void;
  /** Show a progress bar. */
  readonly progress?: boolean;
}

/**
 * A trainable classical network: teachers, feature reducers, the schedule-generating CNN, and
 * quantum students (models that contain a quantum layer) all meet this contract, so trainers
 * treat them alike.
 */
export interface ClassicalModel {
  /** The stable short id of the architecture, e.g. `lenet5`. */
  readonly id: string;
  /** Shape of one input sample. */
  readonly inputShape: readonly number[];
  /** Number of logits. */
  readonly outputSize: number;
  /** Number of trainable parameters. */
  readonly parameterCount: number;
  fit(train: DataSplit, options: FitOptions): Promise<TrainingHistory>;
  /** Logits for `count` samples (row-major `count x prod(inputShape)`), `count x outputSize`. */
  logits(x: Float32Array, count: number): Promise<Float32Array>;
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  dispose(): void;
}
