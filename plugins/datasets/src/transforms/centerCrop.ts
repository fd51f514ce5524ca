import { ValidationError } from '@hqml/core';
import { batchCount, type ImageBatch, imageDims, withValues } from './imageBatch.js';

/**
 * Crops the central `size` x `size` window of every image (HWC). When the margin is odd the
 * extra row/column is dropped at the bottom/right, as torchvision's CenterCrop does after
 * rounding the top-left corner.
 */
export function centerCrop<T extends ImageBatch>(batch: T, size: number): T {
  const [h, w, c] = imageDims(batch.shape, 'centerCrop');
  if (!Number.isInteger(size) || size < 1 || size > Math.min(h, w)) {
    throw new ValidationError({ what: `centerCrop size = ${size}`, why: `the crop must be an integer in 1..${Math.min(h, w)} for ${h} x ${w} images`, fix: `Pass e.g. ${Math.min(h, w) - 4}` });
  }
  const n = batchCount(batch, 'centerCrop');
  const top = Math.round((h - size) / 2);
  const left = Math.round((w - size) / 2);
  const out = new Float32Array(n * size * size * c);
  const rowLen = size * c;
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < size; r++) {
      const src = ((i * h + top + r) * w + left) * c;
      out.set(batch.x.subarray(src, src + rowLen), (i * size + r) * rowLen);
    }
  }
  return withValues(batch, out, batch.shape.length === 2 ? [size, size] : [size, size, c]);
}
