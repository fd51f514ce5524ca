import type { DependencyContainer, PluginRegistry } from '@hqml/core';

/**
 * The options every reference app's run function takes (`runRefine`; `runAnneal` adds its
 * queue; `runKd` keeps its own progress sink and teacher cache): where the run lives, the
 * registry its config's plugin ids are resolved in, and how it reports progress.
 */
export interface AppRunOptions {
  readonly runDir: string;
  /** The plugins the config may name (the CLI's registry). */
  readonly registry: PluginRegistry;
  /** The composition root's container (default: a fresh child of tsyringe's root). */
  readonly container?: DependencyContainer;
  /** Discard finished cells and run everything again. */
  readonly fresh?: boolean;
  /** Progress lines (stderr by default; null for none). */
  readonly log?: ((line: string) => void) | null;
  /** Progress bars during training. */
  readonly progress?: boolean;
}
