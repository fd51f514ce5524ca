import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { initTfjsBackend } from '../backend/tfjsBackend.js';
import { fusedCrossEntropy, logSoftmaxRows } from './fusedCrossEntropy.js';
import { crossEntropy } from './trainLoop.js';

describe('fusedCrossEntropy', () => {
  beforeAll(async () => {
    await initTfjsBackend({ backend: 'wasm' });
  });

  it('logSoftmaxRows: a hand-computed row, and a temperature', () => {
    // log softmax(1, 2, 3) = (1, 2, 3) - log(e + e^2 + e^3) = (1, 2, 3) - 3.4076059644443806
    const out = logSoftmaxRows([1, 2, 3, 2, 4, 6], 2, 3, 1, new Float64Array(6));
    expect(out[0]).toBeCloseTo(1 - 3.4076059644443806, 12);
    expect(out[2]).toBeCloseTo(3 - 3.4076059644443806, 12);
    // row 2 at T = 2 is row 1 at T = 1
    expect(Array.from(logSoftmaxRows([2, 4, 6], 1, 3, 2, new Float64Array(3)))).toEqual(Array.from(out.subarray(0, 3)));
  });

  it('has the value and gradient of the op-by-op crossEntropy, and no gradient but the logits', () => {
    const rng = Rng.from('fused-ce');
    const B = 32, k = 10;
    const z = tf.tensor2d(Float32Array.from({ length: B * k }, () => 5 * rng.normal()), [B, k]);
    const y = tf.tensor1d(Int32Array.from({ length: B }, () => rng.int(k)), 'int32');
    const want = tf.valueAndGrad((l: tf.Tensor) => crossEntropy(l, y))(z);
    const got = tf.valueAndGrad((l: tf.Tensor) => fusedCrossEntropy(l, y))(z);
    expect(got.value.dataSync()[0]).toBeCloseTo(want.value.dataSync()[0] as number, 5);
    const g = got.grad.dataSync(), w = want.grad.dataSync();
    for (let i = 0; i < g.length; i++) expect(Math.abs((g[i] as number) - (w[i] as number))).toBeLessThan(1e-7);
    // every row's gradient sums to zero (softmax - onehot)
    for (let r = 0; r < B; r++) expect(Math.abs(Array.from(g.subarray(r * k, r * k + k)).reduce((a, b) => a + b, 0))).toBeLessThan(1e-8);
    tf.dispose([z, y, want.value, want.grad, got.value, got.grad]);
  });
});
