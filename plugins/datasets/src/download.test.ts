import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@hqml/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_SPEC, type CifarDatasetSpec, MNIST_SPEC } from './catalog.js';
import { downloadCifar, downloadIdxFile } from './download.js';
import { ImageDataset } from './imageDataset.js';
import { mnistDataPackageDir } from './locate.js';
import { cifarBytes, tempDir } from './testing/fixtures.js';

/** A local HTTP server standing in for the download mirrors: path -> body, with failure modes. */
const routes = new Map<string, { body: Uint8Array; mode?: 'cut' }>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const r = routes.get(req.url ?? '');
    if (!r) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': String(r.body.length), 'content-type': 'application/octet-stream' });
    if (r.mode === 'cut') {
      res.write(r.body.subarray(0, Math.floor(r.body.length / 2)));
      setTimeout(() => res.destroy(), 20);
    } else res.end(r.body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

const pkg = mnistDataPackageDir() as string;
const gz = (name: string) => gzipSync(readFileSync(join(pkg, name)), { level: 1 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('verified download of IDX files', () => {
  it('stores a verified file under its raw name, leaving no temporary files', async () => {
    routes.set('/ok/t10k-labels-idx1-ubyte.gz', { body: gz('t10k-labels-idx1-ubyte') });
    const dir = join(tempDir(), 'cache');
    const file = await downloadIdxFile(MNIST_SPEC.files.testLabels, [`${base}/ok/`], dir, 10_000);
    expect(sha(readFileSync(file))).toBe(MNIST_SPEC.files.testLabels.sha256);
    expect(readdirSync(dir)).toEqual(['t10k-labels-idx1-ubyte']);
  });

  it('a corrupt file fails the checksum and is not cached', async () => {
    const bad = new Uint8Array(readFileSync(join(pkg, 't10k-labels-idx1-ubyte')));
    bad[100] = (bad[100] as number) ^ 1;
    routes.set('/corrupt/t10k-labels-idx1-ubyte.gz', { body: gzipSync(bad) });
    const dir = join(tempDir(), 'cache');
    const err = await downloadIdxFile(MNIST_SPEC.files.testLabels, [`${base}/corrupt/`], dir, 10_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(new RegExp(`checksum mismatch: expected sha256 ${MNIST_SPEC.files.testLabels.sha256} of the decompressed content, found ${sha(bad)}`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an interrupted transfer is not cached, and the next mirror is tried', async () => {
    routes.set('/cut/t10k-labels-idx1-ubyte.gz', { body: gz('t10k-labels-idx1-ubyte'), mode: 'cut' });
    const dir = join(tempDir(), 'cache');
    const err = await downloadIdxFile(MNIST_SPEC.files.testLabels, [`${base}/cut/`, `${base}/missing/`], dir, 10_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(`${base}/cut/t10k-labels-idx1-ubyte.gz`);
    expect((err as Error).message).toMatch(/missing\/t10k-labels-idx1-ubyte.gz: HTTP 404/);
    expect(readdirSync(dir)).toEqual([]);
    const file = await downloadIdxFile(MNIST_SPEC.files.testLabels, [`${base}/missing/`, `${base}/ok/`], dir, 10_000);
    expect(existsSync(file)).toBe(true);
  });

  it('a data set with no local copy is downloaded into the cache and then found there', async () => {
    for (const f of Object.values(MNIST_SPEC.files)) routes.set(`/full/${f.name}.gz`, { body: gz(f.name) });
    const root = tempDir();
    const env = { env: {}, cacheRoot: join(root, 'cache'), systemDirs: [], npmPackage: false, mirrors: [`${base}/full/`] } as const;
    const d = new ImageDataset(MNIST_SPEC, env);
    expect(d.search().location).toBeUndefined();
    const test = await d.load('test', { classes: [7], perClass: 2 });
    expect(test.size).toBe(2);
    expect(readdirSync(join(root, 'cache', 'mnist')).sort()).toEqual(Object.values(MNIST_SPEC.files).map((f) => f.name).sort());
    expect(new ImageDataset(MNIST_SPEC, { ...env, download: false }).search().location?.source).toBe('cache');
  });
});

/** A ustar archive written from the format description (512-byte headers, octal sizes). */
function tar(files: Record<string, Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, body] of Object.entries(files)) {
    const h = new Uint8Array(512);
    const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
    put(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    put('00000000000\0', 136);
    put('0', 156);
    put('ustar\x0000', 257);
    h.fill(0x20, 148, 156);
    const sum = h.reduce((a, b) => a + b, 0);
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('verified download of the CIFAR-10 archive', () => {
  const train = cifarBytes(30);
  const test = cifarBytes(20);
  const meta = new TextEncoder().encode(CIFAR10_SPEC.classes.join('\n') + '\n');
  const archive = gzipSync(tar({ 'cifar-10-batches-bin/data_batch_1.bin': train, 'cifar-10-batches-bin/batches.meta.txt': meta, 'cifar-10-batches-bin/readme.html': new Uint8Array(3), 'cifar-10-batches-bin/test_batch.bin': test }));
  // The same format with this archive's digests (the real archive is 170 MB).
  const spec: CifarDatasetSpec = { ...CIFAR10_SPEC, archive: { ...CIFAR10_SPEC.archive, sha256: sha(archive), bytes: archive.length }, batchSha256: { 'data_batch_1.bin': sha(train), 'test_batch.bin': sha(test) } };

  it('checks the archive digest, extracts and checks each batch, and loads from the cache', async () => {
    routes.set('/cifar.tar.gz', { body: archive });
    const root = tempDir();
    const d = new ImageDataset(spec, { env: {}, cacheRoot: join(root, 'c'), systemDirs: [], mirrors: [`${base}/cifar.tar.gz`] });
    const s = await d.load('test');
    expect(s.size).toBe(20);
    expect(s.x[0]).toBeCloseTo(0, 7);
    expect(s.x[3 * 1024 + 1]).toBeCloseTo(2 / 255, 7); // image 1: G plane = 2
    expect(readdirSync(join(root, 'c', 'cifar10')).sort()).toEqual(['batches.meta.txt', 'data_batch_1.bin', 'test_batch.bin']);
  });

  it('an archive with the wrong digest is rejected and nothing is extracted', async () => {
    routes.set('/other.tar.gz', { body: gzipSync(tar({ 'cifar-10-batches-bin/test_batch.bin': test })) });
    const dir = join(tempDir(), 'c');
    const err = await downloadCifar(spec, dir, [`${base}/other.tar.gz`], 10_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(new RegExp(`checksum mismatch: expected sha256 ${spec.archive.sha256}`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a batch whose digest differs inside a valid archive is not kept', async () => {
    const wrong: CifarDatasetSpec = { ...spec, batchSha256: { ...spec.batchSha256, 'test_batch.bin': '0'.repeat(64) } };
    const dir = join(tempDir(), 'c');
    const err = await downloadCifar(wrong, dir, [`${base}/cifar.tar.gz`], 10_000).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/test_batch.bin in the archive: expected sha256 0{64}, found/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
