import type { HqmlModule } from '@hqml/core';
import { datasetsBench } from './bench/suite.js';
import { datasetsCommand } from './command.js';
import { datasetsDoctor } from './doctor.js';
import { datasetPlugins } from './plugins.js';

/**
 * What `@hqml/datasets` contributes to hqml: the data set plugins (`mnist`, `fashion-mnist`,
 * `cifar10`), the `hqml datasets` command, the `datasets` benchmark suite and a doctor check.
 */
export const hqml: HqmlModule = {
  plugins: datasetPlugins,
  commands: [datasetsCommand],
  benchmarks: [datasetsBench],
  doctor: [datasetsDoctor],
};
