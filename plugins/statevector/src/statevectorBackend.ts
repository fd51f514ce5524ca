import { defaultThreads } from '@hqml/core';
import { StatevectorBackendBase, type StatevectorOptions } from './backendBase.js';
import { LargeStatePath } from './engine/large/largeState.js';
import { WorkerPool } from './engine/pool.js';
import { defaultMemoryBudget } from './memory.js';
import type { LargeStateOptions, StatevectorPlatform } from './platform.js';

export { STATEVECTOR_DEFAULTS } from './backendBase.js';
export type { StatevectorOptions, NoiseMethod } from './backendBase.js';

/** Node: worker threads on every core, the single-state WebAssembly engine, half of the free memory. */
const NODE_PLATFORM: StatevectorPlatform = Object.freeze({
  check(): void {},
  defaultThreads,
  defaultMemoryBudget,
  createRunner: (threads: number) => new WorkerPool(threads),
  createLargeEngine: (options: LargeStateOptions) => new LargeStatePath(options),
});

/**
 * The CPU statevector backend (`statevector`) on Node: complex128 amplitudes, batched execution
 * with shared parameters and per-sample inputs, adjoint and parameter-shift gradients, seeded
 * shots, noise by trajectories or density matrix, every core through worker threads. (In a
 * browser: `BrowserStatevectorBackend` from `@hqml/statevector/browser`.)
 *
 * Qubit 0 is the least significant bit of a basis-state index (Qiskit's order).
 */
export class StatevectorBackend extends StatevectorBackendBase {
  constructor(options: StatevectorOptions = {}) {
    super(options, NODE_PLATFORM);
  }
}
