import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqml } from './hqml.js';

// A tiny distillation run through the real CLI: 2 classes, 20 images per class, 1 epoch.
const TINY = `
title: tiny KD e2e
seeds: [0, 1]
backend: statevector
training: { epochs: 1, batchSize: 8, learningRate: 0.02 }
teacherTraining: { epochs: 1, batchSize: 32, perClass: 100, validation: 0.1 }
experiments:
  - name: mnist-0-1
    dataset: mnist
    classes: [0, 1]
    train: { perClass: 20 }
    validation: 0.2
    test: { perClass: 20 }
    student: { qubits: 2, reducer: dense, encoding: { kind: angle, scaling: pi-tanh }, layers: 1, readout: z }
    teachers: [lenet5]
    reference: { baseline: 99.0 }
`;

describe('hqml kd (end to end)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hqml-kd-e2e-'));
    await writeFile(join(dir, 'tiny.yaml'), TINY);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a tiny config, writes a report whose numbers recompute from its JSON, and resumes without redoing cells', async () => {
    const env = { HQML_CACHE_DIR: join(dir, 'cache') };
    const runDir = join(dir, 'run');
    const r = await hqml(['kd', '--config', join(dir, 'tiny.yaml'), '--run-dir', runDir, '--json'], env);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { runDir: string; cellsRun: number; cellsReused: number; reports: Array<{ markdown: string; json: string; plots: string[] }>; rows: Array<{ condition: string; seeds: number; accuracy: number; reference: number | null }> };
    expect(out.cellsRun).toBe(4);
    expect(out.rows.map((x) => x.condition)).toEqual(['baseline', 'kd-lenet5']);
    expect(out.rows.every((x) => x.seeds === 2 && x.accuracy >= 0 && x.accuracy <= 1)).toBe(true);
    expect(out.rows[0]?.reference).toBeCloseTo(0.99, 12);
    // Progress went to stderr: cell, epoch, samples/s, ETA.
    expect(r.stderr).toMatch(/cell 4\/4 mnist-0-1 kd-lenet5 seed 1 \| epoch 1\/1 \| \d+ samples\/s \| ETA/);

    const [report] = out.reports;
    const md = await readFile(report!.markdown, 'utf8');
    expect(md).toContain('tiny KD e2e');
    const json = JSON.parse(await readFile(report!.json, 'utf8')) as { info: { seeds: number[]; backend: string; wallTimeSeconds: number; config: { title: string }; packages: Record<string, string> }; conditions: Array<{ name: string; runs: Array<{ confusion: number[][]; extra: Record<string, number> }> }> };
    expect(json.info.seeds).toEqual([0, 1]);
    expect(json.info.backend).toMatch(/^statevector, tfjs /);
    expect(json.info.config.title).toBe('tiny KD e2e');
    expect(json.info.packages['@hqml/distill']).toBe('0.1.0');
    // Every run is evaluated on the 40 test images once.
    for (const c of json.conditions) for (const run of c.runs) expect(run.confusion.flat().reduce((a, b) => a + b, 0)).toBe(40);
    expect(json.conditions[1]?.runs[0]?.extra['teacherTestAccuracy']).toBeGreaterThan(0.5);
    expect((await readdir(join(runDir, 'mnist-0-1', 'plots'))).filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(3);

    // The numbers in report.json recompute from its per-seed data (hqml eval check fails otherwise).
    const check = await hqml(['eval', 'check', report!.json, '--json']);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { ok: boolean }).ok).toBe(true);

    // A second invocation reuses every finished cell (and the cached teacher).
    const again = await hqml(['kd', '--config', join(dir, 'tiny.yaml'), '--run-dir', runDir, '--json', '--quiet'], env);
    expect(again.code).toBe(0);
    const out2 = JSON.parse(again.stdout) as { cellsRun: number; cellsReused: number; rows: Array<{ accuracy: number }> };
    expect(out2).toMatchObject({ cellsRun: 0, cellsReused: 4 });
    expect(out2.rows.map((x) => x.accuracy)).toEqual(out.rows.map((x) => x.accuracy));
  });

  it('rejects an invalid config naming the key, before any work', async () => {
    await writeFile(join(dir, 'bad.yaml'), TINY.replace('train: { perClass: 20 }', 'train: { perClass: -3 }'));
    const r = await hqml(['kd', '--config', join(dir, 'bad.yaml'), '--run-dir', join(dir, 'bad-run')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/experiments\[0\]\.train\.perClass/);
    await expect(readdir(join(dir, 'bad-run'))).rejects.toThrow(/ENOENT/);
  });
});
