import { type DependencyContainer, PluginNotFoundError } from '@hqml/core';
import { distillPlugins } from './plugins.js';
import type { StudentTrainer } from './studentTrainer.js';

/** Options of {@link registerDistill}. */
export interface RegisterDistillOptions {
  /** Which trainer to register under `StudentTrainerToken` (default `distill.kd`). */
  readonly trainer?: 'distill.baseline' | 'distill.kd';
  /** Its options (`temperature`, `alpha` for `distill.kd`). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Registers one trainer under `StudentTrainerToken` (explicitly; nothing happens on import). Returns it. */
export async function registerDistill(container: DependencyContainer, options: RegisterDistillOptions = {}): Promise<StudentTrainer> {
  const id = options.trainer ?? 'distill.kd';
  const plugin = distillPlugins.find((p) => p.id === id);
  if (!plugin) throw new PluginNotFoundError(id, distillPlugins.map((p) => p.id), 'trainer');
  return (await plugin.register(container, options.options ?? {})) as StudentTrainer;
}
