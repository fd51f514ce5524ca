import { ValidationError, describeValue } from '@hqml/core';

/**
 * What every transform works on: a batch of samples in one Float32Array plus the shape of one
 * sample. A core `DataSplit` is one (its labels and class names pass through unchanged), and so
 * is a plain `{ x, shape }` built from model activations.
 */
export interface ImageBatch {
  readonly x: Float32Array;
  readonly shape: readonly number[];
}

/** Number of values of one sample. */
export function sampleSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Number of samples in a batch, checking that `x` holds a whole number of them. */
export function batchCount(batch: ImageBatch, transform: string): number {
  const dim = sampleSize(batch.shape);
  if (dim <= 0 || batch.x.length % dim !== 0) {
    throw new ValidationError({ what: `${transform}: x has ${batch.x.length} values`, why: `that is not a whole number of samples of shape ${describeValue([...batch.shape])}`, fix: 'Pass the shape of one sample, e.g. [28, 28, 1]' });
  }
  return batch.x.length / dim;
}

/** The height, width and channels of an image shape [h, w] or [h, w, c]. */
export function imageDims(shape: readonly number[], transform: string): [number, number, number] {
  if (shape.length === 2) return [shape[0] as number, shape[1] as number, 1];
  if (shape.length === 3) return [shape[0] as number, shape[1] as number, shape[2] as number];
  throw new ValidationError({ what: `${transform}: sample shape ${describeValue([...shape])}`, why: 'images have shape [height, width] or [height, width, channels]', fix: 'Apply image transforms before flatten or PCA' });
}

/** Returns `batch` with new values and sample shape, keeping every other field (labels, classes). */
export function withValues<T extends ImageBatch>(batch: T, x: Float32Array, shape: readonly number[]): T {
  return { ...batch, x, shape };
}
