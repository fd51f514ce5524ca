import type { HqmlModule } from '@hqml/core';
import { qaoaBenchSuite } from './benchSuite.js';
import { qaoaPlugin } from './register.js';

/** What `@hqml/qaoa` contributes to hqml: the `anneal.qaoa` annealer and the `qaoa` bench suite. */
export const hqml: HqmlModule = { plugins: [qaoaPlugin], benchmarks: [qaoaBenchSuite] };
