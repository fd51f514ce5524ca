import { type DependencyContainer, Tokens, definePlugin } from '@hqml/core';
import { Dwave } from './dwave.js';

/** The "dwave" plugin: builds a Dwave and registers it under Tokens.Annealer. */
export const dwavePlugin = definePlugin({
  id: 'dwave',
  kind: 'annealer',
  description: 'Dwave (describe it here)',
  capabilities: {},
  token: Tokens.Annealer,
  create: () => new Dwave(),
});

/** Registers the plugin into a container (explicitly; nothing registers on import). */
export function registerDwave(container: DependencyContainer, options: Record<string, unknown> = {}): Promise<unknown> {
  return dwavePlugin.register(container, options);
}
