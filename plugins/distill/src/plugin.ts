import type { HqmlModule } from '@hqml/core';
import { distillPlugins } from './plugins.js';

/** What `@hqml/distill` contributes to hqml: the `distill.baseline` and `distill.kd` trainers. */
export const hqml: HqmlModule = {
  plugins: distillPlugins,
};
