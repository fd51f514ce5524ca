import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { findPluginPackages, loadPluginModules } from './discovery.js';

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
        { name: '@hqml/alpha', version: '1.2.3', specifier: '@hqml/alpha/plugin' },
        { name: 'third-party-sim', version: '1.2.3', specifier: 'third-party-sim/hqml' },
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
});
