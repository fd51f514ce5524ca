// Zero-noise extrapolation
export { foldGlobal, foldGatesAtRandom, foldCircuit, FOLDING_METHODS } from './zne/folding.js';
export type { FoldingMethod, FoldedCircuit } from './zne/folding.js';
export { LinearFactory, PolyFactory, RichardsonFactory, ExpFactory, isLinearCombination } from './zne/factories.js';
export type { Factory, LinearCombinationFactory, Extrapolation, ExpFactoryOptions } from './zne/factories.js';
export { fitExponential } from './zne/expFit.js';
export type { ExpFitResult } from './zne/expFit.js';
export { ExtrapolationError } from './zne/extrapolationError.js';
export { makeFactory, factorySpecSchema } from './zne/factorySpec.js';
export type { FactorySpec } from './zne/factorySpec.js';
export { constructCircuits, combineResults, executeWithZne, resolveZneOptions, DEFAULT_SCALE_FACTORS } from './zne/zne.js';
export type { ZneOptions, ResolvedZneOptions, ZneCircuits } from './zne/zne.js';
export { ZneBackend, ZneGradientBackend, zneBackend } from './zne/zneBackend.js';
export { ZneMitigator, zneOptionsSchema, zneOptionsFrom } from './zne/zneMitigator.js';
export type { ZnePluginOptions } from './zne/zneMitigator.js';

// Readout mitigation
export { confusionMatrix, inverseConfusionMatrix, applyInverseConfusion, mitigateCounts, checkReadoutError } from './readout/confusion.js';
export type { Matrix2 } from './readout/confusion.js';
export { mitigatedObservable, MAX_MITIGATED_FACTORS } from './readout/mitigatedObservable.js';
export { projectToSimplex, projectRows } from './readout/projection.js';
export { calibrateReadout } from './readout/calibration.js';
export type { CalibrationOptions } from './readout/calibration.js';
export { ReadoutBackend, ReadoutGradientBackend, readoutBackend, checkReadoutOptions } from './readout/readoutBackend.js';
export type { ReadoutMitigationOptions } from './readout/readoutBackend.js';
export { ReadoutMitigator, readoutOptionsSchema } from './readout/readoutMitigator.js';
export type { ReadoutPluginOptions } from './readout/readoutMitigator.js';

// Annealer composites
export { AnnealerComposite, expandReads } from './annealer/composite.js';
export { SpinReversalComposite, SpinReversalMitigator, flipModel, checkSpinReversalOptions } from './annealer/spinReversal.js';
export type { SpinReversalOptions } from './annealer/spinReversal.js';
export { encodeRepetition, resolveRepetitionOptions, REPETITION_STRATEGIES } from './annealer/repetitionCode.js';
export type { RepetitionStrategy, RepetitionCodeOptions, EncodedProblem } from './annealer/repetitionCode.js';
export { RepetitionComposite, RepetitionMitigator } from './annealer/repetitionComposite.js';
export { ControlNoiseComposite, ControlNoiseMitigator, resolveControlNoise } from './annealer/controlNoise.js';
export type { ControlNoiseOptions, ResolvedControlNoise } from './annealer/controlNoise.js';

// Shared
export { mitigatedCapabilities } from './capabilities.js';
export { shotExpectation } from './shotExpectation.js';

// Composition
export { znePlugin, readoutPlugin, spinReversalPlugin, repetitionPlugin, controlNoisePlugin, mitigationPlugins } from './plugins.js';
export { mitigationBenchSuite } from './bench/benchSuite.js';
export { hqml } from './plugin.js';
