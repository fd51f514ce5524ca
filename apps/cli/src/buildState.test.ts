import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProblem } from '../bin/buildState.js';

const root = mkdtempSync(join(tmpdir(), 'hqml-build-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hour = 3600_000;
/** Sets a file's modification time `ago` ms before now. */
function age(file: string, ago: number): void {
  const t = new Date(Date.now() - ago);
  utimesSync(file, t, t);
}

/** A workspace-like package in node_modules/@hqml/<name>: sources an hour old, built half an hour ago. */
function pkg(name: string, { built = true, workspace = true } = {}): string {
  const dir = join(root, 'node_modules', '@hqml', name);
  mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@hqml/${name}` }));
  for (const f of ['src/index.ts', 'src/deep/engine.ts']) {
    writeFileSync(join(dir, f), 'export {};\n');
    age(join(dir, f), hour);
  }
  if (workspace) writeFileSync(join(dir, 'tsconfig.build.json'), '{}');
  if (built) {
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'tsconfig.build.tsbuildinfo'), '{}');
    age(join(dir, 'tsconfig.build.tsbuildinfo'), hour / 2);
  }
  return dir;
}

describe('buildProblem (the launcher\'s choice between the build and the sources)', () => {
  it('accepts packages built after their sources changed, and installed packages without a build', () => {
    pkg('core');
    pkg('installed', { built: false, workspace: false });
    expect(buildProblem(join(root, 'apps', 'cli', 'bin'))).toBeUndefined();
  });

  it('names a package whose sources changed after its build (tests excepted)', () => {
    const dir = pkg('statevector');
    writeFileSync(join(dir, 'src', 'deep', 'engine.test.ts'), 'export {};\n');
    expect(buildProblem(root)).toBeUndefined();
    writeFileSync(join(dir, 'src', 'deep', 'engine.ts'), 'export const x = 1;\n');
    expect(buildProblem(root)).toEqual({ summary: '@hqml/statevector changed since it was built', detail: `${join('src', 'deep', 'engine.ts')} is newer than its build` });
    age(join(dir, 'src', 'deep', 'engine.ts'), hour);
    expect(buildProblem(root)).toBeUndefined();
  });

  it('names a workspace package that was never built, or whose output was deleted', () => {
    pkg('qnn', { built: false });
    expect(buildProblem(root)).toEqual({ summary: '@hqml/qnn is not built', detail: `${join(root, 'node_modules', '@hqml', 'qnn', 'tsconfig.build.tsbuildinfo')} is missing` });
    rmSync(join(root, 'node_modules', '@hqml', 'qnn'), { recursive: true });
    const dir = pkg('eval');
    rmSync(join(dir, 'dist'), { recursive: true });
    expect(buildProblem(root)?.summary).toBe('@hqml/eval is not built');
  });
});
