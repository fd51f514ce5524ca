import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { DataError, Rng, ValidationError } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createClassicalModel } from '../createModel.js';
import { type EnsembleModel } from '../models/ensembleModel.js';
import { TfjsModel } from '../models/tfjsModel.js';
import { fileIOHandler } from './fileIOHandler.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'hqml-tfjs-io-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const rng = Rng.from(1);
const x = new Float32Array(3 * 28 * 28).map(() => rng.float());

describe('save and load (TF.js layers format, no tfjs-node)', () => {
  it('round-trips weights exactly, into the same architecture or rebuilt from model.json', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('alexnet', { inputShape: [28, 28, 1], classes: 10, seed: 1, width: 0.0625 });
    await a.save(dir);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const b = await TfjsModel.create('alexnet', { inputShape: [28, 28, 1], classes: 10, seed: 2, width: 0.0625 });
    expect(Array.from(await b.logits(x, 3))).not.toEqual(Array.from(await a.logits(x, 3)));
    await b.load(dir);
    expect(Array.from(await b.logits(x, 3))).toEqual(Array.from(await a.logits(x, 3)));
    const c = await TfjsModel.fromDirectory(dir);
    expect(c.id).toBe('alexnet');
    expect(Array.from(await c.logits(x, 3))).toEqual(Array.from(await a.logits(x, 3)));
    for (const m of [a, b, c]) m.dispose();
  });

  it('the files load with plain tfjs-layers (tf.loadLayersModel) and predict the same', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 4 });
    await a.save(dir);
    const plain = await tfl.loadLayersModel(fileIOHandler(dir));
    const p = tf.tidy(() => (plain.predict(tf.tensor4d(x, [3, 28, 28, 1])) as tf.Tensor).dataSync());
    const l = await a.logits(x, 3);
    for (let i = 0; i < l.length; i++) expect(p[i]).toBeCloseTo(l[i] as number, 4);
    plain.dispose();
    a.dispose();
  });

  it('refuses another architecture and leaves the weights untouched', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10 });
    await a.save(dir);
    const b = await TfjsModel.create('mlp', { inputShape: [28, 28, 1], classes: 10 });
    const before = await b.logits(x, 3);
    await expect(b.load(dir)).rejects.toThrow(/holds a lenet5 model.*this model is mlp/);
    const c = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 4 });
    await expect(c.load(dir)).rejects.toThrow(ValidationError);
    expect(Array.from(await b.logits(x, 3))).toEqual(Array.from(before));
    for (const m of [a, b, c]) m.dispose();
  });

  it('a truncated weights file or a broken model.json is a DataError naming the sizes; nothing changes', async () => {
    const dir = await tempDir();
    const a = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 5 });
    await a.save(dir);
    const b = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 6 });
    const before = await b.logits(x, 3);
    await truncate(join(dir, 'weights.bin'), 1000);
    await expect(b.load(dir)).rejects.toThrow(/weights.bin has 1000 bytes.*246824 bytes/);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": ');
    await expect(b.load(dir)).rejects.toThrow(DataError);
    await expect(b.load(join(dir, 'missing'))).rejects.toThrow(/Cannot read .*model.json/);
    expect(Array.from(await b.logits(x, 3))).toEqual(Array.from(before));
    a.dispose();
    b.dispose();
  });

  it('an ensemble saves its members and loads them back', async () => {
    const dir = await tempDir();
    const e = (await createClassicalModel('ensemble', { inputShape: [28, 28, 1], classes: 10, members: ['lenet5', 'mlp'], seed: 1 })) as EnsembleModel;
    await e.save(dir);
    const f = (await createClassicalModel('ensemble', { inputShape: [28, 28, 1], classes: 10, members: ['lenet5', 'mlp'], seed: 9 })) as EnsembleModel;
    await f.load(dir);
    expect(Array.from(await f.logits(x, 3))).toEqual(Array.from(await e.logits(x, 3)));
    const g = (await createClassicalModel('ensemble', { inputShape: [28, 28, 1], classes: 10, members: ['mlp'] })) as EnsembleModel;
    await expect(g.load(dir)).rejects.toThrow(/ensemble of \[lenet5, mlp\]/);
    for (const m of [e, f, g]) m.dispose();
  });
});
