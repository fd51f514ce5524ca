/**
 * `@hqml/statevector-gpu/browser`: the backend without Node's modules, for bundles that run in a
 * browser, where gpu.js runs its WebGL2 or WebGL kernels. The plugin definition stays in the
 * main entry (it comes with core's config schema, which reads files).
 */
export { StatevectorGpu, STATEVECTOR_GPU_DEFAULTS } from './statevectorGpu.js';
export type { StatevectorGpuOptions } from './statevectorGpu.js';
export { GPU_MODES, GL_MODES, supportedModes, kernelSettings, modeCellLimit } from './gpuRuntime.js';
export type { GpuMode } from './gpuRuntime.js';
export { benchCircuit, layers10Circuit, perGateMs } from './benchCases.js';
export type { BenchCase, PerGateOptions } from './benchCases.js';
