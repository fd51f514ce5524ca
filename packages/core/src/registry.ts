import { PluginNotFoundError, ValidationError } from './errors.js';
import type { BenchSuite, CommandContribution, DoctorCheck, HqmlModule, HqmlPlugin, PluginKind } from './plugin.js';

/** A plugin named in a config: an id, or an id with options. */
export type PluginRef = string | { readonly id: string; readonly options?: unknown };

/**
 * Finds plugins by stable short id (PennyLane's device registry). An unknown id fails with the
 * list of registered ids, filtered by kind when one is asked for.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, HqmlPlugin>();
  private readonly commandList: CommandContribution[] = [];
  private readonly benchList = new Map<string, BenchSuite>();
  private readonly doctorList: DoctorCheck[] = [];

  /** Builds a registry from modules. */
  static of(...modules: HqmlModule[]): PluginRegistry {
    const r = new PluginRegistry();
    for (const m of modules) r.addModule(m);
    return r;
  }

  /** Adds one plugin; a duplicate id is an error. */
  add(plugin: HqmlPlugin): this {
    if (this.plugins.has(plugin.id)) {
      throw new ValidationError({ what: `Two plugins have the id "${plugin.id}"`, why: 'ids must be unique so that a config names exactly one implementation', fix: 'Rename one of them' });
    }
    this.plugins.set(plugin.id, plugin);
    return this;
  }

  /** Adds everything a module exposes. */
  addModule(module: HqmlModule): this {
    for (const p of module.plugins ?? []) this.add(p);
    for (const c of module.commands ?? []) {
      if (this.commandList.some((x) => x.name === c.name)) {
        throw new ValidationError({ what: `Two packages contribute the command "${c.name}"`, why: 'command names must be unique' });
      }
      this.commandList.push(c);
    }
    for (const b of module.benchmarks ?? []) {
      if (this.benchList.has(b.name)) throw new ValidationError({ what: `Two packages contribute the benchmark suite "${b.name}"`, why: 'suite names must be unique' });
      this.benchList.set(b.name, b);
    }
    this.doctorList.push(...(module.doctor ?? []));
    return this;
  }

  /** Whether an id is registered (optionally of a kind). */
  has(id: string, kind?: PluginKind): boolean {
    const p = this.plugins.get(id);
    return p !== undefined && (kind === undefined || p.kind === kind);
  }

  /** The plugin with this id; PluginNotFoundError lists the ids (of the kind) otherwise. */
  get<T = unknown>(id: string, kind?: PluginKind): HqmlPlugin<T> {
    const p = this.plugins.get(id);
    if (!p || (kind !== undefined && p.kind !== kind)) throw new PluginNotFoundError(id, this.ids(kind), kind ?? 'plugin');
    return p as HqmlPlugin<T>;
  }

  /** Registered plugins, sorted by id. */
  list(kind?: PluginKind): HqmlPlugin[] {
    return [...this.plugins.values()].filter((p) => kind === undefined || p.kind === kind).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Registered ids, sorted. */
  ids(kind?: PluginKind): string[] {
    return this.list(kind).map((p) => p.id);
  }

  /** Contributed CLI commands, in registration order. */
  commands(): readonly CommandContribution[] {
    return this.commandList;
  }

  /** Contributed benchmark suites, by name. */
  benchmarks(): BenchSuite[] {
    return [...this.benchList.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Contributed doctor checks. */
  doctorChecks(): readonly DoctorCheck[] {
    return this.doctorList;
  }

  /**
   * Makes the plugins `ids` (every plugin when omitted) usable synchronously: options parsed,
   * schema read. Here they all are already; a registry that knows packages by their manifests
   * (`LazyPluginRegistry`) imports their modules, which is why composition roots await it.
   */
  async load(_ids?: Iterable<string>): Promise<void> {}
}
