import { readFile } from 'node:fs/promises';
import { DataError } from '@hqml/core';
import type { DatasetSpec } from './catalog.js';
import { CIFAR_IMAGE_BYTES, CIFAR_RECORD_BYTES, parseCifarBatch, parseCifarMeta } from './formats/cifar.js';
import { fileError, REPAIR_FIX } from './formats/dataError.js';
import { decompressIfGzip } from './formats/gzip.js';
import { parseIdx } from './formats/idx.js';
import type { CifarLocation, IdxLocation, Location } from './locate.js';
import type { RawImages } from './rawImages.js';

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    const b = await readFile(file);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (err) {
    throw new DataError({ what: `Cannot read ${file}`, why: err instanceof Error ? err.message : String(err), fix: REPAIR_FIX, cause: err });
  }
}

/** Reads and checks one IDX pair (images + labels) against the data set's shape and classes. */
export async function readIdxSplit(spec: DatasetSpec, imagesFile: string, labelsFile: string): Promise<RawImages> {
  const [imageBytes, labelBytes] = await Promise.all([readBytes(imagesFile).then((b) => decompressIfGzip(b, imagesFile)), readBytes(labelsFile).then((b) => decompressIfGzip(b, labelsFile))]);
  const images = parseIdx(imageBytes, imagesFile, 3);
  const labels = parseIdx(labelBytes, labelsFile, 1);
  const [h, w, c] = spec.sampleShape;
  const [n, rows, cols] = images.dims as [number, number, number];
  if (rows !== h || cols !== w) throw fileError(imagesFile, 'wrong image size', `${h} x ${w} images`, `${rows} x ${cols}`);
  const nl = labels.dims[0] as number;
  if (nl !== n) throw fileError(labelsFile, `label count does not match the image count of ${imagesFile}`, `${n} labels`, `${nl}`);
  const k = spec.classes.length;
  const y = labels.data;
  for (let i = 0; i < nl; i++) {
    if ((y[i] as number) >= k) throw fileError(labelsFile, `label out of range at index ${i}`, `a label in 0..${k - 1}`, String(y[i]));
  }
  return { count: n, shape: [h, w, c], labels: y, pixels: images.data, offset: 0, stride: h * w * c, layout: 'hwc' };
}

/** Reads `batches.meta.txt`, or returns undefined when the location has none. */
export async function readCifarClassNames(spec: DatasetSpec, loc: CifarLocation): Promise<string[] | undefined> {
  if (!loc.meta) return undefined;
  const bytes = await readBytes(loc.meta);
  return parseCifarMeta(new TextDecoder().decode(bytes), loc.meta, spec.classes.length);
}

/** Reads CIFAR-10 batches and joins them into one planar buffer. */
export async function readCifarSplit(spec: DatasetSpec, files: readonly string[]): Promise<RawImages> {
  const batches = [];
  for (const f of files) batches.push(parseCifarBatch(await readBytes(f), f, spec.classes.length));
  const count = batches.reduce((a, b) => a + b.count, 0);
  let records: Uint8Array;
  let labels: Uint8Array;
  if (batches.length === 1) {
    records = (batches[0] as (typeof batches)[number]).records;
    labels = (batches[0] as (typeof batches)[number]).labels;
  } else {
    // Several batches: one copy into a single buffer keeps the conversion loop simple.
    records = new Uint8Array(count * CIFAR_RECORD_BYTES);
    labels = new Uint8Array(count);
    let at = 0;
    for (const b of batches) {
      records.set(b.records, at * CIFAR_RECORD_BYTES);
      labels.set(b.labels, at);
      at += b.count;
    }
  }
  const [h, w, c] = spec.sampleShape;
  if (h * w * c !== CIFAR_IMAGE_BYTES) throw new Error('CIFAR spec shape must be 32 x 32 x 3');
  return { count, shape: [h, w, c], labels, pixels: records, offset: 1, stride: CIFAR_RECORD_BYTES, layout: 'chw' };
}

/** Reads the raw train or test split of a located data set. */
export async function readRawSplit(spec: DatasetSpec, loc: Location, part: 'train' | 'test'): Promise<RawImages> {
  if (loc.format === 'idx') {
    const l: IdxLocation = loc;
    return part === 'train' ? readIdxSplit(spec, l.trainImages, l.trainLabels) : readIdxSplit(spec, l.testImages, l.testLabels);
  }
  return readCifarSplit(spec, part === 'train' ? loc.trainBatches : [loc.testBatch]);
}
