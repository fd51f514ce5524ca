// Topologies
export type { HardwareGraph, TopologyFamily, DenseAdjacency } from './topology/hardwareGraph.js';
export { hardwareGraph, denseAdjacency } from './topology/hardwareGraph.js';
export { chimeraGraph, chimeraToLinear, linearToChimera } from './topology/chimera.js';
export type { ChimeraCoordinate } from './topology/chimera.js';
export { pegasusGraph, pegasusToLinear, linearToPegasus } from './topology/pegasus.js';
export type { PegasusCoordinate } from './topology/pegasus.js';
export { zephyrGraph, zephyrToLinear, linearToZephyr } from './topology/zephyr.js';
export type { ZephyrCoordinate } from './topology/zephyr.js';
export { topologyGraph, parseTopology } from './topology/topologyGraph.js';
export type { TopologySpec } from './topology/topologyGraph.js';

// Embedding
export type { Embedding, SourceGraph, EmbeddingFile, EmbeddingStats } from './embedding/embedding.js';
export { embeddingStats, embeddingToJSON, embeddingFromJSON } from './embedding/embedding.js';
export { saveEmbedding, loadEmbedding } from './embedding/embeddingFile.js';
export { findEmbedding } from './embedding/findEmbedding.js';
export type { FindEmbeddingOptions, FindEmbeddingResult } from './embedding/findEmbedding.js';
export { embeddingProblems, isValidEmbedding, checkEmbedding } from './embedding/verifyEmbedding.js';
export { uniformTorqueCompensation, scaledChainStrength, resolveChainStrength, CHAIN_STRENGTH_RULES } from './embedding/chainStrength.js';
export type { ChainStrength } from './embedding/chainStrength.js';
export { resolveChains, CHAIN_BREAK_METHODS } from './embedding/chainBreaks.js';
export type { ChainBreakMethod, ResolvedSamples } from './embedding/chainBreaks.js';
export { embedIsing } from './embedding/embedModel.js';
export { sampleEmbedded } from './embedding/sampleEmbedded.js';
export type { EmbeddingSampleOptions } from './embedding/sampleEmbedded.js';
export { EmbeddingComposite, embedModelOn } from './embedding/embeddingComposite.js';
export type { EmbeddingCompositeSampleOptions } from './embedding/embeddingComposite.js';
export { FixedEmbeddingComposite } from './embedding/fixedEmbeddingComposite.js';
export { AutoEmbeddingComposite } from './embedding/autoEmbeddingComposite.js';

// SAPI
export { encodeQp, decodeQpProblem, decodeQpAnswer, encodeQpAnswer } from './sapi/qpCodec.js';
export type { QpProblemData, QpAnswer, DecodedAnswer, QpSolverGraph } from './sapi/qpCodec.js';
export { MEDIA_TYPES, ASK_VERSION } from './sapi/mediaTypes.js';
export { Secret } from './sapi/secret.js';
export { resolveSapiConfig, configFilePaths, loadProfile, DEFAULT_REGION, DEFAULT_ENDPOINT, DEFAULT_METADATA_ENDPOINT } from './sapi/sapiConfig.js';
export type { SapiSettings, SapiConfig, ConfigEnvironment } from './sapi/sapiConfig.js';
export { resolveEndpoint } from './sapi/regions.js';
export { HttpTransport, parseRetryAfter } from './sapi/httpTransport.js';
export type { RetryPolicy, HttpTransportOptions } from './sapi/httpTransport.js';
export { SapiClient, uniqueLabel } from './sapi/sapiClient.js';
export type { SapiClientOptions, SubmittedProblem, NewJob } from './sapi/sapiClient.js';
export { filterSolvers, solverMatches } from './sapi/solverFilter.js';
export type { SolverFeatures } from './sapi/solverFilter.js';
export type { SolverRecord, SolverIdentity, ProblemJob, ProblemStatus, ProblemState, ProblemSubmitError } from './sapi/sapiTypes.js';
export { SapiError, SapiAuthenticationError, SapiRateLimitError, SapiServerError, SapiRequestError, SapiBadResponseError, SapiTimeoutError, ProblemFailedError, ProblemCancelledError } from './sapi/sapiErrors.js';

// Sampler, schedules
export { DWaveSampler } from './dwaveSampler.js';
export type { DWaveSamplerOptions, DWaveSampleOptions } from './dwaveSampler.js';
export { checkAnnealSchedule, checkHGainSchedule } from './schedule/annealSchedule.js';
export type { SchedulePoints } from './schedule/annealSchedule.js';

// Emulator
export { SapiEmulator } from './emulator/sapiEmulator.js';
export type { EmulatedSolver, SapiEmulatorOptions, EmulatorRequestRecord } from './emulator/sapiEmulator.js';
export type { EmulatorFault, EmulatorRoute } from './emulator/faults.js';
export { emulatedProperties } from './emulator/solverProperties.js';

// Plugin, CLI, bench
export { dwaveQpuPlugin, dwaveQpuOptionsSchema, createDwaveQpu, registerDwave } from './register.js';
export type { DwaveQpuOptions } from './register.js';
export { dwaveCommand, startEmulatorFromCli } from './dwaveCommand.js';
export { dwaveBenchSuite, completeGraph, sparseRandomGraph } from './benchSuite.js';
export { hqml } from './plugin.js';
export { compileSchedule } from './schedule/compileSchedule.js';
export type { LearnedSchedule, LearnedTerm, AnnealingCurves, CompileScheduleOptions, CompiledSchedule, ScheduleLimitation } from './schedule/compileSchedule.js';
