import { describe, expect, it } from 'vitest';
import { ValidationError } from '@hqml/core';
import { pairedDifference } from './pairedDifference.js';
import { summarize } from './summarize.js';

describe('summarize', () => {
  it('gives mean, sample std and the t interval (reference: scipy.stats.t.interval)', () => {
    const s = summarize([0.91, 0.93, 0.9]);
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.9133333333333334, 14);
    expect(s.std).toBeCloseTo(0.01527525231651948, 14);
    expect(s.ci!.lower).toBeCloseTo(0.8753875029973658, 12);
    expect(s.ci!.upper).toBeCloseTo(0.9512791636693011, 12);
    // By hand: half width = 4.303 · std / √3.
    expect(s.ci!.halfWidth).toBeCloseTo((4.303 * 0.01527525231651948) / Math.sqrt(3), 4);
    expect(s.min).toBe(0.9);
    expect(s.max).toBe(0.93);
  });

  it('uses t_{0.975,9} = 2.262 for ten seeds and honours the confidence level', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const s = summarize(values);
    const sem = Math.sqrt(110 / 12 / 10); // var of 1..10 is 55/6
    expect(s.ci!.halfWidth).toBeCloseTo(2.262157162798205 * sem, 12);
    const s90 = summarize(values, { confidence: 0.9 });
    expect(s90.ci!.halfWidth).toBeCloseTo(1.8331129326536335 * sem, 10);
  });

  it('leaves std and CI undefined (null) for one seed, and zero-width for constant values', () => {
    const one = summarize([0.5]);
    expect(one).toMatchObject({ n: 1, mean: 0.5, std: null, sem: null, ci: null });
    const same = summarize([0.7, 0.7, 0.7]);
    expect(same.std).toBeCloseTo(0, 15);
    expect(same.ci!.halfWidth).toBeCloseTo(0, 14);
  });

  it('validates inputs, naming the argument', () => {
    expect(() => summarize([])).toThrow(ValidationError);
    expect(() => summarize([1, Number.NaN])).toThrow(/values\[1\] = NaN/);
    expect(() => summarize([1, 2], { confidence: 95 })).toThrow(/confidence = 95/);
  });
});

describe('pairedDifference', () => {
  it('matches scipy.stats.ttest_rel and the t interval of the differences', () => {
    const distilled = [0.81, 0.84, 0.79, 0.86, 0.83];
    const baseline = [0.78, 0.8, 0.8, 0.82, 0.79];
    const d = pairedDifference(distilled, baseline);
    expect(d.n).toBe(5);
    expect(d.df).toBe(4);
    expect(d.meanDifference).toBeCloseTo(0.028, 14);
    expect(d.std).toBeCloseTo(0.02167948338867879, 13);
    expect(d.t).toBeCloseTo(2.887979489524621, 10);
    expect(d.pValue).toBeCloseTo(0.04465344976883758, 10);
    expect(d.ci!.lower).toBeCloseTo(0.0010813659766209863, 12);
    expect(d.ci!.upper).toBeCloseTo(0.05491863402337897, 12);
    // The CI excludes 0 exactly when p < 0.05.
    expect(d.ci!.lower > 0).toBe(d.pValue! < 0.05);
  });

  it('is antisymmetric and null where the test is undefined', () => {
    const a = pairedDifference([1, 2, 4], [0, 1, 1]);
    const b = pairedDifference([0, 1, 1], [1, 2, 4]);
    expect(b.t).toBeCloseTo(-a.t!, 14);
    expect(b.pValue).toBeCloseTo(a.pValue!, 14);
    expect(pairedDifference([1, 2], [0, 1])).toMatchObject({ meanDifference: 1, std: 0, t: null, pValue: null });
    expect(pairedDifference([1], [0])).toMatchObject({ n: 1, ci: null, t: null });
  });

  it('rejects unpaired inputs', () => {
    expect(() => pairedDifference([1, 2, 3], [1, 2])).toThrow(/treatment has 3 values and control has 2/);
  });
});
