import type { HqmlModule } from '@hqml/core';
import { kdCommand } from './kdCommand.js';
import { kdAppPlugin } from './kdSweep.js';

/** What `@hqml/kd` contributes to hqml: the `hqml kd --config FILE` command, and its cells for `hqml worker`. */
export const hqml: HqmlModule = {
  plugins: [kdAppPlugin],
  commands: [kdCommand],
};
