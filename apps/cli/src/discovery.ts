import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HqmlModule } from '@hqml/core';

/** A package that declares an hqml plugin module, and what loading it gave. */
export interface DiscoveredModule {
  readonly packageName: string;
  readonly version: string;
  readonly specifier: string;
  readonly module?: HqmlModule;
  /** Why it could not be loaded (the CLI goes on without it). */
  readonly error?: string;
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
export async function findPluginPackages(from: string = dirname(fileURLToPath(import.meta.url))): Promise<Array<{ name: string; version: string; specifier: string }>> {
  const found = new Map<string, { name: string; version: string; specifier: string }>();
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
    for (const name of candidates) {
      if (found.has(name)) continue;
      const pkg = await readJson(join(nm, name, 'package.json'));
      const sub = pkg?.hqml?.plugin;
      if (!pkg || typeof sub !== 'string') continue;
      found.set(name, { name, version: pkg.version ?? '0.0.0', specifier: `${name}/${sub.replace(/^\.\//, '')}` });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Imports every discovered plugin module; a module that fails to load is reported, not fatal. */
export async function loadPluginModules(from?: string): Promise<DiscoveredModule[]> {
  const pkgs = await findPluginPackages(from);
  return Promise.all(
    pkgs.map(async (p) => {
      try {
        const mod = (await import(p.specifier)) as { hqml?: HqmlModule };
        if (!mod.hqml) return { packageName: p.name, version: p.version, specifier: p.specifier, error: `${p.specifier} does not export "hqml"` };
        return { packageName: p.name, version: p.version, specifier: p.specifier, module: mod.hqml };
      } catch (err) {
        return { packageName: p.name, version: p.version, specifier: p.specifier, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}
