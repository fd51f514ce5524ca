/**
 * `@hqml/core/browser`: the part of core that imports nothing from Node, for bundles that run
 * in a browser (the playground) and for the browser entries of the backends. The same modules
 * as `@hqml/core`, so classes and errors are the very same objects in both entries.
 *
 * Left out, because they import Node's modules: config files (`loadConfig` and the rest of
 * config.ts, `node:fs`), plugin definitions, the plugin registry and the composition root
 * (plugin.ts imports config.ts, and the registry's types are plugin.ts's), worker threads
 * (`startWorker`, `defaultThreads`), `writeFileAtomic` and the input-file readers (`readInputFile`,
 * `readTextFile`: `node:fs`). The lazy registry and its manifests are left out with the registry:
 * they are the `hqml` command's.
 * `index.ts` re-exports this entry and adds those; `browser.test.ts` checks the Node-only list.
 */

// Errors
export { HqmlError, ValidationError, PluginNotFoundError, PluginLoadError, UnsupportedError, DataError, ResourceError, describeValue } from './errors.js';
export type { ErrorParts } from './errors.js';

// Randomness
export { Rng, createRng, seedToUint32 } from './rng.js';
export type { Seed } from './rng.js';

// Circuit IR
export { constant, param, input, toAngle, addAngles, scaleAngle, evaluateAngle, isBatchConstant, formatAngle } from './circuit/angle.js';
export type { AngleExpr, AngleLike, AngleTerm, AngleSource } from './circuit/angle.js';
export { GATES, GATE_NAMES, isGateName } from './circuit/gates.js';
export type { GateName, GateSpec } from './circuit/gates.js';
export { Circuit, CircuitBuilder } from './circuit/circuit.js';
export { bindCircuit, amplitudePreparation } from './circuit/bind.js';
export type { BindValues } from './circuit/bind.js';
export { inverseGate, inverseOps, inverseCircuit, isGateOp } from './circuit/inverse.js';
export type { Op, GateOp, AmplitudeEncodingOp, CircuitData, CircuitBuilderOptions } from './circuit/circuit.js';
export { observable, pauliString, pauliZ, parseObservable, formatObservable, maxQubit } from './circuit/observable.js';
export type { Observable, PauliTerm, PauliFactor, Pauli } from './circuit/observable.js';

// Ising / QUBO / SampleSet
export { QuadraticModel, MAX_ENERGY_SCALE } from './models/quadraticModel.js';
export type { Vartype, VariableLabel, Interaction, QuadraticModelInput, CsrAdjacency } from './models/quadraticModel.js';
export { labelKey, formatLabel, LabelIndex } from './models/labels.js';
export type { LinearBiases, QuadraticBiases } from './models/labelledInput.js';
export { IsingModel } from './models/ising.js';
export type { IsingInput, IsingDicts } from './models/ising.js';
export { QuboModel, modelOf } from './models/qubo.js';
export type { QuboDict, BinaryQuadraticModel } from './models/qubo.js';
export { SampleSet } from './models/sampleSet.js';
export type { SampleSetInput, SampleSetInfo, SampleSetJSON, SampleRecord, SampleSetRecord, SampleTiming, SampleVector, DimodSampleSetJSON } from './models/sampleSet.js';
export { toDimodBqm, fromDimodBqm } from './models/bqmJson.js';
export type { DimodBqmJSON } from './models/bqmJson.js';
export { readDimodJson } from './models/dimodJson.js';
export type { DimodDocument } from './models/dimodJson.js';

// Contracts
export type { Dataset, DataSplit, LoadOptions, SplitName } from './contracts/dataset.js';
export type { ClassicalModel, FitOptions } from './contracts/classicalModel.js';
export { hasFeatures } from './contracts/featureExtractor.js';
export type { FeatureExtractor } from './contracts/featureExtractor.js';
export type { Trainer, TrainerOptions, TeacherTargets } from './contracts/trainer.js';
export type { Evaluator } from './contracts/evaluator.js';
export { TrainingHistory } from './contracts/trainingHistory.js';
export type { EpochRecord } from './contracts/trainingHistory.js';
export { isGradientProvider, hasExpectationWithVjp, resolveGradientMethod, GRADIENT_METHOD_ORDER } from './contracts/quantumBackend.js';
export type { QuantumBackend, GradientProvider, GradientMethod, BackendCapabilities, Execution, ExpectationWithVjp, VjpResult } from './contracts/quantumBackend.js';
export { isStateProvider } from './contracts/stateProvider.js';
export type { StateProvider, StateVjpResult } from './contracts/stateProvider.js';
export { sampleQubo, sampleIsing, sampleModel } from './contracts/annealer.js';
export { IsingAnnealer, sampleViaIsing } from './contracts/isingAnnealer.js';
export type { Annealer, AnnealerOptions } from './contracts/annealer.js';
export { isStructuredAnnealer, isNativeModel } from './contracts/structuredAnnealer.js';
export type { StructuredAnnealer } from './contracts/structuredAnnealer.js';
export { applyMitigators } from './contracts/mitigator.js';
export type { Mitigator, AnnealerMitigator, BackendMitigator } from './contracts/mitigator.js';

// Gate-model simulation
export { checkExecution, checkObservables, checkQubits, resolveQubits, checkUpstream, checkShots } from './sim/validate.js';
export type { CheckedExecution } from './sim/validate.js';
export { compileCircuit } from './sim/program.js';
export type { CompiledCircuit, CompiledGate, CompiledStep } from './sim/program.js';
export { GATE_KERNEL, coefSize, derivKind, gateCoefs, gateDerivCoefs, adjointCoefs, mul2 } from './sim/gateMatrix.js';
export type { KernelKind } from './sim/gateMatrix.js';
export { pauliMasks } from './sim/pauliMasks.js';
export type { PauliMasks } from './sim/pauliMasks.js';
export { shiftRecipe, parameterShiftVjp } from './sim/parameterShift.js';
export type { AngleShift, AmplitudeShift, ShiftedExpectation } from './sim/parameterShift.js';
export { drawShots } from './sim/shots.js';
export { requireMemory, checkMemoryBudget } from './sim/memory.js';
export { NOISE_CHANNEL_KINDS, validateNoiseModel, readoutOf, hasReadout, noiseEvents, krausOperators } from './sim/noiseModel.js';
export type { NoiseModel, NoiseChannel, NoiseChannelKind, ReadoutError, NoiseEvent } from './sim/noiseModel.js';
export { readoutObservable, applyReadoutToProbabilities } from './sim/readout.js';
export { parseNoiseSpec } from './sim/noiseSpec.js';

// Dependency injection (the plugin registry and the composition root come with config files: Node)
export { token, narrowToken, provide, provideMany, inject, injectAll, createContainer, Tokens } from './di.js';
export type { Token, DependencyContainer } from './di.js';
export { median, timeInterleaved, timeInterleavedAsync } from './benchTiming.js';

// OpenQASM 2.0
export { parseQasm, clbitString, QASM_LIMITS } from './qasm/parser.js';
export type { QasmProgram, QasmMeasurement, QasmRegister, ParseQasmOptions } from './qasm/parser.js';
export { QELIB1 } from './qasm/qelib1.js';
export type { LibraryGate } from './qasm/qelib1.js';
export type { GateSink } from './qasm/synthesis.js';
export { toQasm, formatQasmAngle } from './qasm/exporter.js';
export type { QasmExportOptions } from './qasm/exporter.js';
export { QasmSyntaxError, QasmUnsupportedError, QasmResourceError } from './qasm/qasmErrors.js';

// Runtime helpers (size checks fall back to a fixed limit where there is no `process`)
export { fileSystemError, isFileSystemError, explainError } from './fileSystemError.js';
export { checkNestingDepth } from './nestingDepth.js';
export { checkAllocation, memoryLimit, setMemoryLimit, formatBytes, MAX_TYPED_ARRAY_LENGTH } from './resourceLimits.js';
export type { Allocation } from './resourceLimits.js';
