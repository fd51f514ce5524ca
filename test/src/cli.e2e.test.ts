import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProblem } from '../../apps/cli/bin/buildState.js';
import { hqml, root } from './hqml.js';

// The launcher runs the build (manifests, plugins imported on demand) unless the build is
// missing or older than the sources; then it runs the sources and imports every plugin at start.
const built = buildProblem(join(root, 'apps', 'cli', 'bin')) === undefined;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hqml-cli-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hqml command (end to end)', () => {
  it('hqml plugins --json lists the workspace packages and their plugins', async () => {
    const r = await hqml(['plugins', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { plugins: Array<{ id: string; kind: string }>; packages: Array<{ name: string; error?: string }> };
    expect(json.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@hqml/anneal', '@hqml/datasets', '@hqml/statevector', '@hqml/tfjs-models']));
    expect(json.packages.map((p) => p.name)).not.toContain('@hqml/core');
    const ids = json.plugins.map((p) => `${p.kind}:${p.id}`);
    expect(ids).toEqual(expect.arrayContaining(['backend:statevector', 'annealer:anneal.sa', 'annealer:anneal.exact', 'dataset:mnist', 'dataset:cifar10', 'model:lenet5', 'evaluator:eval.classification']));
    expect(json.packages.filter((p) => p.error !== undefined)).toEqual([]);
  });

  it('shows the same help and plugins from the build as from the sources', async () => {
    for (const args of [['--help'], ['plugins']]) {
      const [fromLauncher, fromSources] = await Promise.all([hqml(args), hqml(args, { HQML_SOURCE: '1' })]);
      expect(fromLauncher.code, args.join(' ')).toBe(0);
      expect(fromLauncher.stdout, args.join(' ')).toBe(fromSources.stdout);
    }
  });

  it.skipIf(!built)('from the build, imports a plugin package only when a command needs it', async () => {
    const imported = (stderr: string) => [...stderr.matchAll(/^hqml: importing (\S+)$/gm)].map((m) => m[1]);
    for (const args of [['--help'], ['plugins'], ['plugins', 'qnn'], ['bench']]) {
      const r = await hqml(args, { HQML_DEBUG: '1' });
      expect(r.code, args.join(' ')).toBe(0);
      expect(imported(r.stderr), args.join(' ')).toEqual([]);
    }
    const json = JSON.parse((await hqml(['plugins', '--json'])).stdout) as { packages: Array<{ loaded: boolean }> };
    expect(json.packages.every((p) => !p.loaded)).toBe(true);
    const file = join(dir, 'bell.qasm');
    await writeFile(file, 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nh q[0];\ncx q[0],q[1];\n');
    const qasm = await hqml(['qasm', 'run', file, '--json'], { HQML_DEBUG: '1' });
    expect(qasm.code).toBe(0);
    expect(imported(qasm.stderr)).toEqual(['@hqml/statevector']);
    expect(JSON.parse(qasm.stdout)).toMatchObject({ probabilities: { '00': expect.closeTo(0.5, 12), '11': expect.closeTo(0.5, 12) } });
  });

  it('a plugin module that fails to import leaves the command usable and is named', async () => {
    const broken = join(dir, 'broken.mjs');
    await writeFile(broken, "throw new Error('this plugin is broken');\n");
    const r = await hqml(['plugins'], { HQML_PLUGINS: broken });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/statevector\s+backend/);
    expect(r.stdout).toContain(`! ${broken} could not be loaded: this plugin is broken`);
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
