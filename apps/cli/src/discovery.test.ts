import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { MANIFEST_FORMAT } from '@hqml/core';
import { type DiscoveredModule, MANIFEST_FILE, discoverModules, findPluginPackages, loadPluginModules, readManifest } from './discovery.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-discovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pkg(name: string, body: object): void {
  mkdirSync(join(dir, 'node_modules', name), { recursive: true });
  writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.2.3', ...body }));
}

describe('plugin discovery', () => {
  it('finds @hqml packages that declare hqml.plugin, and names from HQML_PLUGINS', async () => {
    pkg('@hqml/alpha', { hqml: { plugin: './plugin' } });
    pkg('@hqml/no-plugin', {});
    pkg('third-party-sim', { hqml: { plugin: './hqml' } });
    const before = process.env['HQML_PLUGINS'];
    process.env['HQML_PLUGINS'] = 'third-party-sim';
    try {
      const found = await findPluginPackages(join(dir, 'src'));
      const mine = found.filter((f) => f.name === '@hqml/alpha' || f.name === 'third-party-sim' || f.name === '@hqml/no-plugin');
      expect(mine).toEqual([
        { name: '@hqml/alpha', version: '1.2.3', specifier: '@hqml/alpha/plugin', dir: join(dir, 'node_modules', '@hqml/alpha') },
        { name: 'third-party-sim', version: '1.2.3', specifier: 'third-party-sim/hqml', dir: join(dir, 'node_modules', 'third-party-sim') },
      ]);
    } finally {
      if (before === undefined) delete process.env['HQML_PLUGINS'];
      else process.env['HQML_PLUGINS'] = before;
    }
  });

  it('imports module files named in HQML_PLUGINS (a plugin of one\'s own, not packaged)', async () => {
    const file = join(dir, 'myPlugins.mjs');
    writeFileSync(file, "export const hqml = { plugins: [{ id: 'mine.backend', kind: 'backend', description: 'mine', capabilities: {} }] };\n");
    const before = process.env['HQML_PLUGINS'];
    process.env['HQML_PLUGINS'] = file;
    try {
      const loaded = await loadPluginModules(join(dir, 'src'));
      const mine = loaded.find((m) => m.packageName === file);
      expect(mine).toMatchObject({ version: 'local', specifier: pathToFileURL(file).href });
      expect(mine?.module?.plugins?.[0]?.id).toBe('mine.backend');
    } finally {
      if (before === undefined) delete process.env['HQML_PLUGINS'];
      else process.env['HQML_PLUGINS'] = before;
    }
  });

  it('uses a package\'s manifest instead of importing it, when the manifest is usable', async () => {
    const root = join(dir, 'manifests');
    const pkgDir = join(root, 'node_modules', '@hqml', 'beta');
    mkdirSync(join(pkgDir, 'dist'), { recursive: true });
    // No module behind the export: importing the package would fail.
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: '@hqml/beta', version: '2.0.0', hqml: { plugin: './plugin' } }));
    const manifest = { format: MANIFEST_FORMAT, package: '@hqml/beta', version: '2.0.0', plugins: [{ id: 'beta', kind: 'backend', description: 'b', capabilities: {}, options: null }], commands: [], benchmarks: [], doctor: [] };
    const write = (m: unknown) => writeFileSync(join(pkgDir, MANIFEST_FILE), typeof m === 'string' ? m : JSON.stringify(m));
    write(manifest);
    const pkg = { name: '@hqml/beta', version: '2.0.0', specifier: '@hqml/beta/plugin', dir: pkgDir };
    const from = join(root, 'src');

    const beta = (ms: DiscoveredModule[]) => ms.find((m) => m.packageName === '@hqml/beta');
    const found = beta(await discoverModules({ manifests: true, from }));
    expect(found).toEqual({ packageName: '@hqml/beta', version: '2.0.0', specifier: '@hqml/beta/plugin', manifest });
    // Without manifests (running from sources), the package is imported, and here that fails.
    const imported = beta(await discoverModules({ manifests: false, from }));
    expect(imported?.manifest).toBeUndefined();
    expect(imported?.error).toMatch(/@hqml\/beta/);

    // Older than the package's last build: not used.
    writeFileSync(join(pkgDir, 'tsconfig.build.tsbuildinfo'), '{}');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(pkgDir, MANIFEST_FILE), past, past);
    expect(await readManifest(pkg)).toEqual({ problem: `${join(pkgDir, MANIFEST_FILE)} is older than the package's last build` });
    const stale = beta(await discoverModules({ manifests: true, from }));
    expect(stale).toMatchObject({ packageName: '@hqml/beta', manifestProblem: expect.stringMatching(/older than the package's last build/) });
    expect(stale?.manifest).toBeUndefined();
    rmSync(join(pkgDir, 'tsconfig.build.tsbuildinfo'));

    expect(await readManifest({ ...pkg, version: '2.0.1' })).toEqual({ problem: `${join(pkgDir, MANIFEST_FILE)} describes @hqml/beta@2.0.0, not @hqml/beta@2.0.1` });
    write('{ "format": 1, ');
    expect(await readManifest(pkg)).toMatchObject({ problem: expect.stringMatching(/JSON/) });
    write({ ...manifest, plugins: [{ id: 'beta' }] });
    expect(await readManifest(pkg)).toEqual({ problem: expect.stringMatching(/is not an hqml manifest: plugins\[0\]\.kind is missing/) });
    rmSync(join(pkgDir, MANIFEST_FILE));
    expect(await readManifest(pkg)).toEqual({ problem: `no manifest (${MANIFEST_FILE})` });
    expect(await readManifest({ name: 'x', version: '1.0.0', specifier: 'file:///x.mjs' })).toEqual({ problem: 'a module file has no manifest' });
  });
});
