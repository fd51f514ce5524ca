import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CircuitBuilder, type HqmlModule, IsingModel, PluginRegistry, ValidationError, parseObservable, toDimodBqm } from '@hqml/core';
import { hqml as annealModule } from '@hqml/anneal/plugin';
import { type QasmRunReport, StatevectorBackend } from '@hqml/statevector';
import { hqml as statevectorModule } from '@hqml/statevector/plugin';
import type { AnnealReport } from '@hqml/anneal';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { hqml as mitigationModule } from './plugin.js';
import { zneBackend } from './zne/zneBackend.js';

// The commands of other packages, run as `hqml` runs them, with this package's mitigators registered.
const dir = mkdtempSync(join(tmpdir(), 'hqml-mitigation-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(modules: HqmlModule[], args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  const registry = PluginRegistry.of(...modules, mitigationModule);
  for (const m of modules) for (const c of m.commands ?? []) c.register(program, { registry, print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  return lines;
}

const GHZ3 = 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\nh q[0];\ncx q[0],q[1];\ncx q[1],q[2];\n';

describe('hqml qasm run --noise --mitigator', () => {
  const file = join(dir, 'ghz3.qasm');
  writeFileSync(file, GHZ3);
  const qasm = (...extra: string[]): Promise<QasmRunReport> =>
    run([statevectorModule], ['qasm', 'run', file, '--threads', '1', '--json', ...extra]).then(([l]) => JSON.parse(l!) as QasmRunReport);

  it('--noise depolarizing=P lowers <Z0 Z2>; --mitigator mitigation.zne brings it back to what the ZNE backend gives', async () => {
    const ideal = await qasm('--expect', 'Z0 Z2');
    const noisy = await qasm('--expect', 'Z0 Z2', '--noise', 'depolarizing=0.01');
    const mitigated = await qasm('--expect', 'Z0 Z2', '--noise', 'depolarizing=0.01', '--mitigator', 'mitigation.zne:scaleFactors=[1,3,5],folding=global');
    expect(ideal.expectation!.value).toBeCloseTo(1, 12);
    expect(noisy.noise).toBe('depolarizing=0.01');
    expect(mitigated.mitigators).toEqual(['mitigation.zne']);
    expect(1 - noisy.expectation!.value).toBeGreaterThan(0.02);
    const inner = new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0.01 }] } });
    const c = new CircuitBuilder(3).h(0).cnot(0, 1).cnot(1, 2).build();
    const want = zneBackend(inner, { scaleFactors: [1, 3, 5], folding: 'global' }).expectation({ circuit: c, params: [] }, [parseObservable('Z0 Z2')])[0]!;
    inner.dispose();
    expect(mitigated.expectation!.value).toBeCloseTo(want, 12);
    expect(Math.abs(1 - mitigated.expectation!.value)).toBeLessThan(Math.abs(1 - noisy.expectation!.value) / 5);
  });

  it('--noise readout=Q with mitigation.readout gives back the ideal probabilities; mitigators compose innermost first', async () => {
    const ideal = await qasm();
    const noisy = await qasm('--noise', 'readout=0.05');
    const fixed = await qasm('--noise', 'readout=0.05', '--mitigator', 'mitigation.readout');
    expect(noisy.probabilities!['000']).toBeLessThan(0.48);
    for (const [k, v] of Object.entries(ideal.probabilities!)) expect(fixed.probabilities![k]).toBeCloseTo(v, 10);
    const both = await qasm('--expect', 'Z0 Z2', '--noise', 'depolarizing=0.01,readout=0.05', '--mitigator', 'mitigation.readout', '--mitigator', 'mitigation.zne');
    const neither = await qasm('--expect', 'Z0 Z2', '--noise', 'depolarizing=0.01,readout=0.05');
    expect(both.mitigators).toEqual(['mitigation.readout', 'mitigation.zne']);
    // The calibration circuits' X gates are depolarized too (as on hardware), so the correction is not exact.
    expect(Math.abs(1 - both.expectation!.value)).toBeLessThan(Math.abs(1 - neither.expectation!.value) / 5);
  });

  it('fails clearly on unknown mitigators, annealer mitigators, bad options and bad noise', async () => {
    await expect(qasm('--mitigator', 'mitigation.nope')).rejects.toThrow(/unknown mitigator "mitigation.nope".*mitigation.readout/);
    await expect(qasm('--mitigator', 'mitigation.spin-reversal')).rejects.toThrow(/wraps an annealer, but this list wraps the backend/);
    await expect(qasm('--mitigator', 'mitigation.zne:scaleFactors=[0.5,1]')).rejects.toThrow(ValidationError);
    await expect(qasm('--noise', 'thermal=0.1')).rejects.toThrow(/noise names are/);
  });
});

describe('hqml anneal --mitigator', () => {
  const model = IsingModel.from({ h: [0.5, -0.3, 0.2, 0, 0.1], J: [[0, 1, -1], [1, 2, 0.8], [2, 3, -0.6], [3, 4, 1], [0, 4, 0.4]] });
  const file = join(dir, 'small.json');
  writeFileSync(file, JSON.stringify(toDimodBqm(model)));
  const anneal = (...extra: string[]): Promise<AnnealReport> =>
    run([annealModule], ['anneal', file, '--solver', 'anneal.sa', '--num-reads', '16', '--seed', '3', '--threads', '1', '--json', ...extra]).then(([l]) => JSON.parse(l!) as AnnealReport);

  it('wraps the solver in the named mitigators, innermost first, and still finds the ground state', async () => {
    const exact = (await run([annealModule], ['anneal', file, '--solver', 'anneal.exact', '--json']).then(([l]) => JSON.parse(l!))) as AnnealReport;
    const r = await anneal('--mitigator', 'mitigation.spin-reversal:numTransforms=4', '--mitigator', 'mitigation.repetition:strategy=qac,penalty=0.5');
    expect(r.mitigators).toEqual(['mitigation.spin-reversal', 'mitigation.repetition']);
    expect(r.solver).toBe('mitigation.repetition(mitigation.spin-reversal(anneal.sa))');
    expect(r.reads).toBe(16);
    expect(r.bestEnergy).toBeCloseTo(exact.bestEnergy, 12);
  });

  it('rejects backend mitigators and malformed references before sampling', async () => {
    await expect(anneal('--mitigator', 'mitigation.zne')).rejects.toThrow(/wraps a backend, but this list wraps the annealer/);
    await expect(anneal('--mitigator', 'mitigation.repetition:strategy')).rejects.toThrow(/key=value/);
    await expect(anneal('--mitigator', 'mitigation.repetition:strategy=quantum')).rejects.toThrow(ValidationError);
  });
});
