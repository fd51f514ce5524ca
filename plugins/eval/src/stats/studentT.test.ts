import { describe, expect, it } from 'vitest';
import { ValidationError } from '@hqml/core';
import { lnGamma, regularizedIncompleteBeta } from './specialFunctions.js';
import { studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedP } from './studentT.js';

describe('special functions', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    let fact = 1;
    for (let n = 1; n <= 20; n++) {
      expect(lnGamma(n + 1)).toBeCloseTo(Math.log((fact *= n)), 10);
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
  });

  it('regularizedIncompleteBeta matches closed forms and scipy.special.betainc', () => {
    // I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a.
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 14);
    // I_x(1/2, 1/2) = (2/π) asin(√x).
    expect(regularizedIncompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.9)), 13);
    // Reference values from scipy 1.17 special.betainc(a, b, x).
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 13);
    expect(regularizedIncompleteBeta(0.7, 50, 40)).toBeCloseTo(0.9979524488148462, 12);
    const tiny = regularizedIncompleteBeta(0.01, 10, 0.5);
    expect(Math.abs(tiny / 1.770034965528571e-21 - 1)).toBeLessThan(1e-10);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t', () => {
  it('quantiles match the printed t table (3 decimals)', () => {
    const table: [p: number, df: number, t: number][] = [
      [0.975, 1, 12.706],
      [0.975, 2, 4.303],
      [0.975, 4, 2.776],
      [0.975, 9, 2.262],
      [0.975, 30, 2.042],
      [0.95, 10, 1.812],
      [0.995, 5, 4.032],
      [0.9, 20, 1.325],
    ];
    for (const [p, df, t] of table) expect(studentTQuantile(p, df)).toBeCloseTo(t, 3);
  });

  it('quantiles match scipy.stats.t.ppf to 1e-9 relative, including far tails and real df', () => {
    const ref: [number, number, number][] = [
      [0.975, 2, 4.302652729749462],
      [0.975, 4, 2.7764451051977934],
      [0.975, 9, 2.262157162798205],
      [0.999999, 3, 103.29946777942898],
      [0.6, 2.5, 0.2814595127485477],
      [0.975, 1000, 1.9623390808264083],
    ];
    for (const [p, df, t] of ref) expect(Math.abs(studentTQuantile(p, df) / t - 1)).toBeLessThan(1e-9);
  });

  it('quantiles match the closed forms for df = 1 (Cauchy), 2 and 4', () => {
    for (const p of [0.01, 0.3, 0.5, 0.77, 0.975, 0.9999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10);
      const a = 4 * p * (1 - p);
      const q4 = Math.sign(p - 0.5) * 2 * Math.sqrt(Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a) - 1);
      expect(studentTQuantile(p, 4)).toBeCloseTo(q4, 10);
    }
  });

  it('keeps relative precision for quantiles next to the median (t -> 0)', () => {
    // Regression: with x = df / (df + t^2) rounding to 1, these were off by up to 1000%.
    // References: scipy.stats.t.ppf (df 1000, 100000) and the density at 0 (t ≈ (p - 1/2) / pdf(0)).
    expect(Math.abs(studentTQuantile(0.5000001, 1000) / 2.507255008614169e-7 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(studentTQuantile(0.5000001, 1e5) / 2.506634539890165e-7 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(studentTQuantile(0.5000001, 4) / (1e-7 / studentTPdf(0, 4)) - 1)).toBeLessThan(1e-8);
    expect(Math.abs(studentTQuantile(0.9, 1e5) / 1.2815600314493614 - 1)).toBeLessThan(1e-9);
  });

  it('the CDF agrees with a Simpson integral of the density and inverts the quantile', () => {
    for (const df of [1, 3, 7.5, 25]) {
      for (const t of [-2.5, -0.3, 0.8, 3]) {
        // Independent reference: 1/2 + ∫_0^t pdf, composite Simpson with 2,000 panels.
        const n = 2000;
        const h = t / n;
        let s = studentTPdf(0, df) + studentTPdf(t, df);
        for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * studentTPdf(i * h, df);
        expect(studentTCdf(t, df)).toBeCloseTo(0.5 + (s * h) / 3, 10);
        expect(studentTCdf(studentTQuantile(studentTCdf(t, df), df), df)).toBeCloseTo(studentTCdf(t, df), 12);
      }
    }
    expect(studentTCdf(2, 3)).toBeCloseTo(0.9303370157205785, 13);
    expect(studentTCdf(-1.3, 7.5)).toBeCloseTo(0.11606338940780439, 13);
  });

  it('two-sided p-values are the tails on both sides', () => {
    expect(studentTTwoSidedP(2.887979489524621, 4)).toBeCloseTo(0.04465344976883758, 12);
    expect(studentTTwoSidedP(0, 4)).toBe(1);
    expect(studentTTwoSidedP(-12.706204736174694, 1)).toBeCloseTo(0.05, 12);
    expect(studentTTwoSidedP(Infinity, 4)).toBe(0);
  });

  it('rejects invalid p and df with the argument named', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(ValidationError);
    expect(() => studentTQuantile(0.975, 0)).toThrow(/df = 0/);
    expect(() => studentTCdf(1, Number.NaN)).toThrow(/df = NaN/);
  });
});
