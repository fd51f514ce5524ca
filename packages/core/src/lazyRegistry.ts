import type { Command } from 'commander';
import { HqmlError, PluginLoadError, PluginNotFoundError, ValidationError } from './errors.js';
import type { BenchRecord, BenchSuite, CommandContribution, DoctorCheck, HqmlModule, HqmlPlugin } from './plugin.js';
import type { PluginKind } from './pluginKinds.js';
import type { CommandDeclaration, HqmlManifest, PluginDeclaration } from './pluginManifest.js';
import { PluginRegistry } from './registry.js';

/** A package known by its manifest; its module is imported the first time something needs it. */
interface DeclaredPackage {
  readonly manifest: HqmlManifest;
  readonly importModule: () => Promise<HqmlModule>;
  module?: HqmlModule;
  error?: PluginLoadError;
  pending?: Promise<HqmlModule>;
}

/** Where the registry's contents came from, in registration order (the order of `hqml --help`). */
type Source = { readonly module: HqmlModule } | { readonly pkg: DeclaredPackage };

/** A package registered by its manifest, and whether its module has been imported. */
export interface DeclaredPackageState {
  readonly name: string;
  readonly version: string;
  /** Its module was imported (in this process). */
  readonly loaded: boolean;
  /** Why importing it failed. */
  readonly error?: string;
}

const names = (list: ReadonlyArray<{ readonly name: string }> | undefined): string[] => (list ?? []).map((x) => x.name);

/** What of a manifest the module does not have (the build that wrote it is stale), or undefined. */
function manifestMismatch(manifest: HqmlManifest, module: HqmlModule): string | undefined {
  const plugins = new Map((module.plugins ?? []).map((p) => [p.id, p.kind]));
  const differences: string[] = [];
  for (const p of manifest.plugins) {
    const kind = plugins.get(p.id);
    if (kind !== p.kind) differences.push(kind === undefined ? `it declares the plugin "${p.id}", which the module lacks` : `it declares "${p.id}" a ${p.kind}, the module a ${kind}`);
  }
  const extra = [...plugins.keys()].filter((id) => !manifest.plugins.some((p) => p.id === id));
  if (extra.length) differences.push(`the module has plugins it does not declare: ${extra.join(', ')}`);
  for (const [what, declared, actual] of [
    ['commands', names(manifest.commands), names(module.commands)],
    ['benchmark suites', names(manifest.benchmarks), names(module.benchmarks)],
    ['doctor checks', names(manifest.doctor), names(module.doctor)],
  ] as const) {
    if (declared.join('\u0000') !== actual.join('\u0000')) differences.push(`it declares the ${what} [${declared.join(', ')}], the module has [${actual.join(', ')}]`);
  }
  return differences.length ? differences.join('; ') : undefined;
}

/**
 * A plugin registry that knows packages by their manifests ({@link HqmlManifest}) and imports a
 * package's module only when something needs its code: listing plugins, commands, suites and
 * checks reads the manifests; {@link load} (which `Composition.check` awaits), a plugin's
 * `create`/`register`, a suite's `run` and a check's `run` import the package first. Modules
 * added with {@link addModule} are used as they are, as in {@link PluginRegistry}.
 *
 * Before its package is loaded, {@link get} returns a stand-in with the declared id, kind,
 * description and capabilities whose `create` and `register` load the package; its
 * `parseOptions` and `optionsSchema` need the code and say to `await load([id])` first.
 */
export class LazyPluginRegistry extends PluginRegistry {
  private readonly sources: Source[] = [];
  private readonly declared = new Map<string, { readonly pkg: DeclaredPackage; readonly decl: PluginDeclaration }>();
  private readonly standIns = new Map<string, HqmlPlugin>();
  private readonly commandStubs = new Map<CommandDeclaration, CommandContribution>();
  private readonly stubDeclarations = new WeakMap<CommandContribution, CommandDeclaration>();

  /** Adds a module whose code is already imported; ids and names must not clash with declared ones. */
  override addModule(module: HqmlModule): this {
    this.refuseClashes(
      (module.plugins ?? []).map((p) => p.id),
      names(module.commands),
      names(module.benchmarks),
    );
    super.addModule(module);
    this.sources.push({ module });
    return this;
  }

  /**
   * Adds a package by its manifest; `importModule` imports its `hqml` module when first needed.
   * Ids, command and suite names must be unique across everything registered.
   */
  addPackage(manifest: HqmlManifest, importModule: () => Promise<HqmlModule>): this {
    this.refuseClashes(manifest.plugins.map((p) => p.id), names(manifest.commands), names(manifest.benchmarks));
    const pkg: DeclaredPackage = { manifest, importModule };
    for (const decl of manifest.plugins) this.declared.set(decl.id, { pkg, decl });
    this.sources.push({ pkg });
    return this;
  }

  private refuseClashes(ids: readonly string[], commands: readonly string[], suites: readonly string[]): void {
    const seenIds = new Set(this.ids());
    for (const id of ids) {
      if (seenIds.has(id)) throw new ValidationError({ what: `Two plugins have the id "${id}"`, why: 'ids must be unique so that a config names exactly one implementation', fix: 'Rename one of them' });
      seenIds.add(id);
    }
    const seenCommands = new Set(names(this.commands()));
    for (const c of commands) {
      if (seenCommands.has(c)) throw new ValidationError({ what: `Two packages contribute the command "${c}"`, why: 'command names must be unique' });
      seenCommands.add(c);
    }
    const seenSuites = new Set(names(this.benchmarks()));
    for (const s of suites) {
      if (seenSuites.has(s)) throw new ValidationError({ what: `Two packages contribute the benchmark suite "${s}"`, why: 'suite names must be unique' });
      seenSuites.add(s);
    }
  }

  override has(id: string, kind?: PluginKind): boolean {
    const d = this.declared.get(id);
    if (d) return kind === undefined || d.decl.kind === kind;
    return super.has(id, kind);
  }

  override get<T = unknown>(id: string, kind?: PluginKind): HqmlPlugin<T> {
    const d = this.declared.get(id);
    if (!d) return super.get<T>(id, kind);
    if (kind !== undefined && d.decl.kind !== kind) throw new PluginNotFoundError(id, this.ids(kind), kind);
    return (this.loadedPlugin(d.pkg, id) ?? this.standIn(d.pkg, d.decl)) as HqmlPlugin<T>;
  }

  override list(kind?: PluginKind): HqmlPlugin[] {
    const out = super.list(kind);
    for (const [id, d] of this.declared) if (kind === undefined || d.decl.kind === kind) out.push(this.get(id));
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The manifest's declaration of plugin `id`, when a package declared it (loaded or not). */
  declaration(id: string): PluginDeclaration | undefined {
    return this.declared.get(id)?.decl;
  }

  /** Commands in registration order; those of packages not loaded yet are stand-ins (see {@link commandDeclaration}). */
  override commands(): readonly CommandContribution[] {
    return this.sources.flatMap((s) => {
      if ('module' in s) return s.module.commands ?? [];
      if (s.pkg.module) return s.pkg.module.commands ?? [];
      return s.pkg.manifest.commands.map((c) => this.commandStub(s.pkg, c));
    });
  }

  /** The declaration behind a command stand-in (a package not loaded yet); undefined for real commands. */
  commandDeclaration(command: CommandContribution): CommandDeclaration | undefined {
    return this.stubDeclarations.get(command);
  }

  override benchmarks(): BenchSuite[] {
    const out = this.sources.flatMap((s): readonly BenchSuite[] => {
      if ('module' in s) return s.module.benchmarks ?? [];
      if (s.pkg.module) return s.pkg.module.benchmarks ?? [];
      return s.pkg.manifest.benchmarks.map((b) => ({ name: b.name, description: b.description, run: (options) => this.runSuite(s.pkg, b.name, options) }));
    });
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  override doctorChecks(): readonly DoctorCheck[] {
    return this.sources.flatMap((s): readonly DoctorCheck[] => {
      if ('module' in s) return s.module.doctor ?? [];
      const pkg = s.pkg;
      if (pkg.module) return pkg.module.doctor ?? [];
      return pkg.manifest.doctor.map((d) => ({ name: d.name, run: async () => this.find((await this.loadPackage(pkg)).doctor, d.name, pkg, 'doctor check').run() }));
    });
  }

  /**
   * Imports the packages that declare `ids` (every declared package when omitted). A package
   * that fails to import is a PluginLoadError naming it (every failing one, when several do);
   * ids no package declares are left to the caller's own check.
   */
  override async load(ids?: Iterable<string>): Promise<void> {
    const pkgs = new Set<DeclaredPackage>();
    if (ids === undefined) for (const s of this.sources) if ('pkg' in s) pkgs.add(s.pkg);
    if (ids !== undefined) for (const id of ids) { const d = this.declared.get(id); if (d) pkgs.add(d.pkg); }
    const failed = (await Promise.allSettled([...pkgs].map((p) => this.loadPackage(p)))).flatMap((r) => (r.status === 'rejected' ? [r.reason as PluginLoadError] : []));
    if (failed.length === 1) throw failed[0];
    if (failed.length > 1) {
      throw new PluginLoadError(failed[0]!.packageName, { what: `${failed.length} plugin packages could not be loaded`, why: failed.map((e) => e.message).join(' | '), cause: failed });
    }
  }

  /** Imports the package that declares the command (or alias) `name`, if a declared package does. */
  async loadCommand(name: string): Promise<void> {
    for (const s of this.sources) {
      if ('pkg' in s && s.pkg.manifest.commands.some((c) => c.name === name || c.aliases.includes(name))) await this.loadPackage(s.pkg);
    }
  }

  /** The packages registered by manifest, in registration order, and whether each was loaded. */
  packages(): DeclaredPackageState[] {
    return this.sources.flatMap((s) => {
      if (!('pkg' in s)) return [];
      const { manifest, module, error } = s.pkg;
      return [{ name: manifest.package, version: manifest.version, loaded: module !== undefined, ...(error && { error: error.message }) }];
    });
  }

  private loadPackage(pkg: DeclaredPackage): Promise<HqmlModule> {
    if (pkg.module) return Promise.resolve(pkg.module);
    if (pkg.error) return Promise.reject(pkg.error);
    const name = pkg.manifest.package;
    const fail = (error: PluginLoadError): never => {
      pkg.error = error;
      delete pkg.pending;
      throw error;
    };
    pkg.pending ??= (async () => {
      let module: HqmlModule;
      try {
        module = await pkg.importModule();
      } catch (err) {
        return fail(new PluginLoadError(name, { what: `Cannot load the plugin package ${name}`, why: err instanceof Error ? err.message : String(err), fix: 'Reinstall it (or rebuild the workspace: `npm run build`); `hqml doctor` lists every package that does not load', cause: err }));
      }
      const mismatch = manifestMismatch(pkg.manifest, module);
      if (mismatch) return fail(new PluginLoadError(name, { what: `The manifest of ${name} does not match its code`, why: mismatch, fix: 'Rebuild it (`npm run build` in the workspace): manifests are generated from the code at build time' }));
      pkg.module = module;
      delete pkg.pending;
      return module;
    })();
    return pkg.pending;
  }

  private loadedPlugin(pkg: DeclaredPackage, id: string): HqmlPlugin | undefined {
    return pkg.module?.plugins?.find((p) => p.id === id);
  }

  private find<T extends { readonly name: string }>(list: readonly T[] | undefined, name: string, pkg: DeclaredPackage, what: string): T {
    const found = list?.find((x) => x.name === name);
    if (!found) throw new PluginLoadError(pkg.manifest.package, { what: `${pkg.manifest.package} declares the ${what} "${name}" but its module has none`, fix: 'Rebuild it (`npm run build`)' });
    return found;
  }

  private async *runSuite(pkg: DeclaredPackage, name: string, options: { quick: boolean; threads?: number }): AsyncIterable<BenchRecord> {
    yield* this.find((await this.loadPackage(pkg)).benchmarks, name, pkg, 'benchmark suite').run(options);
  }

  private standIn(pkg: DeclaredPackage, decl: PluginDeclaration): HqmlPlugin {
    const known = this.standIns.get(decl.id);
    if (known) return known;
    const { id, kind, description } = decl;
    const real = (): HqmlPlugin => {
      const p = this.loadedPlugin(pkg, id);
      if (p) return p;
      throw new HqmlError({
        what: `Plugin "${id}" of ${pkg.manifest.package} is not loaded yet`,
        why: 'its options schema and code live in its module, which the registry imports on demand',
        fix: `Call \`await registry.load(["${id}"])\` first (Composition.check does)`,
      });
    };
    const loaded = async (): Promise<HqmlPlugin> => {
      await this.loadPackage(pkg);
      return real();
    };
    const standIn = Object.freeze({
      id,
      kind,
      description,
      capabilities: Object.freeze({ ...decl.capabilities }),
      get optionsSchema() {
        return real().optionsSchema;
      },
      parseOptions: (raw: unknown) => real().parseOptions(raw),
      create: async (options: unknown, container: Parameters<HqmlPlugin['create']>[1]) => (await loaded()).create(options, container),
      register: async (container: Parameters<HqmlPlugin['register']>[0], options?: unknown) => (await loaded()).register(container, options),
    }) as HqmlPlugin;
    this.standIns.set(id, standIn);
    return standIn;
  }

  private commandStub(pkg: DeclaredPackage, decl: CommandDeclaration): CommandContribution {
    let stub = this.commandStubs.get(decl);
    if (stub) return stub;
    stub = {
      name: decl.name,
      // Listed by help; running it needs the real command, which loadCommand registers instead.
      register: (program: Command) => {
        program
          .command(decl.name)
          .aliases([...decl.aliases])
          .description(decl.description)
          .helpOption(false)
          .allowUnknownOption()
          .allowExcessArguments()
          .action(() => {
            throw new HqmlError({ what: `The command "${decl.name}" of ${pkg.manifest.package} is not loaded`, why: 'the program was built before its package was imported', fix: `Call \`await registry.loadCommand("${decl.name}")\` before building the program` });
          });
      },
    };
    this.commandStubs.set(decl, stub);
    this.stubDeclarations.set(stub, decl);
    return stub;
  }
}
