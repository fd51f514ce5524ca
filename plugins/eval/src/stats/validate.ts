import { ValidationError, describeValue } from '@hqml/core';

/** Checks a confidence level (0 < c < 1). */
export function checkConfidence(confidence: number, fn: string): void {
  if (!(typeof confidence === 'number' && confidence > 0 && confidence < 1)) {
    throw new ValidationError({ what: `${fn}: confidence = ${describeValue(confidence)}`, why: 'a confidence level lies strictly between 0 and 1', fix: 'Use e.g. 0.95 for a 95% interval' });
  }
}

/** Checks that `values` is a non-empty list of finite numbers. */
export function checkValues(values: readonly number[], name: string, fn: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new ValidationError({ what: `${fn}: ${name} = ${describeValue(values)}`, why: 'at least one value (one seed) is needed', fix: `Pass one number per seed in ${name}` });
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError({ what: `${fn}: ${name}[${i}] = ${describeValue(v)}`, why: 'every per-seed value must be a finite number', fix: 'Check the run that produced it' });
    }
  });
}
