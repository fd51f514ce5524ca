// Circuit templates
export { CircuitTemplate, MAX_TEMPLATE_QUBITS } from './circuitTemplate.js';
export type { CircuitTemplateSpec } from './circuitTemplate.js';
export { ENCODING_KINDS, ANGLE_SCALINGS, normalizeEncoding, encodingFeatures, appendEncoding } from './encoding.js';
export type { Encoding, AmplitudeEncoding, AngleEncoding, DenseAngleEncoding, AngleScaling } from './encoding.js';
export { ANSATZ_KINDS, appendAnsatz, ansatzParameters, validateAnsatz } from './ansatz.js';
export type { AnsatzKind, AnsatzOptions } from './ansatz.js';
export { READOUTS, readoutObservables, readoutSize, probabilityTransform, validateReadout } from './readout.js';
export type { Readout } from './readout.js';

// The TF.js layer
export { QuantumLayer } from './quantumLayer.js';
export type { QuantumLayerArgs } from './quantumLayer.js';
export { quantumExpectation } from './quantumOp.js';
export type { QuantumOpSpec } from './quantumOp.js';
export { backendOp } from './backendOp.js';
export type { BackendCall } from './backendOp.js';
export { requireDifferentiable } from './differentiable.js';
export type { DifferentiableBackend, GradientMethodRequest } from './differentiable.js';

// Reducers
export { REDUCER_KINDS, reducerLayers, validateReducer } from './reducer.js';
export type { ReducerKind } from './reducer.js';
export { AdaptiveAvgPool, LinearProjection } from './reducerLayers.js';
export type { AdaptiveAvgPoolArgs, LinearProjectionArgs } from './reducerLayers.js';
export { chooseGrid } from './poolingGrid.js';
export type { Grid } from './poolingGrid.js';
export { fitPcaProjection } from './pcaFit.js';
export type { PcaFitOptions } from './pcaFit.js';

// Students
export { QuantumStudent, buildStudent, buildSeedStudent } from './student.js';
export type { StudentSpec, BuildStudentOptions, SeedStudentOptions } from './student.js';

// Composition
export { registerQnn, createStudent } from './register.js';
export { studentOptionsSchema } from './studentOptions.js';
export type { StudentOptions } from './studentOptions.js';
export { qnnPlugin, hqml } from './plugin.js';
export { qnnBench } from './bench.js';
export { TORCH_PEER_SCRIPT, torchPeerWeights } from './torchPeer.js';
export type { TorchPeerSpec } from './torchPeer.js';
