import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing.js';
import { afterAll, describe, expect, it } from 'vitest';
import pluginGenerator from '../../tools/src/generators/plugin/generator.js';
import { typecheckProject } from './typecheck.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// One level below the workspace root, so the generated `../../tsconfig.base.json` resolves.
const scratch = mkdtempSync(join(root, '.gen-test-'));
const folder = scratch.slice(root.length + 1);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('nx g @hqml/tools:plugin', () => {
  for (const kind of ['annealer', 'backend', 'dataset', 'mitigator'] as const) {
    it(`creates a ${kind} package in the house shape that type-checks`, async () => {
      const tree = createTreeWithEmptyWorkspace();
      const name = `my-${kind}`;
      await pluginGenerator(tree, { name, kind, directory: folder });
      const files = tree.listChanges().filter((c) => c.type === 'CREATE' && c.path.startsWith(`${folder}/${name}/`));
      const rel = files.map((f) => f.path.slice(`${folder}/${name}/`.length)).sort();
      expect(rel).toEqual(expect.arrayContaining(['package.json', 'tsconfig.json', 'src/index.ts', 'src/register.ts', 'src/plugin.ts', `src/my${kind[0]!.toUpperCase()}${kind.slice(1)}.test.ts`]));
      const pkg = JSON.parse(tree.read(`${folder}/${name}/package.json`, 'utf8') ?? '{}') as { name: string; exports: Record<string, unknown>; hqml: unknown };
      expect(pkg.name).toBe(`@hqml/${name}`);
      expect(Object.keys(pkg.exports)).toEqual(['.', './plugin', './package.json']);
      expect(pkg.hqml).toEqual({ plugin: './plugin' });
      expect(tree.read(`${folder}/${name}/src/${files.find((f) => f.path.endsWith('.test.ts'))!.path.split('/src/')[1]}`, 'utf8')).toMatch(/describe\w+Contract/);

      for (const f of files) {
        const target = join(root, f.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.content ?? Buffer.alloc(0));
      }
      const tsconfig = join(root, folder, name, 'tsconfig.json');
      expect(typecheckProject(tsconfig)).toEqual([]);

      // The check can fail: a type error in the generated code is reported.
      writeFileSync(join(root, folder, name, 'src', 'broken.ts'), 'export const x: number = "not a number";\n');
      expect(typecheckProject(tsconfig).join('\n')).toMatch(/not assignable to type 'number'/);
    });
  }

  it('refuses a malformed name and an existing folder', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(pluginGenerator(tree, { name: 'Bad Name', kind: 'annealer' })).rejects.toThrow(/lower-case words/);
    await pluginGenerator(tree, { name: 'twice', kind: 'annealer' });
    await expect(pluginGenerator(tree, { name: 'twice', kind: 'annealer' })).rejects.toThrow(/already exists/);
  });
});
