import { ValidationError, describeValue } from '@hqml/core';

/**
 * A confusion matrix: `matrix[t][p]` counts the samples of true class `t` predicted as class `p`
 * (rows are true classes, columns predictions, as in scikit-learn).
 */
export type ConfusionMatrix = readonly (readonly number[])[];

/** Checks a class count: an integer >= 1. */
export function checkNumClasses(numClasses: number, fn: string): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValidationError({ what: `${fn}: numClasses = ${describeValue(numClasses)}`, why: 'the number of classes is an integer >= 1', fix: 'Pass the number of classes of the data split (classes.length)' });
  }
}

function checkLabels(labels: ArrayLike<number>, name: string, numClasses: number, fn: string): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
      throw new ValidationError({
        what: `${fn}: ${name}[${i}] = ${describeValue(v)}`,
        why: `labels are integers in 0..${numClasses - 1} for numClasses = ${numClasses}`,
        fix: 'Re-index the labels to 0..numClasses-1, or pass the right numClasses',
      });
    }
  }
}

/**
 * Counts a confusion matrix from true and predicted labels (each an integer in
 * `0..numClasses-1`). Every class gets a row and a column, also one that never occurs.
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ConfusionMatrix {
  checkNumClasses(numClasses, 'confusionMatrix');
  if (yTrue.length !== yPred.length) {
    throw new ValidationError({ what: `confusionMatrix: yTrue has ${yTrue.length} labels and yPred has ${yPred.length}`, why: 'there is one prediction per sample', fix: 'Pass labels and predictions of the same samples' });
  }
  checkLabels(yTrue, 'yTrue', numClasses, 'confusionMatrix');
  checkLabels(yPred, 'yPred', numClasses, 'confusionMatrix');
  const counts = new Float64Array(numClasses * numClasses);
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]! * numClasses + yPred[i]!]! += 1;
  return Object.freeze(Array.from({ length: numClasses }, (_, r) => Object.freeze(Array.from(counts.subarray(r * numClasses, (r + 1) * numClasses)))));
}

/** Checks that `matrix` is a square matrix of non-negative integer counts; returns its size. */
export function checkConfusionMatrix(matrix: unknown, fn: string): number {
  const k = Array.isArray(matrix) ? matrix.length : 0;
  const ok =
    k > 0 &&
    (matrix as unknown[]).every((row) => Array.isArray(row) && row.length === k && row.every((c: unknown) => typeof c === 'number' && Number.isInteger(c) && c >= 0));
  if (!ok) {
    throw new ValidationError({ what: `${fn}: confusion matrix ${describeValue(matrix)}`, why: 'a confusion matrix is a non-empty square array of non-negative integer counts', fix: 'Build it with confusionMatrix(yTrue, yPred, numClasses)' });
  }
  return k;
}

/**
 * Row-wise argmax of `count x numClasses` row-major logits (or probabilities): the predicted
 * class of each sample. Ties go to the lowest index, as numpy's argmax.
 */
export function argmaxRows(logits: ArrayLike<number>, numClasses: number): Int32Array {
  checkNumClasses(numClasses, 'argmaxRows');
  if (logits.length % numClasses !== 0) {
    throw new ValidationError({ what: `argmaxRows: logits has ${logits.length} values`, why: `that is not a multiple of numClasses = ${numClasses}`, fix: 'Pass count x numClasses row-major logits' });
  }
  const count = logits.length / numClasses;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      const v = logits[i * numClasses + c]!;
      if (Number.isNaN(v)) {
        throw new ValidationError({ what: `argmaxRows: logits[${i * numClasses + c}] (sample ${i}, class ${c}) is NaN`, why: 'a NaN logit has no rank', fix: 'Check the model for a diverged training run' });
      }
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
