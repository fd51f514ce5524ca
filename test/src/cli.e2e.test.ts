import { describe, expect, it } from 'vitest';
import { hqml } from './hqml.js';

describe('hqml command (end to end)', () => {
  it('hqml plugins --json lists the workspace packages and their plugins', async () => {
    const r = await hqml(['plugins', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { plugins: Array<{ id: string; kind: string }>; packages: Array<{ name: string }> };
    expect(json.packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@hqml/anneal', '@hqml/datasets', '@hqml/statevector', '@hqml/tfjs-models']));
    expect(json.packages.map((p) => p.name)).not.toContain('@hqml/core');
    const ids = json.plugins.map((p) => `${p.kind}:${p.id}`);
    expect(ids).toEqual(expect.arrayContaining(['backend:statevector', 'annealer:anneal.sa', 'annealer:anneal.exact', 'dataset:mnist', 'dataset:cifar10', 'model:lenet5', 'evaluator:eval.classification']));
    expect(json.packages.filter((p) => (p as { loaded?: boolean }).loaded === false)).toEqual([]);
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
