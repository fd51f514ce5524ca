import { describeBackendContract } from '@hqml/core/testing';
import { StatevectorGpu } from './statevectorGpu.js';

// complex64: values to ~1e-7; finite differences of float32 values need a wide step (truncation
// ~h^2, rounding ~6e-8 / h), so the VJPs are checked against them to 5e-4 here and against the
// float64 backend to 1e-5 in agreement.test.ts.
const float32 = { tolerance: 1e-6, finiteDifferenceStep: 1e-2, gradientTolerance: 5e-4 };

describeBackendContract('statevector-gpu (gpu.js chooses the mode)', () => new StatevectorGpu(), float32);
describeBackendContract('statevector-gpu (gpu.js CPU kernels)', () => new StatevectorGpu({ mode: 'cpu' }), float32);
describeBackendContract('statevector-gpu (launches of one row: the GL texture limit, shrunk)', () => new StatevectorGpu({ mode: 'webasm', maxKernelCells: 16 }), float32);
