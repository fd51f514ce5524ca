import type { HqmlModule } from '@hqml/core';
import { sweepCommand, workerCommand } from './commands.js';

/** What `@hqml/queue` contributes to hqml: `hqml worker` and `hqml sweep status|cancel`. */
export const hqml: HqmlModule = {
  commands: [workerCommand, sweepCommand],
};
