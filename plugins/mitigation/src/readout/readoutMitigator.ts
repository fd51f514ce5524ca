import type { BackendMitigator, QuantumBackend } from '@hqml/core';
import { z } from 'zod';
import { type ReadoutBackend, type ReadoutMitigationOptions, checkReadoutOptions, readoutBackend } from './readoutBackend.js';

const errorSchema = z.object({ p01: z.number().min(0).max(1), p10: z.number().min(0).max(1) }).strict();

/** The options of the `mitigation.readout` plugin (exactly these keys). */
export const readoutOptionsSchema = z
  .object({
    confusion: z.union([errorSchema, z.array(errorSchema).min(1)]).optional().describe('known readout errors {p01, p10}, one for all qubits or one per qubit (default: calibrated on the backend)'),
    calibrationShots: z.number().int().min(0).default(0).describe('shots per calibration circuit (0: exact probabilities)'),
    seed: z.number().int().default(0).describe('seed of calibration shots and resampling'),
    project: z.boolean().default(true).describe('project mitigated probabilities onto the nearest distribution'),
  })
  .strict();

/** Parsed `mitigation.readout` options. */
export type ReadoutPluginOptions = z.infer<typeof readoutOptionsSchema>;

/** `mitigation.readout`: wraps a gate-model backend so that its readout error is inverted. */
export class ReadoutMitigator implements BackendMitigator {
  readonly id = 'mitigation.readout';
  readonly target = 'backend' as const;

  constructor(readonly options: ReadoutMitigationOptions = {}) {
    checkReadoutOptions(options);
  }

  wrap(inner: QuantumBackend): ReadoutBackend {
    return readoutBackend(inner, this.options);
  }
}
