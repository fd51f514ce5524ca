import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type HqmlManifest, type HqmlModule, parseManifest } from '@hqml/core/registry';

/** Where a package's manifest is, relative to the package folder (written by the build). */
export const MANIFEST_FILE = join('dist', 'hqml.manifest.json');

/** A package that declares an hqml plugin module, and what discovery made of it. */
export interface DiscoveredModule {
  readonly packageName: string;
  readonly version: string;
  readonly specifier: string;
  /** Imported at start (no usable manifest, or manifests not asked for). */
  readonly module?: HqmlModule;
  /** Its manifest: the module is imported when a command needs it. */
  readonly manifest?: HqmlManifest;
  /** Why it could not be loaded (the CLI goes on without it). */
  readonly error?: string;
  /** Why its manifest was not used, when manifests were asked for. */
  readonly manifestProblem?: string;
}

/** A package found by {@link findPluginPackages}. */
export interface PluginPackage {
  readonly name: string;
  readonly version: string;
  readonly specifier: string;
  /** The package folder (absent for a module file named in `HQML_PLUGINS`). */
  readonly dir?: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  hqml?: { plugin?: string };
}

async function readJson(file: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** node_modules folders from `start` up to the file-system root. */
function nodeModulesChain(start: string): string[] {
  const out: string[] = [];
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    out.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) return out;
  }
}

/**
 * Finds installed packages that declare `"hqml": { "plugin": "./plugin" }` in their
 * package.json (the `@hqml` scope, plus any names in `HQML_PLUGINS`, comma-separated), nearest
 * node_modules first (PennyLane's entry points, done the npm way). `HQML_PLUGINS` may also name
 * module files (absolute, or `./`/`../` relative to the working directory) that export `hqml`:
 * a plugin of one's own, used without packaging it.
 */
export async function findPluginPackages(from: string = dirname(fileURLToPath(import.meta.url))): Promise<PluginPackage[]> {
  const found = new Map<string, PluginPackage>();
  const entries = (process.env['HQML_PLUGINS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  // A file path (a plugin module of one's own, not packaged) is imported as it is.
  const isPath = (e: string) => isAbsolute(e) || e.startsWith('./') || e.startsWith('../');
  for (const e of entries.filter(isPath)) {
    const file = resolve(e);
    found.set(file, { name: file, version: 'local', specifier: pathToFileURL(file).href });
  }
  const extra = entries.filter((e) => !isPath(e));
  for (const nm of nodeModulesChain(from)) {
    const candidates: string[] = [];
    try {
      for (const d of await readdir(join(nm, '@hqml'))) candidates.push(`@hqml/${d}`);
    } catch {
      // no @hqml scope in this folder
    }
    candidates.push(...extra);
    await Promise.all(
      [...new Set(candidates)].map(async (name) => {
        if (found.has(name)) return;
        const dir = join(nm, name);
        const pkg = await readJson(join(dir, 'package.json'));
        const sub = pkg?.hqml?.plugin;
        if (!pkg || typeof sub !== 'string' || found.has(name)) return;
        found.set(name, { name, version: pkg.version ?? '0.0.0', specifier: `${name}/${sub.replace(/^\.\//, '')}`, dir });
      }),
    );
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

let tsxRegistered: Promise<void> | undefined;

/**
 * Imports a plugin module and returns its `hqml` export. A TypeScript module file (a plugin of
 * one's own in `HQML_PLUGINS`) is compiled by tsx, registered the first time one is needed, when
 * the CLI itself runs compiled JavaScript.
 */
export async function importHqmlModule(specifier: string): Promise<HqmlModule> {
  if (/\.[mc]?ts$/.test(specifier) && !import.meta.url.endsWith('.ts')) {
    tsxRegistered ??= import('tsx/esm/api').then(({ register }) => void register());
    await tsxRegistered;
  }
  const mod = (await import(specifier)) as { hqml?: HqmlModule };
  if (!mod.hqml) throw new Error(`${specifier} does not export "hqml"`);
  return mod.hqml;
}

/**
 * The manifest of a package (see {@link MANIFEST_FILE}), or why it cannot be used: missing,
 * malformed, for another package or version, or older than the package's last build
 * (`tsconfig.build.tsbuildinfo`, in a workspace).
 */
export async function readManifest(pkg: PluginPackage): Promise<{ manifest: HqmlManifest } | { problem: string }> {
  if (pkg.dir === undefined) return { problem: 'a module file has no manifest' };
  const file = join(pkg.dir, MANIFEST_FILE);
  let text: string;
  let written: number;
  try {
    [text, written] = await Promise.all([readFile(file, 'utf8'), stat(file).then((s) => s.mtimeMs)]);
  } catch {
    return { problem: `no manifest (${MANIFEST_FILE})` };
  }
  let manifest: HqmlManifest;
  try {
    manifest = parseManifest(JSON.parse(text), file);
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
  if (manifest.package !== pkg.name || manifest.version !== pkg.version) return { problem: `${file} describes ${manifest.package}@${manifest.version}, not ${pkg.name}@${pkg.version}` };
  const built = await stat(join(pkg.dir, 'tsconfig.build.tsbuildinfo')).then((s) => s.mtimeMs, () => undefined);
  if (built !== undefined && built > written) return { problem: `${file} is older than the package's last build` };
  return { manifest };
}

async function importDiscovered(p: PluginPackage, manifestProblem?: string): Promise<DiscoveredModule> {
  const base = { packageName: p.name, version: p.version, specifier: p.specifier, ...(manifestProblem !== undefined && { manifestProblem }) };
  try {
    return { ...base, module: await importHqmlModule(p.specifier) };
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Discovers plugin packages ({@link findPluginPackages}). With `manifests`, a package with a
 * usable manifest is only described by it (its module is imported when a command needs it);
 * every other one is imported now. A module that fails to import is reported, not fatal.
 */
export async function discoverModules(options: { readonly manifests: boolean; readonly from?: string }): Promise<DiscoveredModule[]> {
  const pkgs = await findPluginPackages(options.from);
  return Promise.all(
    pkgs.map(async (p) => {
      if (!options.manifests) return importDiscovered(p);
      const r = await readManifest(p);
      if ('manifest' in r) return { packageName: p.name, version: p.version, specifier: p.specifier, manifest: r.manifest };
      return importDiscovered(p, r.problem);
    }),
  );
}

/** Imports every discovered plugin module; a module that fails to load is reported, not fatal. */
export async function loadPluginModules(from?: string): Promise<DiscoveredModule[]> {
  return discoverModules({ manifests: false, ...(from !== undefined && { from }) });
}
