import { UnsupportedError } from '@hqml/core/browser';
import { StatevectorBackendBase, type StatevectorOptions } from './backendBase.js';
import { SoloRunner } from './engine/soloRunner.js';
import type { StatevectorPlatform } from './platform.js';

/**
 * Default memory budget in a browser: 1 GiB. A page cannot ask how much memory is free (Node's
 * `os.freemem`); a tab's heap is bounded at a few GiB, and a 26-qubit state (1 GiB) is already
 * far past what the page's single thread simulates in useful time.
 */
export const BROWSER_MEMORY_BUDGET_BYTES = 2 ** 30;

/** A browser page: its own thread only, the JavaScript and batch WebAssembly engines. */
const BROWSER_PLATFORM: StatevectorPlatform = Object.freeze({
  check(options: StatevectorOptions): void {
    if (options.threads !== undefined && options.threads !== 1) {
      throw new UnsupportedError({
        what: `threads is ${String(options.threads)} in the browser backend`,
        why: 'its worker threads are Node worker threads; in a browser the simulation runs on the page\'s own thread',
        fix: 'Omit threads (or pass 1); run the backend in a Web Worker to keep the page responsive',
      });
    }
    if (options.engine === 'large-wasm') {
      throw new UnsupportedError({
        what: 'engine "large-wasm" in the browser backend',
        why: 'the single-state WebAssembly engine needs Node (worker threads and V8 flags)',
        fix: 'Use engine "auto", "js" or "batch-wasm"',
      });
    }
  },
  defaultThreads: () => 1,
  defaultMemoryBudget: () => BROWSER_MEMORY_BUDGET_BYTES,
  createRunner: () => new SoloRunner(),
  createLargeEngine: () => null,
});

/**
 * The `statevector` backend in a browser (or any JavaScript runtime without Node's modules):
 * the same simulator as `StatevectorBackend` (complex128, batched, adjoint and parameter-shift
 * gradients, shots, noise) on one thread, with the JavaScript engine and the batch WebAssembly
 * engine; the single-state WebAssembly engine, which needs Node, is left out, so large single
 * states run on the JavaScript engine.
 */
export class BrowserStatevectorBackend extends StatevectorBackendBase {
  constructor(options: StatevectorOptions = {}) {
    super(options, BROWSER_PLATFORM);
  }
}
