import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry } from '@hqml/core';
import { verifyReportJson } from '@hqml/eval';
import { hqml as statevectorModule } from '@hqml/statevector/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKdConfig } from './config.js';
import { cellFile, readCell } from './cellStore.js';
import { planCells, runKd } from './runKd.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const tiny = parseKdConfig({
  title: 'tiny',
  seeds: [3, 4],
  tfjsBackend: 'cpu',
  training: { epochs: 2, batchSize: 8, learningRate: 0.05 },
  teacherTraining: { epochs: 1, batchSize: 16, perClass: 30, validation: 0.2 },
  experiments: [{ name: 'tiny', dataset: 'mnist', classes: [3, 8], trainPerClass: 10, validation: 0.2, testPerClass: 10, student: { qubits: 2, encoding: { kind: 'angle' }, layers: 1, readout: 'z' }, teachers: ['lenet5'] }],
});

describe('runKd', () => {
  it('resumes: finished cells are reused, a missing cell is redone with the same numbers, reports recompute', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hqml-kd-run-'));
    dirs.push(root);
    const registry = PluginRegistry.of(statevectorModule);
    const options = { runDir: join(root, 'run'), registry, cacheRoot: join(root, 'cache'), progress: null };
    const first = await runKd(tiny, options);
    expect(first).toMatchObject({ cellsRun: 4, cellsReused: 0 });
    // The teacher is cached and checkpoints are gone once the cells finished.
    expect(await readdir(join(root, 'cache', 'kd-teachers'))).toHaveLength(1);
    expect(await readdir(options.runDir)).not.toContain('checkpoints');
    const [report] = first.reports;
    expect(verifyReportJson(report!.report.toJSON())).toEqual([]);
    const cell = planCells(tiny)[3]!;
    expect(cell.id).toBe('tiny--kd-lenet5--s4');
    const kdCell = await readCell(options.runDir, cell.id, cell.key);
    expect(kdCell?.extra['teacherTrainAccuracy']).toBeGreaterThan(0);

    await rm(cellFile(options.runDir, 'tiny--kd-lenet5--s4'));
    const second = await runKd(tiny, options);
    expect(second).toMatchObject({ cellsRun: 1, cellsReused: 3 });
    // Same seed, same numbers: the redone cell reproduces its confusion matrix.
    const redone = await readCell(options.runDir, 'tiny--kd-lenet5--s4', kdCell!.key);
    expect(redone?.confusion).toEqual(kdCell?.confusion);
    expect(second.rows).toEqual(first.rows);
  });
});
