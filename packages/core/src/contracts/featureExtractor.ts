import type { ClassicalModel } from './classicalModel.js';

/**
 * The optional ability of a {@link ClassicalModel} to return its features: the activations of
 * its last hidden layer, the space its output layer separates linearly. Used where images are
 * compared as the network sees them (neighbours in feature space).
 *
 * Design note: kept apart from `ClassicalModel` because not every model has one hidden layer
 * that means "the features" (an ensemble averages several networks' logits).
 */
export interface FeatureExtractor {
  /** Width of one feature vector. */
  readonly featureSize: number;
  /** Features of `count` samples (row-major `count x prod(inputShape)`), `count x featureSize`. */
  features(x: Float32Array, count: number): Promise<Float32Array>;
}

/** Capability query: does this model give the activations of its last hidden layer? */
export function hasFeatures(model: ClassicalModel): model is ClassicalModel & FeatureExtractor {
  const m = model as Partial<FeatureExtractor>;
  return typeof m.features === 'function' && typeof m.featureSize === 'number';
}
