import type { HqmlModule } from '@hqml/core';
import { statevectorGpuBenchSuite } from './benchSuite.js';
import { statevectorGpuDoctor } from './doctor.js';
import { statevectorGpuPlugin } from './register.js';

/**
 * What `@hqml/statevector-gpu` contributes to the `hqml` command (found through package.json
 * "hqml.plugin"): the `statevector-gpu` backend, the `statevector-gpu` bench suite and a doctor
 * check. This entry is for Node (the bench compares with the CPU backend); the package's main
 * entry imports nothing from Node.
 */
export const hqml: HqmlModule = { plugins: [statevectorGpuPlugin], benchmarks: [statevectorGpuBenchSuite], doctor: [statevectorGpuDoctor] };
