// Backend
export { initTfjsBackend, currentTfjsBackend, probeTfjsNode, parseBackendPreference, TFJS_BACKENDS, BACKEND_ENV, THREADS_ENV } from './backend/tfjsBackend.js';
export { withWasmThreads } from './backend/wasmThreads.js';
export type { TfjsBackendName, TfjsBackendPreference, TfjsBackendOptions, TfjsBackendInfo } from './backend/tfjsBackend.js';
export { registerWasmGradientKernels, unregisterWasmGradientKernels, WASM_GRADIENT_KERNEL_NAMES } from './backend/kernels/registerWasmKernels.js';
export { tfjsBackendDoctor } from './backend/doctor.js';

// Models
export { ARCHITECTURES, buildArchitecture, buildLeNet5, buildAlexNet, buildMlp } from './models/architectures.js';
export type { ArchitectureId, ArchitectureOptions } from './models/architectures.js';
export { SeededDropout } from './models/seededDropout.js';
export { architectureParameterCount } from './models/parameterCount.js';
export { checkModelMemory, outOfMemoryError, backendMemoryLimit, WASM_HEAP_MAX_BYTES } from './models/memoryGuard.js';
export type { SeededDropoutConfig } from './models/seededDropout.js';
export { TfjsModel } from './models/tfjsModel.js';
export type { TfjsModelOptions, TfjsFitOptions } from './models/tfjsModel.js';
export { EnsembleModel } from './models/ensembleModel.js';
export { createClassicalModel, MODEL_IDS } from './createModel.js';
export type { ModelId, CreateModelOptions } from './createModel.js';

// Training
export { trainLoop, evaluate, crossEntropy } from './training/trainLoop.js';
export { fusedCrossEntropy, fusedLoss, logSoftmaxRows } from './training/fusedCrossEntropy.js';
export type { TrainableNet, TrainBatch, TrainLoopOptions } from './training/trainLoop.js';
export { randomCropFlip, validateAugment } from './training/augment.js';
export type { AugmentOptions } from './training/augment.js';
export { Optimizer, FUSED_UPDATE_MAX_SIZE } from './training/optimizer.js';
export type { OptimizerOptions, OptimizerState } from './training/optimizer.js';
export { readCheckpoint, writeCheckpoint, CHECKPOINT_FILE } from './training/checkpoint.js';
export type { Checkpoint, CheckpointMeta } from './training/checkpoint.js';
export { validateSplit, firstNonFinite } from './training/validate.js';
export { batchedLogits } from './models/batchedLogits.js';
export { ProgressBar } from './training/progress.js';

// IO
export { fileIOHandler, readModelJson, MODEL_JSON, WEIGHTS_BIN } from './io/fileIOHandler.js';
export type { ModelJson } from './io/fileIOHandler.js';

// Composition
export { tfjsModelPlugins } from './plugins.js';
export { tfjsBenchSuite, BENCH_ALEXNET_WIDTH } from './bench.js';
export { findTorchPython, runTorchPeer } from './torchPeer.js';
export type { TorchPeerOptions } from './torchPeer.js';
export { registerTfjsModels } from './register.js';
