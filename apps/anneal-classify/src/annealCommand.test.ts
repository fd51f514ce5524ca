import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, ValidationError } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { verifyReportJson } from '@hqml/eval';
import { hqml as evalModule } from '@hqml/eval/plugin';
import { hqml as scheduleEmbedding } from '@hqml/schedule-embedding/plugin';
import { hqml as statevector } from '@hqml/statevector/plugin';
import { hqml as tfjsModels } from '@hqml/tfjs-models/plugin';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annealClassifyCommand } from './annealCommand.js';
import { parseAnnealConfig } from './config.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hqml-anneal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny = `
title: tiny
seeds: [0, 1]
experiments:
  - name: tiny
    dataset: mnist
    classes: [0, 1]
    train: { perClass: 40, selection: random }
    test: { perClass: 30, selection: random }
    annealer: { preset: seed, steps: 3, amplitudeBound: 5 }
    training: { epochs: 2, batchSize: 16, learningRate: 0.003 }
    cnn: { epochs: 1, batchSize: 16 }
    reference: { trainAccuracy: 0.494, testAccuracy: 0.225, source: seed }
`;

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const program = new Command();
  program.exitOverride();
  annealClassifyCommand.register(program, { registry: PluginRegistry.of(statevector, scheduleEmbedding, datasets, evalModule, tfjsModels), print: (l) => lines.push(l) });
  await program.parseAsync(args, { from: 'user' });
  return lines;
}

describe('hqml anneal-classify', () => {
  it('runs a tiny config end to end: both conditions over 2 seeds, a verified report with the annealer plots, then resumes from the cells', async () => {
    const file = join(dir, 'tiny.yaml');
    await writeFile(file, tiny);
    const runDir = join(dir, 'run');
    const out = await run(['anneal-classify', '--config', file, '--run-dir', runDir, '--quiet', '--json']);
    const r = JSON.parse(out[0]!) as { rows: Array<{ condition: string; seeds: number; testAccuracy: number; reference?: number }>; cellsRun: number; reports: Array<{ markdown: string; json: string; extraPlots: string[] }> };
    expect(r.cellsRun).toBe(4);
    expect(r.rows.map((x) => x.condition)).toEqual(['cnn', 'annealer']);
    for (const row of r.rows) {
      expect(row.seeds).toBe(2);
      expect(row.testAccuracy).toBeGreaterThan(0.5);
    }
    expect(r.rows[1]!.reference).toBe(0.225);
    const md = await readFile(r.reports[0]!.markdown, 'utf8');
    expect(md).toContain('## Annealer plots');
    expect(md).toContain('plots/annealer-schedules.svg');
    const plots = await readdir(join(runDir, 'tiny', 'plots'));
    expect(plots).toEqual(expect.arrayContaining(['annealer-schedules.svg', 'annealer-loss.svg', 'annealer-class-states.svg']));
    // mean schedules: 2 classes x (5 terms x 3 steps) cells; the projection: one point per class
    const sched = await readFile(join(runDir, 'tiny', 'plots', 'annealer-schedules.svg'), 'utf8');
    expect(sched.match(/class="cell"/g)?.length).toBe(2 * 5 * 3);
    const scatter = await readFile(join(runDir, 'tiny', 'plots', 'annealer-class-states.svg'), 'utf8');
    expect(scatter.match(/class="point"/g)?.length).toBe(2);
    const json = JSON.parse(await readFile(r.reports[0]!.json, 'utf8'));
    expect(verifyReportJson(json)).toEqual([]);
    const again = JSON.parse((await run(['anneal-classify', '--config', file, '--run-dir', runDir, '--quiet', '--json']))[0]!) as { cellsRun: number; cellsReused: number; rows: unknown };
    expect(again.cellsRun).toBe(0);
    expect(again.cellsReused).toBe(4);
    expect(again.rows).toEqual(r.rows);
  });

  it('a validation split, the distance-ce objective, augmentation and a wider backbone: the annealer keeps its best-validation epoch, the CNN restores its best weights', async () => {
    const file = join(dir, 'val.yaml');
    await writeFile(file, `
seeds: [3]
experiments:
  - name: val
    dataset: mnist
    classes: [0, 1, 2]
    train: { perClass: 40, selection: random }
    validation: 0.25
    test: { perClass: 20, selection: random }
    annealer: { preset: seed, steps: 3, amplitudeBound: 5, filters: [4, 8] }
    training: { epochs: 3, batchSize: 15, learningRate: 0.003, learningRateDecay: 0.8, objective: distance-ce, temperature: 0.3, select: validation, augment: { pad: 2 } }
    cnn: { epochs: 2, batchSize: 15, augment: { pad: 2 } }
`);
    const runDir = join(dir, 'run-val');
    const r = JSON.parse((await run(['anneal-classify', '--config', file, '--run-dir', runDir, '--quiet', '--json']))[0]!) as { cellsRun: number; reports: Array<{ markdown: string }> };
    expect(r.cellsRun).toBe(2);
    const ann = (JSON.parse(await readFile(join(runDir, 'cells', 'val--annealer--s3.json'), 'utf8')) as { result: { history: { epochs: Array<{ epoch: number; valAccuracy: number }>; meta: Record<string, unknown> } } }).result;
    const accs = ann.history.epochs.map((e) => e.valAccuracy);
    expect(accs).toHaveLength(3);
    expect(ann.history.meta['bestEpoch']).toBe(accs.indexOf(Math.max(...accs)) + 1);
    expect(ann.history.meta['objective']).toEqual({ kind: 'distance-ce', temperature: 0.3 });
    const cnn = (JSON.parse(await readFile(join(runDir, 'cells', 'val--cnn--s3.json'), 'utf8')) as { result: { history: { meta: Record<string, unknown> } } }).result;
    expect(cnn.history.meta['restoredBest']).toBe(true);
    // both conditions trained on augmented batches (pad 2, flip by default) with the same LeNet-5 filters
    expect(ann.history.meta['augment']).toEqual({ pad: 2, flip: true });
    expect(cnn.history.meta['augment']).toEqual({ pad: 2, flip: true });
    const md = await readFile(r.reports[0]!.markdown, 'utf8');
    expect(md).toContain('validation images held out');
    expect(md).toContain('distance-ce');
    expect(md).toContain('random crop after 2-pixel zero padding, horizontal flip');
    expect(md).toContain('CNN alone: LeNet-5 (filters 4/8)');
    expect(md).toContain('backbone lenet5 (filters 4/8)');
  });

  it.each([
    ['an unknown data set', { dataset: 'svhn' }, /at experiments\[0\]\.dataset: unknown dataset "svhn"; registered dataset ids: cifar10, fashion-mnist, mnist/],
    ['a bad annealer option', { annealer: { preset: 'seed', qubits: 0 } }, /at experiments\[0\]\.annealer: Invalid options for plugin "schedule-embedding".*qubits/],
    ['bad filters', { annealer: { filters: [0, 16] } }, /at experiments\[0\]\.annealer: .*filters/],
    ['an unknown class', { classes: [0, 12] }, /at experiments\[0\]\.classes: class 12 does not exist in mnist/],
    ['an unknown CNN model', { cnn: { model: 'resnet', epochs: 1, batchSize: 8 } }, /at experiments\[0\]\.cnn\.model: unknown model "resnet"/],
  ])('refuses %s before any compute or file', async (_name, patch, message) => {
    const file = join(dir, 'bad.yaml');
    const runDir = join(dir, 'never-created');
    await writeFile(file, JSON.stringify({ seeds: [0], experiments: [{ name: 'x', dataset: 'mnist', training: { epochs: 1, batchSize: 8 }, ...patch }] }));
    await expect(run(['anneal-classify', '--config', file, '--run-dir', runDir, '--quiet'])).rejects.toThrow(message);
    await expect(readdir(runDir)).rejects.toThrow(/ENOENT/);
  });

  it('rejects a bad config before any compute', () => {
    expect(() => parseAnnealConfig({ experiments: [{ name: 'x', dataset: 'mnist', training: { epochs: 1, batchSize: 8, select: 'validation' } }] })).toThrow(/validation fraction/);
    expect(() => parseAnnealConfig({ experiments: [{ name: 'x', dataset: 'mnist', training: { epochs: 1, batchSize: 8, objective: 'softmax' } }] })).toThrow(ValidationError);
    expect(() => parseAnnealConfig({ threads: 2, experiments: [] })).toThrow(/"threads" was replaced.*backend: \{ id: statevector, options: \{ threads: N \} \}/);
    expect(() => parseAnnealConfig({ experiments: [{ name: 'x', dataset: 'mnist', training: { epochs: 1, batchSize: 8, augment: { pad: -1 } } }] })).toThrow(/pad/);
    const ok = parseAnnealConfig({ experiments: [{ name: 'x', dataset: 'mnist', training: { epochs: 1, batchSize: 8, augment: {} }, cnn: { epochs: 1, batchSize: 8, augment: { flip: false } } }] });
    expect(ok.experiments[0]!.training.augment).toEqual({ pad: 4, flip: true });
    expect(ok.experiments[0]!.cnn!.augment).toEqual({ pad: 4, flip: false });
  });
});
