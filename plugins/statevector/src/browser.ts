/**
 * `@hqml/statevector/browser`: the statevector backend without Node's modules (one thread, the
 * JavaScript and batch WebAssembly engines), for bundles that run in a browser.
 */
export { BrowserStatevectorBackend, BROWSER_MEMORY_BUDGET_BYTES } from './browserBackend.js';
export { StatevectorBackendBase, STATEVECTOR_DEFAULTS } from './backendBase.js';
export type { StatevectorOptions, NoiseMethod } from './backendBase.js';
export type { StatevectorPlatform, JobRunner, LargeEngine, LargeStateOptions } from './platform.js';
export { chooseEngine, batchEngineCan, largeEngineCan, ENGINE_OPTIONS } from './engineChoice.js';
export type { EngineName, EngineOption, EngineOp, EngineRequest, EngineSettings } from './engineChoice.js';
export { stateVjp } from './stateVjp.js';
export type { StateVjpOptions } from './stateVjp.js';
export { DENSITY_MATRIX_MAX_QUBITS } from './noise/densityMatrix.js';
