import { ValidationError, describeValue } from '@hqml/core';
import { lnGamma, regularizedIncompleteBeta } from './specialFunctions.js';

function checkDf(df: number, fn: string): void {
  if (!(typeof df === 'number' && df > 0 && Number.isFinite(df))) {
    throw new ValidationError({
      what: `${fn}: degrees of freedom df = ${describeValue(df)}`,
      why: 'df must be a finite number greater than 0',
      fix: 'Pass the sample size minus one (n - 1 >= 1)',
    });
  }
}

/** Density of Student's t distribution with `df` degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  checkDf(df, 'studentTPdf');
  const logNorm = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Upper tail P(T > t) for t >= 0 without cancellation. Far out, P(T > t) = I_x(df/2, 1/2) / 2
 * with x = df / (df + t^2), which keeps p-values like 1e-12 accurate. Near 0 that x rounds to
 * 1 and loses the digits of t, so there the complement 1/2 - I_y(1/2, df/2) / 2 with
 * y = t^2 / (df + t^2) is used instead.
 */
function upperTail(t: number, df: number): number {
  const t2 = t * t;
  if (t2 < df) return 0.5 - 0.5 * regularizedIncompleteBeta(t2 / (df + t2), 0.5, df / 2);
  return 0.5 * regularizedIncompleteBeta(df / (df + t2), df / 2, 0.5);
}

/** Cumulative distribution P(T <= t) of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df, 'studentTCdf');
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a t statistic: P(|T| >= |t|). */
export function studentTTwoSidedP(t: number, df: number): number {
  checkDf(df, 'studentTTwoSidedP');
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * upperTail(Math.abs(t), df));
}

/**
 * The quantile (inverse CDF) of Student's t: the t with P(T <= t) = p.
 *
 * Solved as a root of P(T > t) - (1 - p) on t >= 0 (by symmetry for p < 1/2) with Newton steps
 * on the density, kept inside a bisection bracket so that a poor step can never escape. The
 * upper-tail form keeps quantiles such as p = 1 - 1e-9 accurate.
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df, 'studentTQuantile');
  if (!(typeof p === 'number' && p > 0 && p < 1)) {
    throw new ValidationError({ what: `studentTQuantile: probability p = ${describeValue(p)}`, why: 'p must lie strictly between 0 and 1', fix: 'For a two-sided 95% interval use p = 0.975' });
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const target = 1 - p;
  // Bracket [lo, hi] with tail(lo) > target >= tail(hi).
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = upperTail(t, df) - target;
    if (f === 0) return t;
    if (f > 0) lo = t;
    else hi = t;
    // d/dt tail(t) = -pdf(t), so Newton's step is t + f / pdf.
    let next = t + f / studentTPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-15 * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
