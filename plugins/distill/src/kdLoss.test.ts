import * as tf from '@tensorflow/tfjs-core';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { KD_DEFAULTS, kdLoss, resolveKdOptions } from './kdLoss.js';

beforeAll(async () => {
  await initTfjsBackend({ backend: 'cpu' });
});

const value = (t: tf.Scalar): number => {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
};

describe('kdLoss', () => {
  it('equals a hand-computed value (one sample, two classes, T = 2, alpha = 0.5)', () => {
    // student logits (1, 2), teacher logits (3, 1), label 0.
    // At T = 2: student softmax(0.5, 1) = (1/(1+e^0.5), e^0.5/(1+e^0.5)) = (0.3775407, 0.6224593)
    //           teacher softmax(1.5, 0.5) = (e/(1+e), 1/(1+e))         = (0.7310586, 0.2689414)
    // KL = 0.7310586*ln(0.7310586/0.3775407) + 0.2689414*ln(0.2689414/0.6224593)
    //    = 0.7310586*0.6608153 + 0.2689414*(-0.8391847) = 0.4830976 - 0.2256914 = 0.2574032
    // CE at T = 1 with label 0: -ln(e^1/(e^1+e^2)) = ln(1+e) = 1.3132617
    // loss = 0.5 * 4 * 0.2574032 + 0.5 * 1.3132617 = 0.5148063 + 0.6566308 = 1.1714372
    const loss = kdLoss(tf.tensor2d([[1, 2]]), tf.tensor2d([[3, 1]]), tf.tensor1d([0], 'int32'), { temperature: 2, alpha: 0.5 });
    expect(value(loss)).toBeCloseTo(1.1714372, 5);
  });

  it('averages over the batch and matches a plain-number implementation', () => {
    const s = [[0.3, -1.2, 2.0], [1.5, 0.1, -0.4], [-0.7, 0.9, 0.2]];
    const t = [[2.2, -0.5, 0.1], [0.0, 0.0, 3.0], [1.0, 1.0, -1.0]];
    const y = [2, 0, 1];
    const T = 3, alpha = 0.7;
    const softmax = (z: number[], temp: number): number[] => {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp((v - m) / temp));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    };
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const ps = softmax(s[i]!, T), pt = softmax(t[i]!, T);
      const kl = pt.reduce((acc, p, j) => acc + p * Math.log(p / ps[j]!), 0);
      const ce = -Math.log(softmax(s[i]!, 1)[y[i]!]!);
      expected += (alpha * T * T * kl + (1 - alpha) * ce) / 3;
    }
    expect(value(kdLoss(tf.tensor2d(s), tf.tensor2d(t), tf.tensor1d(y, 'int32'), { temperature: T, alpha }))).toBeCloseTo(expected, 5);
  });

  it('is zero (alpha = 1) when the student equals the teacher, and plain cross-entropy at alpha = 0', () => {
    const z = tf.tensor2d([[0.5, -1, 2], [3, 0, 0]]);
    expect(value(kdLoss(z, z, undefined, { alpha: 1 }))).toBeCloseTo(0, 6);
    const ce = -(Math.log(Math.exp(2) / (Math.exp(0.5) + Math.exp(-1) + Math.exp(2))) + Math.log(Math.exp(3) / (Math.exp(3) + 2))) / 2;
    expect(value(kdLoss(z, tf.tensor2d([[9, 9, 9], [0, 5, 1]]), tf.tensor1d([2, 0], 'int32'), { alpha: 0 }))).toBeCloseTo(ce, 5);
  });

  it('has the analytic gradient alpha*T*(p_s - p_t)/batch with respect to the student logits, and none to the teacher', () => {
    const s = tf.tensor2d([[0.2, 1.1, -0.3], [0.9, -0.4, 0.0]]);
    const t = tf.tensor2d([[1.0, 0.0, 2.0], [-1.0, 0.5, 0.5]]);
    const T = 2.5, alpha = 1;
    const [gs, gt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => kdLoss(a, b, undefined, { temperature: T, alpha }))([s, t]);
    const expected = tf.tidy(() => tf.div(tf.mul(tf.sub(tf.softmax(tf.div(s, T)), tf.softmax(tf.div(t, T))), alpha * T), 2));
    const got = Array.from(gs!.dataSync()), want = Array.from(expected.dataSync());
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i]!, 5));
    expect(Array.from(gt!.dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('equals, value and gradient, the op-by-op TF.js composite of the same formula (alpha < 1, labels)', () => {
    const rng = Rng.from('kd-fused');
    const B = 16, k = 8, T = 3, alpha = 0.7;
    const s = tf.tensor2d(Float32Array.from({ length: B * k }, () => 4 * rng.normal()), [B, k]);
    const t = tf.tensor2d(Float32Array.from({ length: B * k }, () => 4 * rng.normal()), [B, k]);
    const y = tf.tensor1d(Int32Array.from({ length: B }, () => rng.int(k)), 'int32');
    // the composite kdLoss was before it became one op
    const composite = (z: tf.Tensor): tf.Scalar => {
      const logPt = tf.logSoftmax(tf.div(t, T));
      const kl = tf.mean(tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, tf.logSoftmax(tf.div(z, T)))), 1));
      const ce = tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(y, k), tf.logSoftmax(z)), 1)));
      return tf.add(tf.mul(kl, alpha * T * T), tf.mul(ce, 1 - alpha)) as tf.Scalar;
    };
    const want = tf.valueAndGrad(composite)(s);
    const got = tf.valueAndGrad((z: tf.Tensor) => kdLoss(z, t, y, { temperature: T, alpha }))(s);
    expect(got.value.dataSync()[0]).toBeCloseTo(want.value.dataSync()[0] as number, 5);
    const g = got.grad.dataSync(), w = want.grad.dataSync();
    for (let i = 0; i < g.length; i++) expect(Math.abs((g[i] as number) - (w[i] as number))).toBeLessThan(1e-6);
    tf.dispose([s, t, y, want.value, want.grad, got.value, got.grad]);
  });

  it('rejects bad T, alpha, shapes and missing labels with the value in the message', () => {
    const z = tf.tensor2d([[1, 2]]);
    expect(() => kdLoss(z, z, undefined, { temperature: 0, alpha: 1 })).toThrow(/temperature is 0/);
    expect(() => kdLoss(z, z, undefined, { alpha: 1.5 })).toThrow(/alpha is 1.5/);
    expect(() => kdLoss(z, tf.tensor2d([[1, 2, 3]]), undefined, { alpha: 1 })).toThrow(/same shape/);
    expect(() => kdLoss(z, z, undefined, { alpha: 0.9 })).toThrow(/no labels/);
    expect(resolveKdOptions()).toEqual({ temperature: 3, alpha: 0.9 });
    expect(KD_DEFAULTS).toEqual({ temperature: 3, alpha: 0.9 });
  });
});
