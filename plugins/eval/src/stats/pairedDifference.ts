import { ValidationError } from '@hqml/core';
import { studentTTwoSidedP } from './studentT.js';
import { type ConfidenceInterval, summarize } from './summarize.js';
import { checkValues } from './validate.js';

/** Result of a paired comparison of two conditions run over the same seeds. */
export interface PairedDifference {
  /** Number of pairs (seeds). */
  readonly n: number;
  /** Mean of treatment − control. */
  readonly meanDifference: number;
  /** Sample standard deviation of the differences; null with one pair. */
  readonly std: number | null;
  /** Student-t interval of the mean difference; null with one pair. */
  readonly ci: ConfidenceInterval | null;
  /** Paired t statistic, mean / (std / √n); null when undefined (one pair, or all differences equal). */
  readonly t: number | null;
  /** Degrees of freedom, n − 1. */
  readonly df: number;
  /** Two-sided p-value of the paired t test (H0: mean difference 0); null when t is. */
  readonly pValue: number | null;
  /** The per-seed differences treatment[i] − control[i]. */
  readonly differences: readonly number[];
}

/**
 * Paired difference between two conditions measured on the same seeds (e.g. distilled −
 * baseline accuracy): the pairing removes the seed-to-seed variation the two share, so it is
 * more sensitive than comparing two independent intervals. `treatment[i]` and `control[i]`
 * must come from the same seed. The t statistic and p-value are those of scipy's `ttest_rel`.
 */
export function pairedDifference(treatment: readonly number[], control: readonly number[], options: { confidence?: number } = {}): PairedDifference {
  checkValues(treatment, 'treatment', 'pairedDifference');
  checkValues(control, 'control', 'pairedDifference');
  if (treatment.length !== control.length) {
    throw new ValidationError({
      what: `pairedDifference: treatment has ${treatment.length} values and control has ${control.length}`,
      why: 'a paired comparison needs one value of each condition per seed',
      fix: 'Run both conditions on the same seeds and pass the values in the same seed order',
    });
  }
  const differences = treatment.map((v, i) => v - control[i]!);
  const s = summarize(differences, options);
  const n = s.n;
  let t: number | null = null;
  let pValue: number | null = null;
  // With zero spread the t statistic is 0/0 or ±∞: the test says nothing useful, so it is null.
  if (s.sem !== null && s.sem > 0) {
    t = s.mean / s.sem;
    pValue = studentTTwoSidedP(t, n - 1);
  }
  return Object.freeze({ n, meanDifference: s.mean, std: s.std, ci: s.ci, t, df: n - 1, pValue, differences: s.values });
}
