import { type Annealer, type DependencyContainer, PluginNotFoundError } from '@hqml/core';
import { annealPlugins } from './plugins.js';

/** Options of {@link registerAnneal}. */
export interface RegisterAnnealOptions {
  /** Which annealer to register under `Tokens.Annealer` (default `anneal.sa`). */
  readonly solver?: 'anneal.sa' | 'anneal.pt' | 'anneal.sqa' | 'anneal.exact';
  /** Options for that plugin (`numThreads`, or `maxVariables` for the exact solver). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * Registers one of this package's annealers under `Tokens.Annealer` in `container`
 * (explicitly; nothing is registered on import). Returns the annealer.
 */
export async function registerAnneal(container: DependencyContainer, options: RegisterAnnealOptions = {}): Promise<Annealer> {
  const id = options.solver ?? 'anneal.sa';
  const plugin = annealPlugins.find((p) => p.id === id);
  if (!plugin) throw new PluginNotFoundError(id, annealPlugins.map((p) => p.id), 'annealer');
  return plugin.register(container, options.options ?? {});
}
