import type { HqmlModule } from '@hqml/core';
import { dwaveBenchSuite } from './benchSuite.js';
import { dwaveCommand } from './dwaveCommand.js';
import { dwaveQpuPlugin } from './register.js';

/** What `@hqml/dwave` contributes: `dwave.qpu`, `hqml dwave emulate` and the `dwave` bench suite. */
export const hqml: HqmlModule = { plugins: [dwaveQpuPlugin], commands: [dwaveCommand], benchmarks: [dwaveBenchSuite] };
