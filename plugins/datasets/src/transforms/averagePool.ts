import { ValidationError } from '@hqml/core';
import { batchCount, type ImageBatch, imageDims, withValues } from './imageBatch.js';

/**
 * Average-pools every image (HWC) to a `rows` x `cols` grid. Output cell (i, j) averages input
 * rows floor(i*H/rows)..ceil((i+1)*H/rows)-1 and the matching columns (adaptive average pooling,
 * as PyTorch's AdaptiveAvgPool2d), so any target grid works; when the grid divides the image the
 * cells are the usual non-overlapping blocks (28 x 28 to 7 x 7: 4 x 4 blocks).
 */
export function averagePool<T extends ImageBatch>(batch: T, rows: number, cols: number = rows): T {
  const [h, w, c] = imageDims(batch.shape, 'averagePool');
  for (const [name, v, max] of [['rows', rows, h], ['cols', cols, w]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new ValidationError({ what: `averagePool ${name} = ${v}`, why: `the target grid must be integers in 1..${max} for ${h} x ${w} images`, fix: 'Pass e.g. averagePool(split, 4) for a 4 x 4 grid' });
    }
  }
  const n = batchCount(batch, 'averagePool');
  const r0 = Int32Array.from({ length: rows }, (_, i) => Math.floor((i * h) / rows));
  const r1 = Int32Array.from({ length: rows }, (_, i) => Math.ceil(((i + 1) * h) / rows));
  const c0 = Int32Array.from({ length: cols }, (_, j) => Math.floor((j * w) / cols));
  const c1 = Int32Array.from({ length: cols }, (_, j) => Math.ceil(((j + 1) * w) / cols));
  const out = new Float32Array(n * rows * cols * c);
  const x = batch.x;
  for (let s = 0; s < n; s++) {
    const base = s * h * w * c;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const ra = r0[i] as number, rb = r1[i] as number, ca = c0[j] as number, cb = c1[j] as number;
        const count = (rb - ra) * (cb - ca);
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let r = ra; r < rb; r++) for (let q = ca; q < cb; q++) sum += x[base + (r * w + q) * c + ch] as number;
          out[((s * rows + i) * cols + j) * c + ch] = sum / count;
        }
      }
    }
  }
  return withValues(batch, out, batch.shape.length === 2 ? [rows, cols] : [rows, cols, c]);
}
