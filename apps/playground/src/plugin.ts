import type { HqmlModule } from '@hqml/core';
import { playgroundBenchSuite } from './browserBench.js';
import { playgroundCommand } from './playgroundCommand.js';

/** What `@hqml/playground` contributes to hqml: the `hqml playground` command and the `playground` bench suite (Chromium). */
export const hqml: HqmlModule = {
  commands: [playgroundCommand],
  benchmarks: [playgroundBenchSuite],
};
