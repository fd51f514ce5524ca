import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@hqml/core/testing';
import { IsingModel, PluginNotFoundError, PluginRegistry, QuboModel, ResourceError, SampleSet, ValidationError, toDimodBqm } from '@hqml/core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { AnnealReport } from './annealCommand.js';
import { hqml } from './plugin.js';

const dir = tempDir('hqml-anneal-');

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
    await expect(run(['anneal', join(dir, 'missing.txt')])).rejects.toThrow(/Cannot read the problem file .*missing.txt: it does not exist/);
  });

  it('--json prints the whole SampleSet in dimod\'s format, with labels, and keeps bestEnergy/bestSample/cut', async () => {
    const r = JSON.parse((await run(['anneal', gsetFile, '--solver', 'anneal.exact', '--json']))[0]!) as AnnealReport;
    // the exact solver returns the full spectrum: 16 states of 4 spins
    const ss = SampleSet.fromSerializable(r.sampleSet);
    expect(ss.size).toBe(16);
    expect(ss.first.energy).toBe(r.bestEnergy);
    expect(Array.from(ss.first.sample)).toEqual(r.bestSample);
    expect(r.cut).toBe(3);
    expect(r.sampleSet.variable_labels).toEqual([0, 1, 2, 3]);
    // every energy by hand from the cut relation: E = W - 2 cut, and no row below the best
    const g = new IsingModel({ quadratic: [[0, 1, 1], [1, 2, 1], [0, 2, 1], [2, 3, 1]] });
    Array.from(ss.records()).forEach((rec) => expect(rec.energy).toBe(g.energy(rec.sample)));
  });

  it('reads a labelled QUBO (strings and tuples) and answers with the labels', async () => {
    const file = join(dir, 'labelled.json');
    // E = -a - [b, 1] + 2 a.[b, 1]: minima (1, 0) and (0, 1) at -1
    writeFileSync(file, JSON.stringify({ Q: [['a', 'a', -1], [['b', 1], ['b', 1], -1], ['a', ['b', 1], 2]] }));
    const r = JSON.parse((await run(['anneal', file, '--solver', 'anneal.exact', '--json']))[0]!) as AnnealReport;
    expect(r.vartype).toBe('BINARY');
    expect(r.sampleSet.variable_labels).toEqual(['a', ['b', 1]]);
    expect(r.bestEnergy).toBe(-1);
    expect(SampleSet.fromSerializable(r.sampleSet).lowest().size).toBe(2);
  });

  it('--initial-states takes a dimod SampleSet and matches columns by label', async () => {
    const file = join(dir, 'labelled-ising.json');
    const model = IsingModel.fromIsing({ x: 1, y: -1 }, [['x', 'y', 0.5]]);
    writeFileSync(file, JSON.stringify(model.toSerializable()));
    // columns in the other order (y, x): the state y = -1, x = +1 (E = 1 + 1 - 0.5 = 1.5)
    const init = SampleSet.fromSamples({ variables: ['y', 'x'], vartype: 'SPIN', samples: [-1, 1], energies: [1.5] });
    const initFile = join(dir, 'init.json');
    writeFileSync(initFile, JSON.stringify(init.toSerializable()));
    const r = JSON.parse((await run(['anneal', file, '--solver', 'anneal.sa', '--sweeps', '0', '--initial-states', initFile, '--seed', '1', '--threads', '1', '--json']))[0]!) as AnnealReport;
    // zero sweeps return the initial state itself, in the model's order (x, y)
    expect(r.bestSample).toEqual([1, -1]);
    expect(r.bestEnergy).toBe(1.5);
    const other = join(dir, 'init-other.json');
    writeFileSync(other, JSON.stringify(SampleSet.fromSamples({ variables: ['x', 'z'], vartype: 'SPIN', samples: [1, 1], energies: [0] }).toSerializable()));
    await expect(run(['anneal', file, '--initial-states', other])).rejects.toThrow(/no column for variable 'y'/);
    await expect(run(['anneal', initFile])).rejects.toThrow(/is a sample set, not a problem.*--initial-states/);
  });

  it('huge indices, declared sizes and weights are clear errors, not RangeErrors or NaN', async () => {
    const idx = join(dir, 'index.json');
    writeFileSync(idx, JSON.stringify({ Q: [[0, 1e15, 1]] }));
    await expect(run(['anneal', idx])).rejects.toThrow(ResourceError);
    const diag = join(dir, 'diag.json');
    writeFileSync(diag, JSON.stringify({ Q: [[1e15, 1e15, 1]] }));
    await expect(run(['anneal', diag])).rejects.toThrow(ResourceError);
    const declared = join(dir, 'declared.txt');
    writeFileSync(declared, '1000000000000 1\n1 2 1\n');
    await expect(run(['anneal', declared])).rejects.toThrow(/1,000,000,000,000 variables/);
    const heavy = join(dir, 'heavy.txt');
    writeFileSync(heavy, '3 2\n1 2 1e308\n2 3 1e308\n');
    await expect(run(['anneal', heavy])).rejects.toThrow(/overflow/);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ Q: [] }));
    await expect(run(['anneal', empty])).rejects.toThrow(/has no variables/);
  });
});
