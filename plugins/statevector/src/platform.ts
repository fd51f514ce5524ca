import type { CheckedExecution, Circuit, PauliMasks } from '@hqml/core/browser';
import type { JobSpec } from './engine/job.js';
import type { SharedBuffers } from './engine/sim.js';
import type { StatevectorOptions } from './backendBase.js';

/** Runs the JavaScript and batch engines' jobs: on this thread alone, or with worker threads. */
export interface JobRunner {
  /** Runs a job (a `solo` job, or any job when no workers run, on this thread). */
  run(spec: JobSpec, local: Circuit, shared: SharedBuffers | null): void;
  /** Whether jobs can use more than one thread. */
  available(): boolean;
  dispose(): void;
}

/** Options of the single-state engine. */
export interface LargeStateOptions {
  readonly threads: number;
  /** log2 of the cache block in amplitudes. */
  readonly blockQubits: number;
  readonly fuse: boolean;
  readonly blocking: boolean;
  readonly memoryBudgetBytes: number;
}

/**
 * The single-state WebAssembly engine as the backend calls it (`LargeStatePath` on Node): one
 * noise-free row at a time; `shift` and `ampShift` as in the parameter-shift rule.
 */
export interface LargeEngine {
  /** Whether an n-qubit state, its blocks and a plan fit the engine's memory. */
  fits(n: number): boolean;
  expect(ex: CheckedExecution, masks: readonly (readonly PauliMasks[])[], shift: { readonly slot: number; readonly delta: number } | null, ampShift: { readonly j: number; readonly delta: number } | null): Float64Array;
  probs(ex: CheckedExecution, qubits: readonly number[]): Float64Array;
  amplitudes(ex: CheckedExecution): { re: Float64Array; im: Float64Array };
  dispose(): void;
}

/**
 * What the statevector backend takes from where it runs. On Node: worker threads, the
 * single-state WebAssembly engine (its threads are Node workers, and it compiles with V8 flags)
 * and half of the free memory. In a browser: the page's thread, the JavaScript and batch
 * WebAssembly engines, and a fixed memory budget. Everything else is the same code.
 */
export interface StatevectorPlatform {
  /** Refuses options this platform cannot honour, before anything is built. */
  check(options: StatevectorOptions): void;
  defaultThreads(): number;
  defaultMemoryBudget(): number;
  createRunner(threads: number): JobRunner;
  /** The single-state engine, or null where it does not run (the backend then never routes to it). */
  createLargeEngine(options: LargeStateOptions): LargeEngine | null;
}

/**
 * Whether a buffer is a SharedArrayBuffer. A browser page that is not cross-origin isolated
 * has no `SharedArrayBuffer` at all, so a bare `instanceof` would throw there.
 */
export function isShared(buffer: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}
