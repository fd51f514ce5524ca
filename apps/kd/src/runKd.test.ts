import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { PluginRegistry } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { hqml as distill } from '@hqml/distill/plugin';
import { verifyReportJson } from '@hqml/eval';
import { hqml as evalModule } from '@hqml/eval/plugin';
import { CellStore, type ClassificationOutcome, RunLock } from '@hqml/experiment';
import { hqml as qnn } from '@hqml/qnn/plugin';
import { hqml as statevector } from '@hqml/statevector/plugin';
import { hqml as tfjsModels } from '@hqml/tfjs-models/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKdConfig } from './config.js';
import { planCells, runKd } from './runKd.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-kd-run-'));
  dirs.push(d);
  return d;
}

const registry = PluginRegistry.of(statevector, qnn, datasets, distill, evalModule, tfjsModels);
const raw = {
  title: 'tiny',
  seeds: [3, 4],
  backend: { id: 'statevector', options: { threads: 1 } },
  tfjsBackend: 'cpu',
  training: { epochs: 2, batchSize: 8, learningRate: 0.05 },
  teacherTraining: { epochs: 1, batchSize: 16, perClass: 30, validation: 0.2 },
  experiments: [{ name: 'tiny', dataset: 'mnist', classes: [3, 8], train: { perClass: 10 }, validation: 0.2, test: { perClass: 10 }, student: { qubits: 2, encoding: { kind: 'angle' }, layers: 1, readout: 'z' }, teachers: ['lenet5'] }],
};
const tiny = parseKdConfig(raw);

describe('runKd', () => {
  it('resumes: finished cells are reused, a missing cell is redone with the same numbers, reports recompute', async () => {
    const root = await temp();
    const options = { runDir: join(root, 'run'), registry, cacheRoot: join(root, 'cache'), progress: null };
    const first = await runKd(tiny, options);
    expect(first).toMatchObject({ cellsRun: 4, cellsReused: 0 });
    // The teacher is cached (a sealed entry) and checkpoints are gone once the cells finished.
    const [entry] = await readdir(join(root, 'cache', 'kd-teachers'));
    expect(await readdir(join(root, 'cache', 'kd-teachers', entry!))).toContain('manifest.json');
    expect(await readdir(options.runDir)).not.toContain('checkpoints');
    const [report] = first.reports;
    expect(verifyReportJson(report!.report.toJSON())).toEqual([]);
    const cell = planCells(tiny)[3]!;
    expect(cell.id).toBe('tiny--kd-lenet5--s4');
    const store = new CellStore<ClassificationOutcome>(options.runDir);
    const kdCell = await store.read(cell);
    expect(kdCell.status).toBe('done');
    const stored = kdCell.status === 'done' ? kdCell.cell : undefined;
    expect(stored?.result.extra['teacherTrainAccuracy']).toBeGreaterThan(0);

    await rm(store.file(cell));
    const second = await runKd(tiny, options);
    expect(second).toMatchObject({ cellsRun: 1, cellsReused: 3 });
    // Same seed, same numbers: the redone cell reproduces its confusion matrix.
    const redone = await store.read(cell);
    expect(redone.status === 'done' ? redone.cell.result.confusion : null).toEqual(stored?.result.confusion);
    expect(second.rows).toEqual(first.rows);

    // A corrupt teacher cache entry is detected, rebuilt with a warning, and gives the same teacher.
    const weights = (await readdir(join(root, 'cache', 'kd-teachers', entry!, 'model'))).find((f) => f.endsWith('.bin'))!;
    await writeFile(join(root, 'cache', 'kd-teachers', entry!, 'model', weights), 'garbage');
    const lines: string[] = [];
    const third = await runKd(tiny, { ...options, fresh: true, progress: { write: (t) => lines.push(t), isTTY: false } });
    expect(lines.join('')).toMatch(/warning: cache entry .*kd-teachers.* is unusable: model\/.*\.bin does not match its checksum; rebuilding it/);
    expect(third.rows).toEqual(first.rows);
  });

  it.each([
    ['a duplicate experiment name', { experiments: [raw.experiments[0], raw.experiments[0]] }, /at experiments\[1\]: the name "tiny" is used twice/],
    ['an unknown class', { experiments: [{ ...raw.experiments[0], classes: [3, 10] }] }, /at experiments\[0\]\.classes: class 10 does not exist in mnist/],
    ['an unknown data set', { experiments: [{ ...raw.experiments[0], dataset: 'imagenet' }] }, /at experiments\[0\]\.dataset: unknown dataset "imagenet"; registered dataset ids: cifar10, fashion-mnist, mnist/],
    ['an unknown teacher', { experiments: [{ ...raw.experiments[0], teachers: ['resnet'] }] }, /at experiments\[0\]\.teachers\[0\]: unknown model "resnet"; registered model ids: alexnet, ensemble, lenet5, mlp, qnn/],
    ['a bad student option', { experiments: [{ ...raw.experiments[0], student: { qubits: 2, readuot: 'z' } }] }, /at experiments\[0\]\.student: Invalid options for plugin "qnn".*readuot/],
    ['an unknown backend', { backend: 'qsim' }, /at backend: unknown backend "qsim"; registered backend ids: statevector/],
    ['an unknown experiment backend', { experiments: [{ ...raw.experiments[0], backend: 'qsim' }] }, /at experiments\[0\]\.backend: unknown backend "qsim"/],
    ['an unknown experiment mitigator', { experiments: [{ ...raw.experiments[0], mitigators: ['mitigation.nope'] }] }, /at experiments\[0\]\.mitigators\[0\]: unknown mitigator "mitigation.nope"/],
    ['a label-only trainer as the distilled one', { trainers: { distilled: 'distill.baseline' } }, /at trainers\.distilled: "distill\.baseline" trains on labels only/],
  ])('refuses %s before creating the run directory', async (_name, patch, message) => {
    const root = await temp();
    const config = parseKdConfig({ ...raw, ...patch });
    await expect(runKd(config, { runDir: join(root, 'run'), registry, cacheRoot: join(root, 'cache'), progress: null })).rejects.toThrow(message);
    expect(await readdir(root)).toEqual([]);
  });

  it('refuses a run directory that cannot be written, and one that another live process holds', async () => {
    const root = await temp();
    await writeFile(join(root, 'file'), 'x');
    await expect(runKd(tiny, { runDir: join(root, 'file', 'run'), registry, cacheRoot: join(root, 'cache'), progress: null })).rejects.toThrow(/The run directory .*file\/run cannot be written: .*is a file, not a directory/);
    expect(await readdir(root)).toEqual(['file']);

    const runDir = join(root, 'held');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const lock = await RunLock.acquire(runDir);
      await writeFile(lock.file, JSON.stringify({ pid: other.pid, host: hostname(), startedAt: 'now' }));
      await expect(runKd(tiny, { runDir, registry, cacheRoot: join(root, 'cache'), progress: null })).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
      expect(await readdir(runDir)).toEqual(['.hqml-run.lock']);
      expect(JSON.parse(await readFile(lock.file, 'utf8')).pid).toBe(other.pid);
    } finally {
      other.kill();
    }
  });
});
