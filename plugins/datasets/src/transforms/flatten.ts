import { type ImageBatch, sampleSize, withValues } from './imageBatch.js';

/** Makes every sample a vector: shape [h, w, c] becomes [h * w * c]. The values are shared, not copied. */
export function flatten<T extends ImageBatch>(batch: T): T {
  return withValues(batch, batch.x, [sampleSize(batch.shape)]);
}
