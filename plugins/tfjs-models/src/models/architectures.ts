import { ValidationError, describeValue, Rng } from '@hqml/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from './seededDropout.js';

/** The architectures this package builds. */
export const ARCHITECTURES = ['lenet5', 'alexnet', 'mlp'] as const;
export type ArchitectureId = (typeof ARCHITECTURES)[number];

/** Options shared by every architecture. */
export interface ArchitectureOptions {
  /** Shape of one sample, [height, width, channels] (e.g. [28, 28, 1] or [32, 32, 3]). */
  readonly inputShape: readonly number[];
  /** Number of classes (logits). */
  readonly classes: number;
  /** Seed of the weight initialisation. */
  readonly seed?: number;
  /** AlexNet: width multiplier on every conv and dense width (1 = full, about 94M parameters on 28x28x1). */
  readonly width?: number;
  /**
   * LeNet-5: filters of its two convolutions. Default [6, 16] (the classic network); more
   * channels (e.g. [32, 64]) give a wider LeNet-like backbone for 32x32x3 images.
   */
  readonly filters?: readonly [number, number];
  /** AlexNet: dropout rate before the dense layers. Default 0.5. */
  readonly dropout?: number;
  /** MLP: hidden layer widths. Default [256, 128]. */
  readonly hidden?: readonly number[];
  /** MLP: hidden activation. Default relu. */
  readonly activation?: 'relu' | 'tanh';
}

function checkShape(id: string, shape: readonly number[], minSide: number): void {
  if (shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValidationError({ what: `${id}: inputShape is ${describeValue(shape)}`, why: 'it must be [height, width, channels] of positive integers', fix: 'Pass e.g. [28, 28, 1] or [32, 32, 3]' });
  }
  if ((shape[0] as number) < minSide || (shape[1] as number) < minSide) {
    throw new ValidationError({ what: `${id}: inputShape ${describeValue(shape)} is too small`, why: `${id} needs images of at least ${minSide}x${minSide}`, fix: 'Resize the images or use the mlp' });
  }
}

/**
 * Deterministic initialisers: each layer's seed is drawn from one Rng seeded by the model seed,
 * so the same seed gives the same weights in every process.
 */
function initFactory(seed: number): () => { kernelInitializer: ReturnType<typeof tfl.initializers.glorotUniform> } {
  const rng = Rng.from(seed);
  return () => ({ kernelInitializer: tfl.initializers.glorotUniform({ seed: rng.int(2 ** 31 - 1) }) });
}

/**
 * LeNet-5 as in the paper's code: conv 6@5x5 tanh, avg-pool 2, conv 16@5x5 tanh, avg-pool 2,
 * dense 120 tanh, 84 tanh, k logits (`filters` widens the two convolutions). Inputs smaller than 32x32 get 'same' padding in the first
 * convolution (the classic treatment of 28x28 MNIST, equivalent to padding to 32x32), so both
 * 28x28x1 and 32x32x3 reach the 5x5x16 feature map.
 */
export function buildLeNet5(o: ArchitectureOptions): tfl.Sequential {
  checkShape('lenet5', o.inputShape, 16);
  const [f1, f2] = o.filters ?? [6, 16];
  if (o.filters !== undefined && (o.filters.length !== 2 || !o.filters.every((f) => Number.isInteger(f) && f >= 1 && f <= 1024))) {
    throw new ValidationError({ what: `lenet5: filters is ${describeValue(o.filters)}`, why: 'it is the two convolutions\' filter counts, integers in 1..1024', fix: 'Use e.g. [6, 16] (classic) or [32, 64] (wider)' });
  }
  const init = initFactory(o.seed ?? 0);
  const small = (o.inputShape[0] as number) < 32 || (o.inputShape[1] as number) < 32;
  return tfl.sequential({
    name: 'lenet5',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [...o.inputShape], filters: f1, kernelSize: 5, padding: small ? 'same' : 'valid', activation: 'tanh', ...init() }),
      tfl.layers.averagePooling2d({ name: 'pool1', poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ name: 'conv2', filters: f2, kernelSize: 5, padding: 'valid', activation: 'tanh', ...init() }),
      tfl.layers.averagePooling2d({ name: 'pool2', poolSize: 2, strides: 2 }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'fc1', units: 120, activation: 'tanh', ...init() }),
      tfl.layers.dense({ name: 'fc2', units: 84, activation: 'tanh', ...init() }),
      tfl.layers.dense({ name: 'logits', units: o.classes, ...init() }),
    ],
  });
}

/**
 * AlexNet adapted to small images (the paper's code): conv 64@3x3 relu, max-pool 2,
 * conv 192@3x3 relu, max-pool 2, conv 384@3x3 relu, dropout, dense 4096 relu, dense 4096 relu,
 * k logits ('same' padding). `width` scales every conv and dense width (rounded, at least 1).
 */
export function buildAlexNet(o: ArchitectureOptions): tfl.Sequential {
  checkShape('alexnet', o.inputShape, 8);
  const width = o.width ?? 1;
  if (!(width > 0 && width <= 4)) throw new ValidationError({ what: `alexnet: width is ${describeValue(width)}`, why: 'the width multiplier must be in (0, 4]', fix: 'Use e.g. 1 (full) or 0.125 (reduced)' });
  const dropout = o.dropout ?? 0.5;
  if (!(dropout >= 0 && dropout < 1)) throw new ValidationError({ what: `alexnet: dropout is ${describeValue(dropout)}`, why: 'a dropout rate is in [0, 1)' });
  const w = (n: number): number => Math.max(1, Math.round(n * width));
  const init = initFactory(o.seed ?? 0);
  return tfl.sequential({
    name: 'alexnet',
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [...o.inputShape], filters: w(64), kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ name: 'conv2', filters: w(192), kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }),
      tfl.layers.conv2d({ name: 'conv3', filters: w(384), kernelSize: 3, padding: 'same', activation: 'relu', ...init() }),
      tfl.layers.flatten({ name: 'flatten' }),
      new SeededDropout({ name: 'dropout', rate: dropout }),
      tfl.layers.dense({ name: 'fc1', units: w(4096), activation: 'relu', ...init() }),
      tfl.layers.dense({ name: 'fc2', units: w(4096), activation: 'relu', ...init() }),
      tfl.layers.dense({ name: 'logits', units: o.classes, ...init() }),
    ],
  });
}

/** A multilayer perceptron on the flattened input. */
export function buildMlp(o: ArchitectureOptions): tfl.Sequential {
  if (o.inputShape.length === 0 || !o.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValidationError({ what: `mlp: inputShape is ${describeValue(o.inputShape)}`, why: 'it must be a list of positive integers', fix: 'Pass e.g. [28, 28, 1] or [784]' });
  }
  const hidden = o.hidden ?? [256, 128];
  if (!hidden.every((h) => Number.isInteger(h) && h > 0)) throw new ValidationError({ what: `mlp: hidden is ${describeValue(hidden)}`, why: 'hidden widths are positive integers', fix: 'Pass e.g. [256, 128]' });
  const init = initFactory(o.seed ?? 0);
  const act = o.activation ?? 'relu';
  return tfl.sequential({
    name: 'mlp',
    layers: [
      tfl.layers.flatten({ name: 'flatten', inputShape: [...o.inputShape] }),
      ...hidden.map((units, i) => tfl.layers.dense({ name: `fc${i + 1}`, units, activation: act, ...init() })),
      tfl.layers.dense({ name: 'logits', units: o.classes, ...init() }),
    ],
  });
}

/** Builds the layers model of an architecture. */
export function buildArchitecture(id: ArchitectureId, options: ArchitectureOptions): tfl.Sequential {
  if (!Number.isInteger(options.classes) || options.classes < 2) {
    throw new ValidationError({ what: `${id}: classes is ${describeValue(options.classes)}`, why: 'a classifier needs at least 2 classes', fix: 'Pass the number of classes of the data set' });
  }
  switch (id) {
    case 'lenet5':
      return buildLeNet5(options);
    case 'alexnet':
      return buildAlexNet(options);
    case 'mlp':
      return buildMlp(options);
  }
}
