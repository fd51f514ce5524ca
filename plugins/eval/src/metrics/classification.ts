import { ValidationError, describeValue } from '@hqml/core';
import { type ConfusionMatrix, argmaxRows, checkConfusionMatrix, checkNumClasses, confusionMatrix } from './confusionMatrix.js';

/**
 * What a ratio with a zero denominator (0/0) is set to; scikit-learn's `zero_division`.
 *
 * - precision of a class that is never predicted (tp + fp = 0),
 * - recall of a class that never occurs (tp + fn = 0),
 * - F1 of a class that neither occurs nor is predicted (2tp + fp + fn = 0)
 *
 * are set to this value. `0` (the default, as scikit-learn's default "warn") is conservative;
 * `'nan'` marks them undefined, and macro averages then skip them (scikit-learn's `np.nan`).
 */
export type ZeroDivision = 0 | 1 | 'nan';

/** Macro averages: the unweighted mean over classes. */
export interface MacroAverages {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Classification metrics of one evaluation (one model, one seed, one split). */
export interface ClassificationMetrics {
  readonly numClasses: number;
  /** Number of samples. */
  readonly count: number;
  /** Fraction of samples predicted correctly. */
  readonly accuracy: number;
  /** Per-class precision tp / (tp + fp), index = class. */
  readonly precision: readonly number[];
  /** Per-class recall tp / (tp + fn). */
  readonly recall: readonly number[];
  /** Per-class F1 = 2tp / (2tp + fp + fn) (the harmonic mean of precision and recall when both are defined). */
  readonly f1: readonly number[];
  /** Per-class number of true samples. */
  readonly support: readonly number[];
  readonly macro: MacroAverages;
  /** The counts every other number derives from. */
  readonly confusion: ConfusionMatrix;
  /** The 0/0 convention used. */
  readonly zeroDivision: ZeroDivision;
}

/** Options of the metric functions. */
export interface MetricsOptions {
  /** Value of 0/0 ratios (default 0); see {@link ZeroDivision}. */
  readonly zeroDivision?: ZeroDivision;
}

function checkZeroDivision(z: unknown, fn: string): ZeroDivision {
  if (z === 0 || z === 1 || z === 'nan') return z;
  throw new ValidationError({ what: `${fn}: zeroDivision = ${describeValue(z)}`, why: 'it must be 0, 1 or "nan"', fix: 'Omit it for the default 0' });
}

function mean(values: readonly number[], skipNaN: boolean): number {
  const kept = skipNaN ? values.filter((v) => !Number.isNaN(v)) : values;
  return kept.length === 0 ? Number.NaN : kept.reduce((s, v) => s + v, 0) / kept.length;
}

/**
 * All metrics from a confusion matrix (rows = true class). This is the one place the formulas
 * live; the label and logit entry points count a matrix and call it, and a report's JSON can be
 * re-checked from its stored matrices.
 */
export function metricsFromConfusion(matrix: ConfusionMatrix, options: MetricsOptions = {}): ClassificationMetrics {
  const k = checkConfusionMatrix(matrix, 'metricsFromConfusion');
  const zeroDivision = checkZeroDivision(options.zeroDivision ?? 0, 'metricsFromConfusion');
  const zd = zeroDivision === 'nan' ? Number.NaN : zeroDivision;
  const ratio = (num: number, den: number): number => (den === 0 ? zd : num / den);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let correct = 0;
  let count = 0;
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    let rowSum = 0;
    let colSum = 0;
    for (let j = 0; j < k; j++) {
      rowSum += matrix[c]![j]!;
      colSum += matrix[j]![c]!;
    }
    const fn = rowSum - tp;
    const fp = colSum - tp;
    precision.push(ratio(tp, tp + fp));
    recall.push(ratio(tp, tp + fn));
    f1.push(ratio(2 * tp, 2 * tp + fp + fn));
    support.push(rowSum);
    correct += tp;
    count += rowSum;
  }
  if (count === 0) {
    throw new ValidationError({ what: 'metricsFromConfusion: the confusion matrix counts 0 samples', why: 'metrics of an empty evaluation are undefined', fix: 'Evaluate on at least one sample' });
  }
  const skip = zeroDivision === 'nan';
  const macro = Object.freeze({ precision: mean(precision, skip), recall: mean(recall, skip), f1: mean(f1, skip) });
  const confusion = Object.freeze(matrix.map((row) => Object.freeze([...row])));
  return Object.freeze({
    numClasses: k,
    count,
    accuracy: correct / count,
    precision: Object.freeze(precision),
    recall: Object.freeze(recall),
    f1: Object.freeze(f1),
    support: Object.freeze(support),
    macro,
    confusion,
    zeroDivision,
  });
}

/**
 * Accuracy, per-class and macro precision/recall/F1 and the confusion matrix from true and
 * predicted labels (integers in `0..numClasses-1`).
 */
export function classificationMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number, options: MetricsOptions = {}): ClassificationMetrics {
  if (yTrue.length === 0) {
    throw new ValidationError({ what: 'classificationMetrics: yTrue is empty', why: 'metrics of an empty evaluation are undefined', fix: 'Evaluate on at least one sample' });
  }
  return metricsFromConfusion(confusionMatrix(yTrue, yPred, numClasses), options);
}

/**
 * The same metrics from `count x numClasses` row-major logits (or probabilities, or any score
 * whose row-wise argmax is the prediction), e.g. the output of `ClassicalModel.logits`.
 */
export function classificationMetricsFromLogits(logits: ArrayLike<number>, yTrue: ArrayLike<number>, numClasses: number, options: MetricsOptions = {}): ClassificationMetrics {
  checkNumClasses(numClasses, 'classificationMetricsFromLogits');
  if (logits.length !== yTrue.length * numClasses) {
    throw new ValidationError({
      what: `classificationMetricsFromLogits: logits has ${logits.length} values for ${yTrue.length} labels and numClasses = ${numClasses}`,
      why: `expected yTrue.length x numClasses = ${yTrue.length * numClasses} values`,
      fix: 'Pass one row of numClasses logits per labelled sample',
    });
  }
  return classificationMetrics(yTrue, argmaxRows(logits, numClasses), numClasses, options);
}
