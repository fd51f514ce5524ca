import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsingModel, PluginNotFoundError, PluginRegistry, QuboModel, ValidationError, toDimodBqm } from '@hqml/core';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnnealReport } from './annealCommand.js';
import { hqml } from './plugin.js';

const dir = mkdtempSync(join(tmpdir(), 'hqml-anneal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Triangle 1-2-3 plus pendant 3-4, unit weights: W = 4, the max cut is 3 (a triangle cuts at most 2 edges, plus the pendant).
const GSET = '4 4\n1 2 1\n2 3 1\n1 3 1\n3 4 1\n';

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  const registry = PluginRegistry.of(hqml);
  for (const c of hqml.commands ?? []) c.register(program, { registry, print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  return lines;
}

describe('hqml anneal', () => {
  const gsetFile = join(dir, 'tri.txt');
  writeFileSync(gsetFile, GSET);

  it('solves a G-set file exactly and reports the cut = (W - E) / 2 as JSON', async () => {
    const [line] = await run(['anneal', gsetFile, '--format', 'gset', '--solver', 'anneal.exact', '--json']);
    const r = JSON.parse(line!) as AnnealReport;
    expect(r.solver).toBe('anneal.exact');
    expect(r.cut).toBe(3);
    expect(r.totalWeight).toBe(4);
    expect(r.bestEnergy).toBe(-2); // E = W - 2 cut
    expect(r.bestSample).toHaveLength(4);
    expect(r.numVariables).toBe(4);
    expect(r.wallSeconds).toBeGreaterThanOrEqual(0);
  });

  it('runs SA with reads, sweeps and seed, deterministically', async () => {
    const args = ['anneal', gsetFile, '--solver', 'anneal.sa', '--num-reads', '5', '--sweeps', '50', '--seed', '3', '--threads', '1', '--json'];
    const a = JSON.parse((await run(args))[0]!) as AnnealReport;
    const b = JSON.parse((await run(args))[0]!) as AnnealReport;
    expect(a.format).toBe('gset');
    expect(a).toMatchObject({ cut: 3, reads: 5, sweeps: 50, seed: 3 });
    expect(a.flipAttemptsPerSecond).toBeGreaterThan(0);
    expect(b.bestSample).toEqual(a.bestSample);
  });

  it('prints a readable report without --json', async () => {
    const lines = await run(['anneal', gsetFile, '--solver', 'anneal.pt', '--num-reads', '2', '--sweeps', '20', '--seed', '1', '--threads', '1']);
    expect(lines.join('\n')).toMatch(/cut 3 of total weight 4/);
    expect(lines.join('\n')).toMatch(/anneal\.pt: 2 reads x 20 sweeps/);
  });

  it('reads bqm-json and qubo-json, returning QUBO samples as bits', async () => {
    const ising = IsingModel.from({ h: [1, -1], J: [[0, 1, 0.5]] });
    const bqmFile = join(dir, 'm.json');
    writeFileSync(bqmFile, JSON.stringify(toDimodBqm(ising)));
    const r1 = JSON.parse((await run(['anneal', bqmFile, '--format', 'bqm-json', '--solver', 'anneal.exact', '--json']))[0]!) as AnnealReport;
    // by hand: (-1, +1): -1 - 1 - 0.5 = -2.5 is the minimum
    expect(r1).toMatchObject({ bestEnergy: -2.5, bestSample: [-1, 1], vartype: 'SPIN' });
    expect(r1.cut).toBeUndefined();
    const quboFile = join(dir, 'q.json');
    // E(x) = -x0 - x1 + 2 x0 x1 + 0.5: minima at (1, 0) and (0, 1) with -0.5
    writeFileSync(quboFile, JSON.stringify({ Q: [[0, 0, -1], [1, 1, -1], [0, 1, 2]], offset: 0.5 }));
    const r2 = JSON.parse((await run(['anneal', quboFile, '--solver', 'anneal.sqa', '--num-reads', '4', '--sweeps', '30', '--seed', '2', '--threads', '1', '--json']))[0]!) as AnnealReport;
    expect(r2.format).toBe('qubo-json');
    expect(r2.vartype).toBe('BINARY');
    expect(r2.bestEnergy).toBeCloseTo(-0.5, 12);
    expect(new QuboModel({ linear: [-1, -1], quadratic: [[0, 1, 2]], offset: 0.5 }).energy(r2.bestSample)).toBeCloseTo(-0.5, 12);
  });

  it('rejects bad flags and inputs with clear errors before computing', async () => {
    await expect(run(['anneal', gsetFile, '--sweeps', '-5'])).rejects.toThrow(/--sweeps is "-5"/);
    await expect(run(['anneal', gsetFile, '--num-reads', '0'])).rejects.toThrow(ValidationError);
    await expect(run(['anneal', gsetFile, '--time-limit', 'soon'])).rejects.toThrow(/--time-limit/);
    await expect(run(['anneal', gsetFile, '--format', 'csv'])).rejects.toThrow(/--format is "csv"/);
    await expect(run(['anneal', gsetFile, '--solver', 'anneal.nope'])).rejects.toThrow(PluginNotFoundError);
    const dup = join(dir, 'dup.txt');
    writeFileSync(dup, '3 2\n1 2 1\n2 1 1\n');
    await expect(run(['anneal', dup])).rejects.toThrow(/repeats the edge/);
    const nan = join(dir, 'nan.json');
    writeFileSync(nan, '{"Q": [[0, 1, "x"]]}');
    await expect(run(['anneal', nan])).rejects.toThrow(/Q\[0\]/);
    await expect(run(['anneal', join(dir, 'missing.txt')])).rejects.toThrow(/cannot read/);
  });
});
