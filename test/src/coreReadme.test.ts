import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { root } from './hqml.js';
import { typecheckProject } from './typecheck.js';

/**
 * The dimod script translated line by line in packages/core/README.md runs as written, type-
 * checks, and prints what dimod prints for the same script (values worked out by hand).
 */
const readme = readFileSync(join(root, 'packages', 'core', 'README.md'), 'utf8');
const marker = readme.indexOf('<!-- dimod-translation');
const start = readme.indexOf('```ts\n', marker) + 6;
const code = readme.slice(start, readme.indexOf('```', start));
// Inside the workspace, so that @hqml/* resolve as they do for a user of the packages.
const scratch = mkdtempSync(join(root, 'test', '.readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('packages/core/README.md: the dimod translation', () => {
  it('is found in the README', () => {
    expect(marker).toBeGreaterThan(0);
    expect(code).toMatch(/from_ising/);
  });

  it('runs and prints what dimod prints', async () => {
    const file = join(scratch, 'dimodScript.ts');
    writeFileSync(file, `${code}\nexport {};\n`);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (a instanceof Map ? JSON.stringify([...a]) : String(a))).join(' '));
    });
    try {
      await import(pathToFileURL(file).href);
    } finally {
      spy.mockRestore();
    }
    // E = 0.5 - a + 0.5 b - a b + 2 b c; by hand the minimum is a = b = +1, c = -1: 0.5 - 1 + 0.5 - 1 - 2 = -3
    expect(lines).toEqual([
      '[["a",1],["b",1],[["c",1],-1]] -3',
      '-1',
      'true 20',
      '8 -3',
      '2',
      // Q: -x - y + 2xy: (1, 0) and (0, 1) give -1
      '-1 BINARY',
    ]);
  });

  it('type-checks', () => {
    const file = join(scratch, 'typed.ts');
    writeFileSync(file, `${code}\nexport {};\n`);
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, files: ['typed.ts'] }));
    expect(typecheckProject(join(scratch, 'tsconfig.json'))).toEqual([]);
  });
});
