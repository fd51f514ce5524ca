import { studentTQuantile } from './studentT.js';
import { checkConfidence, checkValues } from './validate.js';

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
  /** Half the width: the "±" of `mean ± halfWidth`. */
  readonly halfWidth: number;
  /** The confidence level, e.g. 0.95. */
  readonly level: number;
}

/** Mean, spread and confidence interval of one metric over seeds. */
export interface SeedSummary {
  /** Number of seeds. */
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); null with one seed, where it is undefined. */
  readonly std: number | null;
  /** Standard error of the mean, std / √n; null with one seed. */
  readonly sem: number | null;
  /** t-distribution interval for the mean, mean ± t_{(1+c)/2, n-1} · sem; null with one seed. */
  readonly ci: ConfidenceInterval | null;
  readonly min: number;
  readonly max: number;
  /** The per-seed values, in the order given, so that every number above can be recomputed. */
  readonly values: readonly number[];
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Confidence level of the interval (default 0.95). */
  readonly confidence?: number;
}

/**
 * Summarizes one metric over seeds: mean, sample standard deviation and the Student-t
 * confidence interval of the mean (the seeds are few, so the normal 1.96 would be too narrow:
 * with 3 seeds the 95% factor is 4.303).
 */
export function summarize(values: readonly number[], options: SummarizeOptions = {}): SeedSummary {
  const confidence = options.confidence ?? 0.95;
  checkValues(values, 'values', 'summarize');
  checkConfidence(confidence, 'summarize');
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const frozen = Object.freeze([...values]);
  if (n < 2) return Object.freeze({ n, mean, std: null, sem: null, ci: null, min, max, values: frozen });
  // Two-pass variance: subtracting the mean first avoids cancellation for values near 1.
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  const std = Math.sqrt(ss / (n - 1));
  const sem = std / Math.sqrt(n);
  const halfWidth = studentTQuantile((1 + confidence) / 2, n - 1) * sem;
  const ci = Object.freeze({ lower: mean - halfWidth, upper: mean + halfWidth, halfWidth, level: confidence });
  return Object.freeze({ n, mean, std, sem, ci, min, max, values: frozen });
}
