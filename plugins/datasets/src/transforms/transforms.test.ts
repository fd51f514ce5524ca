import { DataError, Rng, ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { averagePool } from './averagePool.js';
import { centerCrop } from './centerCrop.js';
import { flatten } from './flatten.js';
import { grayscale } from './grayscale.js';
import { l2Normalize } from './l2Normalize.js';
import { applyPca, fitPca } from './pca.js';
import { channelStats, standardize } from './standardize.js';

/** Two 4 x 4 x 2 images whose value encodes (sample, row, col, channel). */
function coded(n = 2, h = 4, w = 4, c = 2) {
  const x = new Float32Array(n * h * w * c);
  for (let s = 0; s < n; s++) for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) for (let ch = 0; ch < c; ch++) x[((s * h + r) * w + q) * c + ch] = s * 1000 + r * 100 + q * 10 + ch;
  return { x, shape: [h, w, c] as readonly number[], y: Int32Array.of(...Array.from({ length: n }, (_, i) => i)), classes: ['a', 'b'], size: n };
}

describe('centerCrop', () => {
  it('takes the central window of every image, channels kept, labels passed through', () => {
    const out = centerCrop(coded(), 2);
    expect(out.shape).toEqual([2, 2, 2]);
    expect(Array.from(out.x.subarray(0, 8))).toEqual([110, 111, 120, 121, 210, 211, 220, 221]);
    expect(out.x[8]).toBe(1110);
    expect(out.y).toEqual(coded().y);
  });
  it('on 28 x 28 to 24 x 24 drops 2 pixels per side', () => {
    const img = { x: Float32Array.from({ length: 784 }, (_, i) => i), shape: [28, 28, 1] };
    const out = centerCrop(img, 24);
    expect(out.x[0]).toBe(2 * 28 + 2);
    expect(out.x[24 * 24 - 1]).toBe(25 * 28 + 25);
  });
  it('rejects a crop larger than the image', () => {
    expect(() => centerCrop(coded(), 5)).toThrow(ValidationError);
  });
});

describe('averagePool', () => {
  it('averages non-overlapping blocks when the grid divides the image', () => {
    const out = averagePool(coded(), 2);
    expect(out.shape).toEqual([2, 2, 2]);
    // Block (0,0) of sample 0, channel 0: rows 0-1, cols 0-1 -> mean of 0, 10, 100, 110.
    expect(out.x[0]).toBeCloseTo(55, 5);
    expect(out.x[1]).toBeCloseTo(56, 5);
    expect(out.x[((1 * 2 + 1) * 2 + 1) * 2 + 0]).toBeCloseTo(1000 + 250 + 25, 3);
  });
  it('matches a brute-force adaptive pooling for a grid that does not divide the image', () => {
    const rng = Rng.from(4);
    const img = { x: Float32Array.from({ length: 7 * 5 }, () => rng.float()), shape: [7, 5] };
    const out = averagePool(img, 3, 2);
    expect(out.shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 2; j++) {
        let sum = 0;
        let cnt = 0;
        for (let r = 0; r < 7; r++) for (let q = 0; q < 5; q++) {
          // cell i covers [i*7/3, (i+1)*7/3) widened to whole pixels
          if (r >= Math.floor((i * 7) / 3) && r < Math.ceil(((i + 1) * 7) / 3) && q >= Math.floor((j * 5) / 2) && q < Math.ceil(((j + 1) * 5) / 2)) {
            sum += img.x[r * 5 + q] as number;
            cnt++;
          }
        }
        expect(out.x[i * 2 + j]).toBeCloseTo(sum / cnt, 6);
      }
    }
  });
  it('keeps the mean of the image when the grid divides it', () => {
    const rng = Rng.from(9);
    const img = { x: Float32Array.from({ length: 784 }, () => rng.float()), shape: [28, 28, 1] };
    const out = averagePool(img, 7);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.x)).toBeCloseTo(mean(img.x), 5);
  });
});

describe('grayscale and flatten', () => {
  it('weights R, G, B with BT.601', () => {
    const rgb = { x: Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5), shape: [2, 2, 3] };
    const g = grayscale(rgb);
    expect(g.shape).toEqual([2, 2, 1]);
    expect(Array.from(g.x).map((v) => +v.toFixed(6))).toEqual([0.299, 0.587, 0.114, 0.5]);
  });
  it('rejects a one-channel image', () => {
    expect(() => grayscale({ x: new Float32Array(4), shape: [2, 2, 1] })).toThrow(/3 channels/);
  });
  it('flatten changes the shape only', () => {
    const b = coded();
    const f = flatten(b);
    expect(f.shape).toEqual([32]);
    expect(f.x).toBe(b.x);
  });
});

describe('l2Normalize', () => {
  it('gives every sample unit norm and keeps its direction', () => {
    const out = l2Normalize({ x: Float32Array.of(3, 4, 0, 0, 2, 0), shape: [3] });
    expect(Array.from(out.x).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8, 0, 0, 1, 0]);
  });
  it('a zero vector is a DataError naming the sample, not NaN', () => {
    expect(() => l2Normalize({ x: Float32Array.of(1, 0, 0, 0), shape: [2] })).toThrow(DataError);
    expect(() => l2Normalize({ x: Float32Array.of(1, 0, 0, 0), shape: [2] })).toThrow(/sample 1 has norm 0/);
  });
});

describe('PCA', () => {
  it('recovers known principal axes and variances of synthetic data (up to sampling error)', () => {
    // Data = mean + 3 * a * e1 + 1 * b * e2 + 0.1 * noise in 6 dimensions, e1/e2 orthonormal.
    const rng = Rng.from(1);
    const d = 6;
    const e1 = [1, 1, 0, 0, 0, 0].map((v) => v / Math.SQRT2);
    const e2 = [0, 0, 1, -1, 1, -1].map((v) => v / 2);
    const n = 4000;
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = rng.normal() * 3;
      const b = rng.normal();
      for (let j = 0; j < d; j++) x[i * d + j] = 0.5 + a * (e1[j] as number) + b * (e2[j] as number) + 0.1 * rng.normal();
    }
    const model = fitPca({ x, shape: [d] }, 2);
    const dot = (k: number, e: number[]) => e.reduce((s, v, j) => s + v * (model.axes[k * d + j] as number), 0);
    expect(Math.abs(dot(0, e1))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(1, e2))).toBeGreaterThan(0.999);
    expect(model.variance[0]).toBeCloseTo(9 + 0.01, 0);
    expect(model.variance[1]).toBeCloseTo(1 + 0.01, 1);
    for (let j = 0; j < d; j++) expect(model.mean[j]).toBeCloseTo(0.5, 1);
    // Projections of the training data have the fitted variances and zero mean.
    const p = applyPca(model, { x, shape: [d] });
    expect(p.shape).toEqual([2]);
    let m0 = 0;
    let v0 = 0;
    for (let i = 0; i < n; i++) m0 += p.x[i * 2] as number;
    m0 /= n;
    for (let i = 0; i < n; i++) v0 += ((p.x[i * 2] as number) - m0) ** 2;
    expect(m0).toBeCloseTo(0, 4);
    expect(v0 / (n - 1)).toBeCloseTo(model.variance[0] as number, 2);
  });

  it('axes are orthonormal and a refit gives identical numbers (sign fixed)', () => {
    const rng = Rng.from(2);
    const x = Float32Array.from({ length: 300 * 10 }, () => rng.float());
    const a = fitPca({ x, shape: [10] }, 4);
    const b = fitPca({ x, shape: [10] }, 4);
    expect(Array.from(a.axes)).toEqual(Array.from(b.axes));
    for (let k = 0; k < 4; k++) {
      for (let l = 0; l < 4; l++) {
        let s = 0;
        for (let j = 0; j < 10; j++) s += (a.axes[k * 10 + j] as number) * (a.axes[l * 10 + j] as number);
        expect(s).toBeCloseTo(k === l ? 1 : 0, 8);
      }
    }
  });

  it('applied to another split needs the same number of features', () => {
    const m = fitPca({ x: Float32Array.of(0, 1, 1, 0, 2, 2), shape: [2] }, 1);
    expect(() => applyPca(m, { x: new Float32Array(3), shape: [3] })).toThrow(/fitted on 2 features/);
    expect(() => fitPca({ x: new Float32Array(4), shape: [2] }, 3)).toThrow(ValidationError);
  });
});

describe('standardize', () => {
  it('per channel: zero mean and unit variance with its own statistics', () => {
    const b = coded(3, 4, 4, 2);
    const s = standardize(b, channelStats(b));
    const st = channelStats(s);
    for (let ch = 0; ch < 2; ch++) {
      expect(st.mean[ch]).toBeCloseTo(0, 6);
      expect(st.std[ch]).toBeCloseTo(1, 6);
    }
  });
  it('a constant channel is a DataError', () => {
    const b = { x: new Float32Array(8).fill(0.5), shape: [2, 2, 1], y: new Int32Array(2), classes: ['a'], size: 2 };
    expect(() => standardize(b, channelStats(b))).toThrow(DataError);
  });
});
