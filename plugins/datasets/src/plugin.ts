import type { HqmlModule } from '@hqml/core';
import { datasetPlugins } from './plugins.js';

/** What `@hqml/datasets` contributes to hqml: the three data set plugins. */
export const hqml: HqmlModule = {
  plugins: datasetPlugins,
};
