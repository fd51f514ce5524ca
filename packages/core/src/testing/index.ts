/**
 * The conformance kit: every plugin's tests call the `describe*Contract` for the contract it
 * implements (dimod's `dimod.testing.asserts`). Each check compares against values computed by
 * hand or by the core's own evaluators, never against the implementation under test.
 */
export { describeBackendContract } from './backendContract.js';
export type { BackendContractOptions } from './backendContract.js';
export { describeAnnealerContract } from './annealerContract.js';
export type { AnnealerContractOptions } from './annealerContract.js';
export { describeDatasetContract } from './datasetContract.js';
export type { DatasetContractOptions } from './datasetContract.js';
export { describeMitigatorContract } from './mitigatorContract.js';
export type { MitigatorContractOptions } from './mitigatorContract.js';
export { bruteForceGround } from './bruteForce.js';
export { randomCircuit, randomValues, RANDOM_GATES } from './randomCircuit.js';
export type { RandomCircuitOptions } from './randomCircuit.js';
export { maxAbsDiff } from './maxAbsDiff.js';
export { tempDir } from './tempDir.js';
