import { type DependencyContainer, Tokens, definePlugin } from '@hqml/core';
import { Mitigation } from './mitigation.js';

/** The "mitigation" plugin: builds a Mitigation and registers it under Tokens.Mitigator. */
export const mitigationPlugin = definePlugin({
  id: 'mitigation',
  kind: 'mitigator',
  description: 'Mitigation (describe it here)',
  capabilities: {},
  token: Tokens.Mitigator,
  create: () => new Mitigation(),
});

/** Registers the plugin into a container (explicitly; nothing registers on import). */
export function registerMitigation(container: DependencyContainer, options: Record<string, unknown> = {}): Promise<unknown> {
  return mitigationPlugin.register(container, options);
}
