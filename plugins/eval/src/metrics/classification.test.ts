import { describe, expect, it } from 'vitest';
import { Rng, ValidationError } from '@hqml/core';
import { classificationMetrics, classificationMetricsFromLogits, metricsFromConfusion } from './classification.js';
import { argmaxRows, confusionMatrix } from './confusionMatrix.js';

describe('classification metrics', () => {
  it('reproduces scikit-learn classification_report documentation example', () => {
    // sklearn docs: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
    // precision 0.50 0.00 1.00, recall 1.00 0.00 0.67, f1 0.67 0.00 0.80, accuracy 0.60,
    // macro avg 0.50 0.56 0.49.
    const m = classificationMetrics([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], 3);
    expect(m.accuracy).toBeCloseTo(0.6, 15);
    expect(m.precision).toEqual([0.5, 0, 1]);
    expect(m.recall[0]).toBe(1);
    expect(m.recall[1]).toBe(0);
    expect(m.recall[2]).toBeCloseTo(2 / 3, 15);
    expect(m.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(m.f1[2]).toBeCloseTo(0.8, 15);
    expect(m.support).toEqual([1, 1, 3]);
    expect(m.macro.precision).toBeCloseTo(0.5, 15);
    expect(m.macro.recall).toBeCloseTo(5 / 9, 15);
    expect(m.macro.f1).toBeCloseTo((2 / 3 + 0.8) / 3, 15);
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 2],
    ]);
  });

  it('reproduces scikit-learn precision_recall_fscore_support macro example (cat/dog/pig)', () => {
    // sklearn docs: macro -> (0.22, 0.33, 0.26...); cat = 0, dog = 1, pig = 2.
    const m = classificationMetrics([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 3);
    expect(m.macro.precision).toBeCloseTo(2 / 9, 15);
    expect(m.macro.recall).toBeCloseTo(1 / 3, 15);
    expect(m.macro.f1).toBeCloseTo(0.8 / 3, 15);
  });

  it('applies the zero_division convention like scikit-learn precision_score', () => {
    // sklearn docs: y_true = [0, 1, 2, 0, 1, 2], y_pred all 0 -> precision per class
    // [0.333, 0, 0]; zero_division=1 -> [0.333, 1, 1]; zero_division=np.nan -> [0.333, nan, nan].
    const yTrue = [0, 1, 2, 0, 1, 2];
    const yPred = [0, 0, 0, 0, 0, 0];
    const z0 = classificationMetrics(yTrue, yPred, 3);
    expect(z0.precision).toEqual([1 / 3, 0, 0]);
    const z1 = classificationMetrics(yTrue, yPred, 3, { zeroDivision: 1 });
    expect(z1.precision).toEqual([1 / 3, 1, 1]);
    // Recall is defined for every class here, so zero_division does not touch it.
    expect(z1.recall).toEqual([1, 0, 0]);
    const zn = classificationMetrics(yTrue, yPred, 3, { zeroDivision: 'nan' });
    expect(zn.precision[0]).toBeCloseTo(1 / 3, 15);
    expect(Number.isNaN(zn.precision[1]!)).toBe(true);
    // Macro averages skip undefined entries with "nan".
    expect(zn.macro.precision).toBeCloseTo(1 / 3, 15);
    expect(z0.macro.precision).toBeCloseTo(1 / 9, 15);
    expect(z1.macro.precision).toBeCloseTo(7 / 9, 15);
    // F1 of a never-predicted class that occurs: 2·0 / (0 + 0 + 2) = 0, not 0/0.
    expect(z1.f1).toEqual([0.5, 0, 0]);
  });

  it('counts absent classes and gives them the zero_division value', () => {
    const m = classificationMetrics([0, 0, 1], [0, 1, 1], 3, { zeroDivision: 1 });
    expect(m.support).toEqual([2, 1, 0]);
    expect([m.precision[2], m.recall[2], m.f1[2]]).toEqual([1, 1, 1]);
    expect(m.confusion[2]).toEqual([0, 0, 0]);
  });

  it('agrees with a direct per-class count on random labels (second implementation)', () => {
    const rng = Rng.from(7);
    for (let trial = 0; trial < 20; trial++) {
      const k = 2 + rng.int(6);
      const n = 1 + rng.int(200);
      const yTrue = Array.from({ length: n }, () => rng.int(k));
      // Correlated predictions so that metrics are not all near chance.
      const yPred = yTrue.map((y) => (rng.float() < 0.6 ? y : rng.int(k)));
      const m = classificationMetrics(yTrue, yPred, k);
      let correct = 0;
      for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
      expect(m.accuracy).toBe(correct / n);
      for (let c = 0; c < k; c++) {
        const idx = [...Array(n).keys()];
        const tp = idx.filter((i) => yTrue[i] === c && yPred[i] === c).length;
        const predicted = idx.filter((i) => yPred[i] === c).length;
        const actual = idx.filter((i) => yTrue[i] === c).length;
        const p = predicted === 0 ? 0 : tp / predicted;
        const r = actual === 0 ? 0 : tp / actual;
        expect(m.precision[c]).toBeCloseTo(p, 14);
        expect(m.recall[c]).toBeCloseTo(r, 14);
        // Where both are positive, F1 is their harmonic mean.
        if (p > 0 && r > 0) expect(m.f1[c]).toBeCloseTo((2 * p * r) / (p + r), 14);
        expect(m.support[c]).toBe(actual);
      }
      expect(m.macro.f1).toBeCloseTo(m.f1.reduce((s, v) => s + v, 0) / k, 14);
    }
  });

  it('computes the same metrics from logits via argmax (ties to the lowest index)', () => {
    const logits = new Float32Array([2, 1, 0, /**/ 0.1, 0.5, 0.2, /**/ 3, 3, 1, /**/ -1, -2, 0]);
    expect([...argmaxRows(logits, 3)]).toEqual([0, 1, 0, 2]);
    const yTrue = new Int32Array([0, 1, 1, 2]);
    const a = classificationMetricsFromLogits(logits, yTrue, 3);
    const b = classificationMetrics(yTrue, [0, 1, 0, 2], 3);
    expect(a).toEqual(b);
    expect(a.accuracy).toBe(0.75);
  });

  it('metricsFromConfusion is what the label path uses', () => {
    const m = classificationMetrics([0, 1, 1, 2], [0, 1, 2, 2], 3);
    expect(metricsFromConfusion(confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3))).toEqual(m);
  });

  it('validates inputs before counting', () => {
    expect(() => classificationMetrics([], [], 2)).toThrow(ValidationError);
    expect(() => classificationMetrics([0, 1], [0], 2)).toThrow(/yTrue has 2 labels and yPred has 1/);
    expect(() => classificationMetrics([0, 2], [0, 1], 2)).toThrow(/yTrue\[1\] = 2/);
    expect(() => classificationMetrics([0, 1], [0, 0.5], 2)).toThrow(/yPred\[1\] = 0.5/);
    expect(() => classificationMetrics([0], [0], 0)).toThrow(/numClasses = 0/);
    expect(() => classificationMetricsFromLogits([1, 2, 3], [0, 1], 2)).toThrow(/logits has 3 values/);
    expect(() => argmaxRows([1, Number.NaN], 2)).toThrow(/is NaN/);
    expect(() => metricsFromConfusion([[1, 2]])).toThrow(/square/);
    expect(() => classificationMetrics([0], [0], 1, { zeroDivision: 2 as never })).toThrow(/zeroDivision = 2/);
  });
});
