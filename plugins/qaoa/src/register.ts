import { type Annealer, type DependencyContainer, Tokens, definePlugin, inject } from '@hqml/core';
import { QaoaAnnealer } from './qaoaAnnealer.js';
import { type QaoaDefaults, qaoaDefaultsSchema } from './qaoaOptions.js';

/**
 * `anneal.qaoa`: QAOA on the `QuantumBackend` registered in the same container. Its options are
 * the defaults of every `sample` call (`p`, `init`, `objective`, ...). It declares
 * `requires: ['backend']` so that a composition root (or `hqml anneal`) registers a backend first.
 */
export const qaoaPlugin = definePlugin<Annealer, QaoaDefaults>({
  id: 'anneal.qaoa',
  kind: 'annealer',
  description: 'QAOA on any QuantumBackend from the container: ramp/TQA/INTERP/FOURIER angles, warm start (Egger et al.), expectation or CVaR, L-BFGS on adjoint gradients or Nelder-Mead',
  capabilities: { heuristic: true, requires: ['backend'], warmStart: true, objectives: ['expectation', 'cvar'], blocks: true },
  token: Tokens.Annealer,
  options: qaoaDefaultsSchema,
  create: (options, container) => new QaoaAnnealer(inject(container, Tokens.QuantumBackend), options),
});

/** Registers `anneal.qaoa` into a container that already holds a backend (explicitly; nothing registers on import). */
export function registerQaoa(container: DependencyContainer, options: QaoaDefaults = {}): Promise<Annealer> {
  return qaoaPlugin.register(container, options);
}
