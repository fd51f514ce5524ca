import { type HqmlPlugin, type QuantumBackend, Tokens, ValidationError, definePlugin } from '@hqml/core';
import { StatevectorBackend, type StatevectorOptions } from './statevectorBackend.js';

const OPTION_KEYS = ['threads', 'memoryBudgetBytes', 'noise', 'noiseMethod', 'trajectories', 'noiseSeed', 'fusion', 'cacheBlocking', 'chunkAmplitudes', 'batchLayout', 'maxQubits'];

/** Checks option names (values are validated by the backend's constructor). */
export function checkStatevectorOptions(raw: unknown): StatevectorOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationError({ what: `options of "statevector" are ${JSON.stringify(raw)}`, why: 'they must be an object', fix: `Pass e.g. { threads: 2 }; keys: ${OPTION_KEYS.join(', ')}` });
  }
  for (const k of Object.keys(raw)) {
    if (!OPTION_KEYS.includes(k)) {
      throw new ValidationError({ what: `unknown option "${k}" for plugin "statevector"`, why: `its options are ${OPTION_KEYS.join(', ')}`, fix: 'Remove or rename it' });
    }
  }
  return raw as StatevectorOptions;
}

/** The `statevector` plugin: registers a {@link StatevectorBackend} under `Tokens.QuantumBackend`. */
export const statevectorPlugin: HqmlPlugin<QuantumBackend, StatevectorOptions> = definePlugin<QuantumBackend, StatevectorOptions>({
  id: 'statevector',
  kind: 'backend',
  description: 'CPU statevector simulator (complex128): batched, adjoint and parameter-shift gradients, shots, noise, two-core worker threads',
  capabilities: { maxQubits: 30, precision: 'complex128', gradientMethods: ['adjoint', 'parameter-shift'], noise: true, shots: true, deviceKind: 'simulator' },
  token: Tokens.QuantumBackend,
  create: (options) => new StatevectorBackend(checkStatevectorOptions(options)),
});
