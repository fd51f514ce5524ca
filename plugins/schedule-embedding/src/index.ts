// Annealer
export { controlTerms, termLabel, COUPLER_GRAPHS } from './controlTerms.js';
export type { ControlTerm, CouplerGraph } from './controlTerms.js';
export { annealerSpec, checkAnnealerSpec, scheduleSize } from './annealerSpec.js';
export type { AnnealerSpec, AnnealerSpecOptions, TrotterOrder } from './annealerSpec.js';
export { buildEvolutionCircuit } from './evolutionCircuit.js';
export { exactEvolution, hamiltonianMatrix, EXACT_MAX_QUBITS } from './exactEvolution.js';

// Hilbert-Schmidt geometry
export { overlapMatrix, classTraces, hsDistances, hsCost } from './hilbertSchmidt.js';
export type { StateBatch } from './hilbertSchmidt.js';
export { ClassStates } from './classStates.js';
export type { ClassStatesOptions, ClassStatesJSON, ClassScores } from './classStates.js';
export { classicalMds } from './mds.js';

// TF.js
export { evolvedStates, requireStateProvider } from './stateOp.js';
export { hsLoss } from './hsLoss.js';
export { AnnealerClassifier } from './annealerClassifier.js';
export type { AnnealerClassifierOptions, AnnealerFitOptions, BackboneId, Embedding } from './annealerClassifier.js';

// Configuration and composition
export { annealerConfigSchema, ANNEALER_PRESETS, resolveAnnealerConfig } from './config.js';
export type { AnnealerConfig, AnnealerConfigInput } from './config.js';
export { embeddingBench } from './bench.js';
export { registerScheduleEmbedding, createClassifier, classifierOptionsSchema } from './register.js';
export type { ClassifierOptions } from './register.js';
export { scheduleEmbeddingPlugin, hqml } from './plugin.js';
