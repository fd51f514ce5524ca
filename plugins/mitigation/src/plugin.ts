import type { HqmlModule } from '@hqml/core';
import { mitigationBenchSuite } from './bench/benchSuite.js';
import { mitigationPlugins } from './plugins.js';

/** What `@hqml/mitigation` contributes to hqml: five mitigator plugins and the `mitigation` bench suite. */
export const hqml: HqmlModule = {
  plugins: [...mitigationPlugins],
  benchmarks: [mitigationBenchSuite],
};
