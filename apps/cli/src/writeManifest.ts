import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, type HqmlManifest, writeFileAtomic } from '@hqml/core';
import { describeModule } from './describeModule.js';
import { MANIFEST_FILE, importHqmlModule } from './discovery.js';

/**
 * Generates the manifest of the plugin package in `dir` from its built `hqml` module (the
 * `./plugin` export its package.json names under `"hqml"`) and writes it to
 * `dir/dist/hqml.manifest.json`, atomically. Run after the package is compiled: the workspace
 * build does it for every plugin package; a package of one's own can call it in its build.
 * Returns the manifest, or undefined when the package declares no plugin module.
 */
export async function writeManifest(dir: string): Promise<HqmlManifest | undefined> {
  const file = join(dir, 'package.json');
  let pkg: { name?: unknown; version?: unknown; hqml?: { plugin?: unknown } };
  try {
    pkg = JSON.parse(await readFile(file, 'utf8')) as typeof pkg;
  } catch (err) {
    throw new DataError({ what: `Cannot read ${file}`, why: err instanceof Error ? err.message : String(err), fix: 'Pass the folder of a package', cause: err });
  }
  const sub = pkg.hqml?.plugin;
  if (typeof sub !== 'string') return undefined;
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new DataError({ what: `${file} has no name or version`, fix: 'Give the package a name and a version' });
  const manifest = describeModule(await importHqmlModule(`${pkg.name}/${sub.replace(/^\.\//, '')}`), { name: pkg.name, version: pkg.version });
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
