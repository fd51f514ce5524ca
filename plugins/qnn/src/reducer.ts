import { initializers, layers } from '@tensorflow/tfjs-layers';
import { type Rng, ValidationError, describeValue } from '@hqml/core';
import { chooseGrid } from './poolingGrid.js';
import { AdaptiveAvgPool, LinearProjection } from './reducerLayers.js';

type Layer = InstanceType<typeof layers.Layer>;

/**
 * Dimensionality reductions in front of the circuit (the ablation of arXiv 2311.13810), plus the
 * seed's convolutional feature extractor:
 * - `dense`: a trainable fully connected layer (linear) to exactly the encoding's features;
 * - `avg-pool`: adaptive average pooling of the image onto a grid with that many cells (fixed);
 * - `center-crop`: the central `rows x cols` patch of the image (fixed);
 * - `pca`: projection on the leading principal components, fitted on the training split (fixed);
 * - `seed-cnn`: conv(6,5x5)-pool-conv(16,5x5)-pool-dense(64) then dense to the features, as the seed.
 */
export type ReducerKind = 'dense' | 'avg-pool' | 'center-crop' | 'pca' | 'seed-cnn';

/** All reducer kinds, for validation and help. */
export const REDUCER_KINDS: readonly ReducerKind[] = ['dense', 'avg-pool', 'center-crop', 'pca', 'seed-cnn'];

/** Checks a reducer kind. */
export function validateReducer(kind: unknown): asserts kind is ReducerKind {
  if (!REDUCER_KINDS.includes(kind as ReducerKind)) {
    throw new ValidationError({ what: `reducer is ${describeValue(kind)}`, why: `known reducers are ${REDUCER_KINDS.join(', ')}`, fix: "Use 'dense' (trainable) or 'avg-pool'" });
  }
}

/** The layers of a reducer from `inputShape` to exactly `features` features (flat). */
export function reducerLayers(kind: ReducerKind, inputShape: readonly number[], features: number, rng: Rng): Layer[] {
  const shape = [...inputShape];
  const flatSize = shape.reduce((a, b) => a * b, 1);
  const glorot = () => initializers.glorotUniform({ seed: rng.int(2 ** 31) });
  switch (kind) {
    case 'dense':
      // Flatten needs rank >= 3 batches; flat samples go straight into the dense layer.
      if (shape.length === 1) return [layers.dense({ units: features, kernelInitializer: glorot(), inputShape: shape, name: 'reducer_dense' })];
      return [layers.flatten({ inputShape: shape, name: 'reducer_flatten' }), layers.dense({ units: features, kernelInitializer: glorot(), name: 'reducer_dense' })];
    case 'avg-pool': {
      const g = chooseGrid('avg-pool', shape, features);
      return [new AdaptiveAvgPool({ rows: g.rows, cols: g.cols, inputShape: shape, name: 'reducer_avg_pool' })];
    }
    case 'center-crop': {
      const g = chooseGrid('center-crop', shape, features);
      const [h, w] = shape as [number, number];
      const top = Math.floor((h - g.rows) / 2), left = Math.floor((w - g.cols) / 2);
      return [
        layers.cropping2D({ cropping: [[top, h - g.rows - top], [left, w - g.cols - left]], inputShape: shape, name: 'reducer_center_crop' }),
        layers.flatten({ name: 'reducer_flatten' }),
      ];
    }
    case 'pca':
      if (features > flatSize) {
        throw new ValidationError({ what: `pca cannot produce ${features} features from ${flatSize}-dimensional inputs`, why: 'PCA keeps at most as many components as input dimensions', fix: 'Use fewer qubits or another encoding' });
      }
      return [new LinearProjection({ inputSize: flatSize, outputSize: features, inputShape: shape, name: 'reducer_pca' })];
    case 'seed-cnn': {
      if (shape.length !== 3 || (shape[0] as number) < 16 || (shape[1] as number) < 16) {
        throw new ValidationError({ what: `seed-cnn got input shape ${describeValue(shape)}`, why: 'its two 5x5 conv + 2x2 pool stages need images of at least 16x16', fix: "Use reducer 'dense' for small inputs" });
      }
      return [
        layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', inputShape: shape, kernelInitializer: glorot(), name: 'seed_conv1' }),
        layers.maxPooling2d({ poolSize: 2, name: 'seed_pool1' }),
        layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: glorot(), name: 'seed_conv2' }),
        layers.maxPooling2d({ poolSize: 2, name: 'seed_pool2' }),
        layers.flatten({ name: 'seed_flatten' }),
        layers.dense({ units: 64, activation: 'relu', kernelInitializer: glorot(), name: 'seed_fc1' }),
        layers.dense({ units: features, kernelInitializer: glorot(), name: 'seed_fc2' }),
      ];
    }
  }
}
