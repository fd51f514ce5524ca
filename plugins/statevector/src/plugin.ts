import type { HqmlModule } from '@hqml/core';
import { statevectorBenchSuite } from './benchSuite.js';
import { qasmCommand } from './qasmCommand.js';
import { statevectorPlugin } from './statevectorPlugin.js';

/** What `@hqml/statevector` contributes to hqml: the `statevector` backend, `hqml qasm` and the `statevector` bench suite. */
export const hqml: HqmlModule = {
  plugins: [statevectorPlugin],
  commands: [qasmCommand],
  benchmarks: [statevectorBenchSuite],
};
