import { TrainingHistory } from '@hqml/core';
import type { ClassificationEvaluator, SeedRun } from '@hqml/eval';
import type { StoredCell } from './cellStore.js';

/**
 * What a classification cell stores: the test-set confusion matrix (the one evaluation on the
 * test set, rows = true class), the training curves, and extra per-seed numbers (training
 * seconds, parameter counts, validation accuracy, ...) that reports summarise over seeds.
 */
export interface ClassificationOutcome {
  readonly confusion: number[][];
  readonly history: ReturnType<TrainingHistory['toJSON']>;
  readonly extra: Readonly<Record<string, number>>;
}

/** The per-seed runs of one condition for a report: metrics from each stored confusion matrix. */
export function seedRuns(evaluator: ClassificationEvaluator, cells: ReadonlyArray<StoredCell<ClassificationOutcome>>): SeedRun[] {
  return cells.map((c) => ({ seed: c.seed, metrics: evaluator.metricsFromConfusion(c.result.confusion), history: TrainingHistory.fromJSON(c.result.history), extra: c.result.extra }));
}
