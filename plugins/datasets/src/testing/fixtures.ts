import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir as coreTempDir } from '@hqml/core/testing';
import { gzipSync } from 'node:zlib';

/**
 * Small synthetic data files for the tests of this package: written byte by byte from the
 * format descriptions, independently of the parsers they test.
 */

/** An IDX file of unsigned bytes with the given dimensions and body. */
export function idxBytes(dims: readonly number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

/** A tiny MNIST-like split: image i has every pixel equal to (i * 7 + 3) % 256, label i % 10. */
export function tinyIdxSplit(n: number): { images: Uint8Array; labels: Uint8Array } {
  const px = new Uint8Array(n * 28 * 28);
  const lab = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    px.fill((i * 7 + 3) % 256, i * 784, (i + 1) * 784);
    lab[i] = i % 10;
  }
  return { images: idxBytes([n, 28, 28], px), labels: idxBytes([n], lab) };
}

/** A fresh temporary folder, removed when the test (or the file's tests) finish. */
export function tempDir(prefix = 'hqml-datasets-'): string {
  return coreTempDir(prefix);
}

/** Writes the four MNIST file names with tiny synthetic content into `dir` (optionally gzipped). */
export function writeTinyIdxDataset(dir: string, options: { train?: number; test?: number; gzip?: boolean } = {}): void {
  mkdirSync(dir, { recursive: true });
  const train = tinyIdxSplit(options.train ?? 40);
  const test = tinyIdxSplit(options.test ?? 20);
  const put = (name: string, data: Uint8Array): void => {
    if (options.gzip) writeFileSync(join(dir, `${name}.gz`), gzipSync(data));
    else writeFileSync(join(dir, name), data);
  };
  put('train-images-idx3-ubyte', train.images);
  put('train-labels-idx1-ubyte', train.labels);
  put('t10k-images-idx3-ubyte', test.images);
  put('t10k-labels-idx1-ubyte', test.labels);
}

/** CIFAR-10 binary records: record i has label i % 10 and planes R = i, G = i + 1, B = i + 2 (mod 256). */
export function cifarBytes(n: number): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    const r = i * 3073;
    out[r] = i % 10;
    out.fill(i % 256, r + 1, r + 1 + 1024);
    out.fill((i + 1) % 256, r + 1 + 1024, r + 1 + 2048);
    out.fill((i + 2) % 256, r + 1 + 2048, r + 3073);
  }
  return out;
}
