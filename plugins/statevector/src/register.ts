import type { DependencyContainer } from '@hqml/core';
import type { StatevectorBackend, StatevectorOptions } from './statevectorBackend.js';
import { statevectorPlugin } from './statevectorPlugin.js';

/**
 * Registers a statevector backend under `Tokens.QuantumBackend` in `container` (explicitly;
 * nothing is registered on import) and returns it.
 */
export async function registerStatevector(container: DependencyContainer, options: StatevectorOptions = {}): Promise<StatevectorBackend> {
  return (await statevectorPlugin.register(container, options)) as StatevectorBackend;
}
