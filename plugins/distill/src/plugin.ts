import type { HqmlModule } from '@hqml/core';
import { distillBench } from './bench.js';
import { distillPlugins } from './plugins.js';

/** What `@hqml/distill` contributes to hqml: the `distill.baseline` and `distill.kd` trainers and the `distill` bench suite. */
export const hqml: HqmlModule = {
  plugins: distillPlugins,
  benchmarks: [distillBench],
};
