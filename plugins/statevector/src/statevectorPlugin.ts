import { type HqmlPlugin, type NoiseModel, type QuantumBackend, Tokens, definePlugin, validateNoiseModel } from '@hqml/core';
import { z } from 'zod';
import { ENGINE_OPTIONS } from './engineChoice.js';
import { STATEVECTOR_DEFAULTS as D, StatevectorBackend, type StatevectorOptions } from './statevectorBackend.js';

/** A noise model, checked by the validation the backend applies (one message per mistake). */
const noiseSchema = z.custom<NoiseModel>().superRefine((value, ctx) => {
  try {
    validateNoiseModel(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
  }
});

/**
 * The options of the `statevector` plugin: exactly those of {@link StatevectorOptions}, with the
 * static defaults of {@link D STATEVECTOR_DEFAULTS} applied; `threads` and `memoryBudgetBytes`
 * default to what the machine has. Limits the schema cannot know (memory, wasm32 size) are
 * checked by the backend before it allocates.
 */
export const statevectorOptionsSchema = z
  .object({
    threads: z.number().int().min(1).max(256).optional().describe('threads (main + workers); default HQML_THREADS or every core'),
    memoryBudgetBytes: z.number().positive().optional().describe('bytes the simulator may allocate per call; default half of the free memory'),
    noise: noiseSchema.optional().describe('noise model { channels: [{ kind, probability, gates?, qubits? }], readout? }; none by default'),
    noiseMethod: z.enum(['auto', 'trajectories', 'density-matrix']).default(D.noiseMethod).describe('auto: density matrix up to 10 qubits, trajectories above'),
    trajectories: z.number().int().min(1).default(D.trajectories).describe('trajectories per sample'),
    noiseSeed: z.number().int().default(D.noiseSeed).describe('seed of the trajectories'),
    fusion: z.boolean().default(D.fusion).describe('fuse runs of one-qubit gates (false: gate-by-gate)'),
    cacheBlocking: z.boolean().default(D.cacheBlocking).describe('apply runs of gates on low qubits block by block'),
    chunkAmplitudes: z.number().int().min(1).default(D.chunkAmplitudes).describe('amplitudes (rows x 2^n) per cache-sized chunk of the JavaScript engine'),
    minThreadedWork: z.number().min(0).default(D.minThreadedWork).describe('batches use more than one thread only from this many gate-amplitudes (rows x 2^n x gates)'),
    batchLayout: z.enum(['sample-innermost', 'sample-outermost']).default(D.batchLayout).describe('layout of a batch in the JavaScript engine'),
    maxQubits: z.number().int().min(1).default(D.maxQubits).describe('largest qubit count accepted (memory is checked separately)'),
    largeStateQubits: z.number().min(1).default(D.largeStateQubits).describe('with engine auto, single states from this many qubits (batches from 16) run on the single-state WebAssembly engine; a number above maxQubits turns it off'),
    blockQubits: z.number().int().min(2).max(20).default(D.blockQubits).describe('log2 of the cache block (amplitudes) of the single-state WebAssembly engine'),
    engine: z.enum(ENGINE_OPTIONS as [string, ...string[]]).default(D.engine).describe('auto: picked per call by size and kind; js, batch-wasm or large-wasm: forced for every call that engine implements'),
  })
  .strict();

/** The `statevector` plugin: registers a {@link StatevectorBackend} under `Tokens.QuantumBackend`. */
export const statevectorPlugin: HqmlPlugin<QuantumBackend, StatevectorOptions> = definePlugin<QuantumBackend, StatevectorOptions>({
  id: 'statevector',
  kind: 'backend',
  description: 'CPU statevector simulator (complex128): batched, adjoint and parameter-shift gradients, shots, noise, two-core worker threads',
  capabilities: { maxQubits: 30, precision: 'complex128', gradientMethods: ['adjoint', 'parameter-shift'], noise: true, shots: true, deviceKind: 'simulator' },
  token: Tokens.QuantumBackend,
  // exactOptionalPropertyTypes: zod's optional keys are `T | undefined`; the backend reads them with `??`
  options: statevectorOptionsSchema as unknown as z.ZodType<StatevectorOptions>,
  create: (options) => new StatevectorBackend(options),
});
