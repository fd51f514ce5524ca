import type { HqmlModule } from '@hqml/core';
import { annealClassifyCommand } from './annealCommand.js';
import { annealAppPlugin } from './annealSweep.js';

/** What `@hqml/anneal-classify` contributes to hqml: the `anneal-classify` command, and its cells for `hqml worker`. */
export const hqml: HqmlModule = {
  plugins: [annealAppPlugin],
  commands: [annealClassifyCommand],
};
