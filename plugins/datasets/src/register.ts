import { type DependencyContainer, provide, Tokens } from '@hqml/core';
import { createDataset } from './datasets.js';
import type { DatasetEnvironment } from './environment.js';
import type { ImageDataset } from './imageDataset.js';

/** Options of {@link registerDatasets}. */
export interface RegisterDatasetOptions extends DatasetEnvironment {
  /** Which data set to register under `Tokens.Dataset`: `mnist`, `fashion-mnist` or `cifar10`. */
  readonly id: string;
}

/**
 * Registers one data set under the core `Dataset` token (explicitly; nothing registers on
 * import). One container holds one data set; use a child container for a second.
 */
export function registerDatasets(container: DependencyContainer, options: RegisterDatasetOptions): ImageDataset {
  const { id, ...environment } = options;
  const dataset = createDataset(id, environment);
  provide(container, Tokens.Dataset, dataset);
  return dataset;
}
