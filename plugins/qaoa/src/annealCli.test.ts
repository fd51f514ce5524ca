import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginNotFoundError, PluginRegistry, ValidationError } from '@hqml/core';
import { type AnnealReport, hqml as annealModule } from '@hqml/anneal';
import { hqml as statevectorModule } from '@hqml/statevector/plugin';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { hqml as qaoaModule } from './plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-qaoa-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  const registry = PluginRegistry.of(annealModule, qaoaModule, statevectorModule);
  for (const c of annealModule.commands ?? []) c.register(program, { registry, print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  return lines;
}

// The Petersen graph in G-set format (1-based): max cut 12 of 15 edges.
const PETERSEN = ['10 15', '1 2 1', '2 3 1', '3 4 1', '4 5 1', '5 1 1', '1 6 1', '2 7 1', '3 8 1', '4 9 1', '5 10 1', '6 8 1', '8 10 1', '10 7 1', '7 9 1', '9 6 1'].join('\n');

describe('hqml anneal --solver anneal.qaoa', () => {
  const file = join(dir, 'petersen.txt');
  writeFileSync(file, `${PETERSEN}\n`);

  it('runs QAOA on the statevector backend from the container and keeps bestEnergy', async () => {
    const args = ['anneal', file, '--solver', 'anneal.qaoa', '--p', '2', '--num-reads', '200', '--seed', '5', '--json'];
    const r = JSON.parse((await run(args))[0]!) as AnnealReport;
    const exact = JSON.parse((await run(['anneal', file, '--solver', 'anneal.exact', '--json']))[0]!) as AnnealReport;
    expect(exact.cut).toBe(12);
    expect(r).toMatchObject({ solver: 'anneal.qaoa', backend: 'statevector', p: 2, reads: 200, seed: 5 });
    // 200 shots at p = 2 find the maximum cut on this graph
    expect(r.bestEnergy).toBe(exact.bestEnergy);
    expect(r.cut).toBe(12);
    expect(r.approximationRatio).toBeGreaterThan(0.75);
    const again = JSON.parse((await run(args))[0]!) as AnnealReport;
    expect(again.bestSample).toEqual(r.bestSample);
    const text = (await run(['anneal', file, '--solver', 'anneal.qaoa', '--p', '1', '--num-reads', '20', '--seed', '1'])).join('\n');
    expect(text).toMatch(/anneal\.qaoa on statevector \(p = 1\): 20 reads/);
  });

  it('names the backends when --backend is unknown, and refuses --backend for solvers without circuits', async () => {
    await expect(run(['anneal', file, '--solver', 'anneal.qaoa', '--backend', 'qpu9'])).rejects.toThrow(PluginNotFoundError);
    await expect(run(['anneal', file, '--solver', 'anneal.qaoa', '--backend', 'qpu9'])).rejects.toThrow(/statevector/);
    await expect(run(['anneal', file, '--solver', 'anneal.sa', '--backend', 'statevector'])).rejects.toThrow(ValidationError);
    await expect(run(['anneal', file, '--solver', 'anneal.qaoa', '--p', '0'])).rejects.toThrow(/--p is "0"/);
  });
});
