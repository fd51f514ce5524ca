import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type DataSplit, DataError, Rng, ValidationError } from '@hqml/core';
import { mnist } from '@hqml/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { TfjsModel } from '../models/tfjsModel.js';
import { evaluate } from './trainLoop.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-tfjs-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A learnable synthetic task: the class is the quadrant holding a bright blob, plus noise. */
function blobs(n: number, side: number, seed: number): DataSplit {
  const rng = Rng.from(seed);
  const x = new Float32Array(n * side * side);
  const y = new Int32Array(n);
  const half = side / 2;
  for (let i = 0; i < n; i++) {
    const c = rng.int(4);
    y[i] = c;
    const r0 = c < 2 ? 0 : half;
    const c0 = c % 2 === 0 ? 0 : half;
    for (let p = 0; p < side * side; p++) x[i * side * side + p] = 0.3 * rng.float();
    const r = r0 + rng.int(half - 1);
    const cc = c0 + rng.int(half - 1);
    for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) x[i * side * side + (r + dr) * side + cc + dc] = 1;
  }
  return { x, y, shape: [side, side, 1], classes: ['a', 'b', 'c', 'd'], size: n };
}

/** Fields of an epoch record that do not depend on timing. */
function metrics(h: { epochs: readonly Record<string, number | undefined>[] }): unknown[] {
  return h.epochs.map(({ seconds: _s, samplesPerSecond: _p, ...rest }) => rest);
}

describe('training on real data', () => {
  it('LeNet-5 on 1,500 MNIST images for 2 epochs clearly beats chance on held-out test images', async () => {
    const data = mnist();
    const train = await data.load('train', { perClass: 150, selection: 'random', seed: 0 });
    const test = await data.load('test', { perClass: 50, selection: 'random', seed: 1 });
    const m = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 0 });
    const h = await m.fit(train, { epochs: 2, batchSize: 32, seed: 0, learningRate: 2e-3 });
    expect(h.epochs).toHaveLength(2);
    expect(h.last?.loss).toBeLessThan(h.epochs[0]?.loss as number);
    const acc = evaluate(m, test).accuracy;
    expect(acc).toBeGreaterThan(0.6); // chance is 0.1
    m.dispose();
  });
});

describe('training loop', () => {
  const small = (): Promise<TfjsModel> => TfjsModel.create('alexnet', { inputShape: [8, 8, 1], classes: 4, seed: 3, width: 0.0625, dropout: 0.3 });
  const train = blobs(256, 8, 1);
  const validation = blobs(64, 8, 2);
  const opts = { epochs: 4, batchSize: 32, seed: 11, validation, patience: 10, learningRateDecay: 0.7 } as const;

  it('the same seed gives the same run; resume from a checkpoint reproduces the uninterrupted run exactly', async () => {
    const a = await small();
    const ha = await a.fit(train, { ...opts, checkpointDir: await tempDir() });
    const la = await a.logits(validation.x, validation.size);
    const dir = await tempDir();
    const b1 = await small();
    await b1.fit(train, { ...opts, epochs: 2, checkpointDir: dir });
    b1.dispose();
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-epoch-2.bin', 'checkpoint.json']);
    const b2 = await small(); // fresh weights, replaced by the checkpoint's
    const hb = await b2.fit(train, { ...opts, checkpointDir: dir, resume: true });
    const lb = await b2.logits(validation.x, validation.size);
    expect(metrics(hb)).toEqual(metrics(ha));
    expect(Array.from(lb)).toEqual(Array.from(la));
    const c = await small();
    await c.fit(train, opts);
    expect(Array.from(await c.logits(validation.x, validation.size))).toEqual(Array.from(la));
    for (const m of [a, b2, c]) m.dispose();
  });

  it('early stopping watches the validation loss and restores the best weights', async () => {
    // Random labels: the training loss falls, the validation loss rises after the first epochs.
    const rng = Rng.from(5);
    const noisy = { ...blobs(128, 8, 3), y: new Int32Array(128).map(() => rng.int(4)) };
    const m = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, seed: 1, hidden: [128] });
    const h = await m.fit(noisy, { epochs: 40, batchSize: 16, seed: 1, learningRate: 1e-2, validation, patience: 2 });
    expect(h.meta['stoppedEarly']).toBe(true);
    const best = h.best('valLoss');
    expect(h.meta['bestEpoch']).toBe(best?.epoch);
    expect(h.epochs.length).toBe((best?.epoch as number) + 2);
    expect(evaluate(m, validation).loss).toBeCloseTo(best?.valLoss as number, 5);
    m.dispose();
  });

  it('SGD with momentum trains too', async () => {
    const m = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, seed: 2, hidden: [64] });
    const h = await m.fit(train, { epochs: 6, batchSize: 16, optimizer: 'sgd', learningRate: 0.02, momentum: 0.9, seed: 0 });
    expect(h.last?.loss).toBeLessThan((h.epochs[0]?.loss as number) * 0.7);
    expect(h.last?.accuracy).toBeGreaterThan(0.5);
    m.dispose();
  });

  it('refuses a checkpoint of another architecture and leaves it untouched', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, hidden: [8] });
    await a.fit(train, { epochs: 1, batchSize: 64, checkpointDir: dir });
    const before = await readFile(join(dir, 'checkpoint.json'), 'utf8');
    const b = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, hidden: [16] });
    const w0 = b.trainableVariables[0]?.dataSync().slice();
    await expect(b.fit(train, { epochs: 2, batchSize: 64, checkpointDir: dir, resume: true })).rejects.toThrow(/another architecture.*differs in options, variables/);
    await expect(a.fit(train, { epochs: 2, batchSize: 32, checkpointDir: dir, resume: true })).rejects.toThrow(/other training settings.*batchSize/);
    await expect(a.fit(train, { epochs: 2, batchSize: 64, checkpointDir: dir })).rejects.toThrow(/already holds a checkpoint.*resume: true/);
    expect(await readFile(join(dir, 'checkpoint.json'), 'utf8')).toBe(before);
    expect(Array.from(b.trainableVariables[0]?.dataSync() ?? [])).toEqual(Array.from(w0 ?? []));
    a.dispose();
    b.dispose();
  });

  it('a truncated or corrupt checkpoint is a DataError', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, hidden: [8] });
    await a.fit(train, { epochs: 1, batchSize: 64, checkpointDir: dir });
    await truncate(join(dir, 'checkpoint-epoch-1.bin'), 100);
    await expect(a.fit(train, { epochs: 2, batchSize: 64, checkpointDir: dir, resume: true })).rejects.toThrow(DataError);
    await writeFile(join(dir, 'checkpoint.json'), '{"format": "something-else"}');
    await expect(a.fit(train, { epochs: 2, batchSize: 64, checkpointDir: dir, resume: true })).rejects.toThrow(/not an hqml training checkpoint/);
    a.dispose();
  });

  it('validates data and options before training', async () => {
    const m = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 4, hidden: [8] });
    const w0 = m.trainableVariables[0]?.dataSync().slice();
    await expect(m.fit({ ...train, shape: [64] }, { epochs: 1, batchSize: 8 })).rejects.toThrow(/sample shape \[64\].*expects \[8, 8, 1\]/);
    const nan = { ...train, x: train.x.slice() };
    nan.x[70] = Number.NaN;
    await expect(m.fit(nan, { epochs: 1, batchSize: 8 })).rejects.toThrow(/input value 70 \(sample 1\) is NaN/);
    await expect(m.fit({ ...train, y: train.y.map(() => 7) }, { epochs: 1, batchSize: 8 })).rejects.toThrow(/label 0 is 7.*0\.\.3/);
    await expect(m.fit(train, { epochs: 0, batchSize: 8 })).rejects.toThrow(ValidationError);
    await expect(m.fit(train, { epochs: 1, batchSize: 8, patience: 2 })).rejects.toThrow(/validation/);
    await expect(m.fit(train, { epochs: 1, batchSize: 8, resume: true })).rejects.toThrow(/checkpointDir/);
    await expect(m.fit(train, { epochs: 1, batchSize: 8, learningRateDecay: 0 })).rejects.toThrow(/learningRateDecay is 0/);
    expect(Array.from(m.trainableVariables[0]?.dataSync() ?? [])).toEqual(Array.from(w0 ?? []));
    m.dispose();
  });

  it('leaks no tensors across fit', async () => {
    const m = await TfjsModel.create('alexnet', { inputShape: [8, 8, 1], classes: 4, width: 0.0625 });
    await m.fit(train, { epochs: 1, batchSize: 64, validation });
    const before = tf.memory().numTensors;
    await m.fit(train, { epochs: 1, batchSize: 64, validation, patience: 1 });
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
