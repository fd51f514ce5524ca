import type { HqmlModule } from '@hqml/core';
import { queueBenchSuite } from './benchSuite.js';
import { sweepCommand, workerCommand } from './commands.js';

/** What `@hqml/queue` contributes to hqml: `hqml worker`, `hqml sweep status|cancel` and `hqml bench queue`. */
export const hqml: HqmlModule = {
  commands: [workerCommand, sweepCommand],
  benchmarks: [queueBenchSuite],
};
