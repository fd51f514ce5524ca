export { StatevectorBackend, STATEVECTOR_DEFAULTS } from './statevectorBackend.js';
export type { StatevectorOptions, NoiseMethod } from './statevectorBackend.js';
export { chooseEngine, batchEngineCan, largeEngineCan, ENGINE_OPTIONS } from './engineChoice.js';
export type { EngineName, EngineOption, EngineOp, EngineRequest, EngineSettings } from './engineChoice.js';
export { stateVjp } from './stateVjp.js';
export type { StateVjpOptions } from './stateVjp.js';
export { statevectorPlugin, statevectorOptionsSchema } from './statevectorPlugin.js';
export { registerStatevector } from './register.js';
export { DENSITY_MATRIX_MAX_QUBITS } from './noise/densityMatrix.js';
export { qasmCommand, runQasm, formatBits } from './qasmCommand.js';
export type { QasmRunReport, QasmRunOptions } from './qasmCommand.js';
export { exportQasm } from './qasmExport.js';
export type { QasmExportCliOptions } from './qasmExport.js';
export { statevectorBenchSuite } from './benchSuite.js';
// Moved to @hqml/core (shared by every gate-model backend); re-exported so that existing imports keep working.
export { drawShots, NOISE_CHANNEL_KINDS, validateNoiseModel, readoutOf, hasReadout, krausOperators, readoutObservable, applyReadoutToProbabilities } from '@hqml/core';
export type { NoiseModel, NoiseChannel, NoiseChannelKind, ReadoutError } from '@hqml/core';
