export { StatevectorGpu, STATEVECTOR_GPU_DEFAULTS } from './statevectorGpu.js';
export type { StatevectorGpuOptions } from './statevectorGpu.js';
export { registerStatevectorGpu, statevectorGpuPlugin, statevectorGpuOptionsSchema } from './register.js';
export { GPU_MODES, GL_MODES, supportedModes, kernelSettings, modeCellLimit } from './gpuRuntime.js';
export type { GpuMode } from './gpuRuntime.js';
export { benchCircuit, layers10Circuit, perGateMs } from './benchCases.js';
export type { BenchCase, PerGateOptions } from './benchCases.js';
