import { ValidationError } from '@hqml/core';
import { batchCount, type ImageBatch, imageDims, withValues } from './imageBatch.js';

/** ITU-R BT.601 luma weights (what PIL's `convert('L')` and torchvision's Grayscale use). */
export const BT601_WEIGHTS: readonly [number, number, number] = [0.299, 0.587, 0.114];

/** Converts RGB images (HWC, 3 channels) to one channel: a weighted sum of R, G and B. */
export function grayscale<T extends ImageBatch>(batch: T, weights: readonly [number, number, number] = BT601_WEIGHTS): T {
  const [h, w, c] = imageDims(batch.shape, 'grayscale');
  if (c !== 3) throw new ValidationError({ what: `grayscale: images have ${c} channel(s)`, why: 'grayscale converts RGB images (3 channels)', fix: 'Apply it to CIFAR-10 only; MNIST-like data is already grayscale' });
  const n = batchCount(batch, 'grayscale');
  const [wr, wg, wb] = weights;
  const out = new Float32Array(n * h * w);
  const x = batch.x;
  for (let p = 0; p < out.length; p++) out[p] = wr * (x[3 * p] as number) + wg * (x[3 * p + 1] as number) + wb * (x[3 * p + 2] as number);
  return withValues(batch, out, [h, w, 1]);
}
