import { type DataSplit, Rng } from '@hqml/core';
import { fitPca } from '@hqml/datasets';

/** Options of {@link fitPcaProjection}. */
export interface PcaFitOptions {
  /** At most this many samples (a seeded random subset when the split is larger). */
  readonly maxSamples: number;
  readonly seed: number;
}

/**
 * Fits the datasets plugin's PCA on (a seeded subset of) a training split and returns it as the
 * mean and the `inputSize x k` component matrix of a `LinearProjection` layer.
 */
export function fitPcaProjection(split: DataSplit, k: number, options: PcaFitOptions): { mean: Float32Array; components: Float32Array } {
  const d = split.shape.reduce((a, b) => a * b, 1);
  let x = split.x;
  if (split.size > options.maxSamples) {
    const pick = Rng.from(`${options.seed}:pca`).permutation(split.size).subarray(0, options.maxSamples);
    x = new Float32Array(options.maxSamples * d);
    pick.forEach((row, i) => x.set(split.x.subarray(row * d, (row + 1) * d), i * d));
  }
  const model = fitPca({ x, shape: split.shape }, k);
  const components = new Float32Array(d * k);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) components[j * k + c] = model.axes[c * d + j] as number;
  return { mean: Float32Array.from(model.mean), components };
}
