import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'apps', 'cli', 'bin', 'hqml.js');
const run = promisify(execFile);

/** Runs the real `hqml` launcher as a user would (no build step). */
export async function hqml(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout: r.stdout, stderr: r.stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('hqml command (end to end)', () => {
  it('hqml plugins --json lists the workspace packages and their plugins', async () => {
    const r = await hqml(['plugins', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { plugins: Array<{ id: string; kind: string }>; packages: Array<{ name: string }> };
    expect(json.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@hqml/anneal', '@hqml/datasets', '@hqml/statevector', '@hqml/tfjs-models']));
    expect(json.packages.map((p) => p.name)).not.toContain('@hqml/core');
  });

  it('hqml doctor --json reports Node and CPUs', async () => {
    const r = await hqml(['doctor', '--json']);
    expect(r.code).toBe(0);
    const { findings } = JSON.parse(r.stdout) as { findings: Array<{ check: string; detail: string }> };
    expect(findings.find((f) => f.check === 'node')?.detail).toContain(process.versions.node);
    expect(findings.some((f) => f.check === 'cpus')).toBe(true);
  });

  it('an unknown command exits 2 with help', async () => {
    const r = await hqml(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'no-such-command'/);
  });
});
