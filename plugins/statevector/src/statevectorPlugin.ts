import { type HqmlPlugin, type QuantumBackend, Tokens, definePlugin } from '@hqml/core';
import { z } from 'zod';
import { type NoiseModel, validateNoiseModel } from './noise/noiseModel.js';
import { StatevectorBackend, type StatevectorOptions } from './statevectorBackend.js';

/** A noise model, checked by the same validation the backend applies (one message per mistake). */
const noiseSchema = z.custom<NoiseModel>().superRefine((value, ctx) => {
  try {
    validateNoiseModel(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
  }
});

/**
 * The options of the `statevector` plugin, exactly those of {@link StatevectorOptions}; absent
 * keys take the backend's defaults (documented there). Values the schema cannot express (memory
 * limits, thread counts against the machine) are checked again by the backend's constructor.
 */
export const statevectorOptionsSchema = z
  .object({
    threads: z.number().int().min(1).optional().describe('threads (main + workers); default HQML_THREADS or all cores'),
    memoryBudgetBytes: z.number().positive().optional().describe('bytes the simulator may allocate per call; default half of the free memory'),
    noise: noiseSchema.optional().describe('noise model { channels: [{ kind, probability, gates?, qubits? }], readout? }; none by default'),
    noiseMethod: z.enum(['auto', 'trajectories', 'density-matrix']).optional().describe('auto (default): density matrix up to 10 qubits, trajectories above'),
    trajectories: z.number().int().min(1).optional().describe('trajectories per sample; default 1000'),
    noiseSeed: z.number().int().optional().describe('seed of the trajectories; default 0'),
    fusion: z.boolean().optional().describe('fuse runs of one-qubit gates; default true'),
    cacheBlocking: z.boolean().optional().describe('apply runs of gates on low qubits block by block; default true'),
    chunkAmplitudes: z.number().int().min(1).optional().describe('amplitudes per cache-sized batch chunk; default 2^15'),
    minThreadedWork: z.number().min(0).optional().describe('batches use a second thread only from this many gate-amplitudes; default 6,000,000'),
    batchLayout: z.enum(['sample-innermost', 'sample-outermost']).optional().describe('default sample-innermost'),
    maxQubits: z.number().int().min(1).optional().describe('largest qubit count accepted; default 30'),
    largeStateQubits: z.number().min(1).optional().describe('single states from this many qubits run on the WebAssembly single-state engine; default 12; Infinity (JSON: 1e9) turns it off'),
    blockQubits: z.number().int().min(2).max(20).optional().describe('log2 of the WebAssembly engine\'s cache block; default 14'),
  })
  .strict();

/** The `statevector` plugin: registers a {@link StatevectorBackend} under `Tokens.QuantumBackend`. */
export const statevectorPlugin: HqmlPlugin<QuantumBackend, StatevectorOptions> = definePlugin<QuantumBackend, StatevectorOptions>({
  id: 'statevector',
  kind: 'backend',
  description: 'CPU statevector simulator (complex128): batched, adjoint and parameter-shift gradients, shots, noise, two-core worker threads',
  capabilities: { maxQubits: 30, precision: 'complex128', gradientMethods: ['adjoint', 'parameter-shift'], noise: true, shots: true, deviceKind: 'simulator' },
  token: Tokens.QuantumBackend,
  options: statevectorOptionsSchema as z.ZodType<StatevectorOptions>,
  create: (options) => new StatevectorBackend(options),
});
