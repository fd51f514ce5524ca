import { DataError } from '@hqml/core';
import { batchCount, type ImageBatch, withValues } from './imageBatch.js';

/**
 * Scales every sample to unit Euclidean norm (amplitude encoding needs a normalised state).
 * An all-zero sample cannot be normalised and is an error naming its index, never NaN.
 */
export function l2Normalize<T extends ImageBatch>(batch: T): T {
  const n = batchCount(batch, 'l2Normalize');
  const dim = n === 0 ? 0 : batch.x.length / n;
  const out = new Float32Array(batch.x.length);
  for (let i = 0; i < n; i++) {
    const row = batch.x.subarray(i * dim, (i + 1) * dim);
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += (row[j] as number) * (row[j] as number);
    if (!(sq > 0) || !Number.isFinite(sq)) {
      throw new DataError({ what: `l2Normalize: sample ${i} has norm ${Math.sqrt(sq)}`, why: 'a zero (or non-finite) vector has no direction, so it cannot be encoded as amplitudes', fix: 'Remove blank samples, or add a constant feature before normalising' });
    }
    const inv = 1 / Math.sqrt(sq);
    for (let j = 0; j < dim; j++) out[i * dim + j] = (row[j] as number) * inv;
  }
  return withValues(batch, out, batch.shape);
}
