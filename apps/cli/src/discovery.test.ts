import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPluginPackages } from './discovery.js';

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
});
