/** Which part of a data set to load. `validation` is a seeded, stratified hold-out of `train`. */
export type SplitName = 'train' | 'validation' | 'test';

/** A loaded split: images as one Float32Array scaled to [0, 1], labels re-indexed 0..k-1. */
export interface DataSplit {
  /** `size x prod(shape)`, row-major, HWC order for images. */
  readonly x: Float32Array;
  /** `size` labels in 0..classes.length-1. */
  readonly y: Int32Array;
  /** Shape of one sample, e.g. [28, 28, 1]. */
  readonly shape: readonly number[];
  /** Class names, index = label. */
  readonly classes: readonly string[];
  readonly size: number;
}

/** Options of {@link Dataset.load}. */
export interface LoadOptions {
  /** Original class indices to keep (re-indexed 0..k-1 in the given order). Default: all. */
  readonly classes?: readonly number[];
  /** At most this many samples per class. */
  readonly perClass?: number;
  /** How `perClass` picks samples: the first ones (as the seed code did) or a seeded random subset. */
  readonly selection?: 'first' | 'random';
  /** At most this many samples in total (after the class filter). */
  readonly limit?: number;
  /** Seed for random selection and the validation split. */
  readonly seed?: number;
  /** Fraction of the training set held out as the stratified validation split (e.g. 0.1). */
  readonly validation?: number;
  /** Where to look for the files; when given, only there (no fallback to another copy). */
  readonly dataDir?: string;
  /** Convert colour images to one luminance channel (ITU-R BT.601 weights); an error for grayscale data. */
  readonly grayscale?: boolean;
}

/**
 * A data set (MNIST, Fashion-MNIST, CIFAR-10, ...).
 *
 * Design note: one method, `load`, returns plain typed arrays; everything else (transforms,
 * batching, tensors) happens downstream, so data sets stay independent of TF.js.
 */
export interface Dataset {
  /** The stable short id, e.g. `mnist`. */
  readonly id: string;
  /** All class names of the data set, in label order. */
  readonly classes: readonly string[];
  /** Shape of one sample, e.g. [28, 28, 1]. */
  readonly sampleShape: readonly number[];
  load(split: SplitName, options?: LoadOptions): Promise<DataSplit>;
}
