import type { HqmlModule } from '@hqml/core';
import { tfjsBackendDoctor } from './backend/doctor.js';
import { tfjsBenchSuite } from './bench.js';
import { tfjsModelPlugins } from './plugins.js';

/** What `@hqml/tfjs-models` contributes: the model plugins, the `tfjs` bench suite and the TF.js backend doctor check. */
export const hqml: HqmlModule = {
  plugins: tfjsModelPlugins,
  benchmarks: [tfjsBenchSuite],
  doctor: [tfjsBackendDoctor],
};
