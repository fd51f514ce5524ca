import { type DependencyContainer, type QuantumBackend, Tokens, definePlugin } from '@hqml/core';
import { z } from 'zod';
import { GPU_MODES } from './gpuRuntime.js';
import { STATEVECTOR_GPU_DEFAULTS as D, StatevectorGpu, type StatevectorGpuOptions } from './statevectorGpu.js';

/** The options of the `statevector-gpu` plugin: exactly those of {@link StatevectorGpuOptions}, with their defaults. */
export const statevectorGpuOptionsSchema = z
  .object({
    mode: z.enum(GPU_MODES as [string, ...string[]]).default(D.mode).describe('gpu.js mode: gpu lets gpu.js choose (GL where it runs, else WebAssembly); headlessgl, webgl2, webgl, webasm or cpu forces one'),
    maxQubits: z.number().int().min(1).max(24).default(D.maxQubits).describe('largest qubit count accepted, at most 24 (amplitude indexes are exact float32 integers below 2^24); the mode\'s kernel output limit is checked separately'),
    reductionChunkBits: z.number().int().min(0).max(20).default(D.reductionChunkBits).describe('log2 of the amplitudes one reduction cell adds up on the device (partial sums are added in float64 on the host)'),
    checkpointEvery: z.number().int().min(1).default(D.checkpointEvery).describe('the adjoint sweep restores psi from a forward checkpoint every this many steps'),
    fusion: z.boolean().default(D.fusion).describe('fuse gates into one- and two-qubit blocks, one kernel launch each; false: one launch per gate'),
    maxKernelCells: z.number().int().min(16).optional().describe('largest output (float32 cells) of one kernel launch, below the mode\'s own limit; default: the mode\'s limit'),
  })
  .strict();

/** The `statevector-gpu` plugin: builds a {@link StatevectorGpu} and registers it under `Tokens.QuantumBackend`. */
export const statevectorGpuPlugin = definePlugin<QuantumBackend, StatevectorGpuOptions>({
  id: 'statevector-gpu',
  kind: 'backend',
  description: 'GPU statevector simulator on gpu.js kernels (complex64): WebGL in a browser, headless GL where it loads, WebAssembly otherwise; batched, adjoint and parameter-shift gradients, shots',
  capabilities: { maxQubits: D.maxQubits, precision: 'complex64', gradientMethods: ['adjoint', 'parameter-shift'], noise: false, shots: true, deviceKind: 'simulator' },
  token: Tokens.QuantumBackend,
  // exactOptionalPropertyTypes: zod's optional keys are `T | undefined`; the backend reads them with `??`
  options: statevectorGpuOptionsSchema as unknown as z.ZodType<StatevectorGpuOptions>,
  create: (options) => new StatevectorGpu(options),
});

/** Registers a `statevector-gpu` backend under `Tokens.QuantumBackend` (explicitly; nothing registers on import) and returns it. */
export async function registerStatevectorGpu(container: DependencyContainer, options: StatevectorGpuOptions = {}): Promise<StatevectorGpu> {
  return (await statevectorGpuPlugin.register(container, options)) as StatevectorGpu;
}
