import type { HqmlModule } from '@hqml/core';
import { annealCommand } from './annealCommand.js';
import { annealBenchSuite } from './benchSuite.js';
import { annealPlugins } from './plugins.js';

/** What `@hqml/anneal` contributes to hqml: four annealers, `hqml anneal` and the `anneal` bench suite. */
export const hqml: HqmlModule = {
  plugins: annealPlugins,
  commands: [annealCommand],
  benchmarks: [annealBenchSuite],
};
