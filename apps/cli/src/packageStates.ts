import type { LazyPluginRegistry } from '@hqml/core/registry';
import type { DiscoveredModule } from './discovery.js';

/** A discovered package as `hqml plugins --json` and `hqml doctor` report it. */
export interface PackageState {
  readonly name: string;
  readonly version: string;
  /** Its module was imported in this run (a package known by its manifest is imported only when needed). */
  readonly loaded: boolean;
  /** Why importing it failed. */
  readonly error?: string;
}

/** The state of every discovered package, in discovery order. */
export function packageStates(modules: readonly DiscoveredModule[], registry: LazyPluginRegistry): PackageState[] {
  const declared = new Map(registry.packages().map((p) => [p.name, p]));
  return modules.map((m) => {
    const d = m.manifest ? declared.get(m.packageName) : undefined;
    const error = d ? d.error : m.error;
    return { name: m.packageName, version: m.version, loaded: d ? d.loaded : m.module !== undefined, ...(error !== undefined && { error }) };
  });
}
