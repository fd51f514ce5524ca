import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { sha256, sha256File } from './download.js';
import { decompressIfGzip } from './formats/gzip.js';
import type { ImageDataset } from './imageDataset.js';
import { type Location, type SearchedPlace, type SourceKind } from './locate.js';

/** Sizes and class counts of one split. */
export interface SplitSummary {
  readonly size: number;
  /** Samples per class, in label order. */
  readonly classCounts: readonly number[];
}

/** What `hqml datasets info` reports. */
export interface DatasetInfo {
  readonly id: string;
  readonly title: string;
  readonly sampleShape: readonly number[];
  readonly classes: readonly string[];
  readonly found: boolean;
  readonly source?: SourceKind;
  readonly dir?: string;
  readonly files?: readonly { readonly path: string; readonly bytes: number }[];
  /** CIFAR-10: how many of the 5 official train batches are present. */
  readonly trainBatches?: { readonly present: number; readonly official: number };
  readonly train?: SplitSummary;
  readonly test?: SplitSummary;
  readonly searched: readonly SearchedPlace[];
}

function filesOf(loc: Location): string[] {
  if (loc.format === 'idx') return [loc.trainImages, loc.trainLabels, loc.testImages, loc.testLabels];
  return [...loc.trainBatches, loc.testBatch, ...(loc.meta ? [loc.meta] : [])];
}

function classCounts(labels: Uint8Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const l of labels) c[l] = (c[l] as number) + 1;
  return c;
}

/**
 * Where a data set is, its files and, when `withCounts`, the sizes and class counts of both
 * splits (reads and checks the files). Never downloads.
 */
export async function datasetInfo(d: ImageDataset, dataDir?: string, withCounts = true): Promise<DatasetInfo> {
  const found = d.search(dataDir);
  const base = { id: d.id, title: d.spec.title, sampleShape: d.sampleShape, classes: d.classes, searched: found.searched };
  const loc = found.location;
  if (!loc) return { ...base, found: false };
  const files = await Promise.all(filesOf(loc).map(async (path) => ({ path, bytes: (await stat(path)).size })));
  const out: DatasetInfo = {
    ...base,
    found: true,
    source: loc.source,
    dir: loc.dir,
    files,
    ...(loc.format === 'cifar' ? { trainBatches: { present: loc.trainBatches.length, official: 5 } } : {}),
  };
  if (!withCounts) return out;
  const train = await d.raw('train', dataDir);
  const test = await d.raw('test', dataDir);
  return {
    ...out,
    classes: train.classNames,
    train: { size: train.raw.count, classCounts: classCounts(train.raw.labels, d.classes.length) },
    test: { size: test.raw.count, classCounts: classCounts(test.raw.labels, d.classes.length) },
  };
}

/** The result of checking one file. */
export interface FileCheck {
  readonly path: string;
  /** What the digest covers: the decompressed IDX content, or the file itself. */
  readonly digestOf: 'content' | 'file';
  readonly sha256: string;
  readonly expected: string | undefined;
  /** ok: matches the official release; differs: another copy (e.g. re-encoded); unknown: no official digest. */
  readonly status: 'ok' | 'differs' | 'unknown';
}

/** What `hqml datasets verify` reports. */
export interface VerifyReport {
  readonly id: string;
  readonly source: SourceKind;
  readonly dir: string;
  /** Whether every file parsed and passed the format checks (sizes, magic numbers, labels). */
  readonly parsed: true;
  readonly files: readonly FileCheck[];
  /** True when every file with an official digest matches it. */
  readonly matchesOfficial: boolean;
}

/**
 * Checks a located data set: parses both splits (any broken file throws a DataError naming it)
 * and compares sha256 digests with the official release. IDX digests are taken over the
 * decompressed content, so a recompressed copy of the same data (Debian's) still matches.
 */
export async function verifyDataset(d: ImageDataset, dataDir?: string): Promise<VerifyReport> {
  const loc = await d.locate(dataDir);
  await d.raw('train', dataDir);
  await d.raw('test', dataDir);
  const files: FileCheck[] = [];
  if (loc.format === 'idx') {
    const spec = d.spec.format === 'idx' ? d.spec.files : undefined;
    const expected = new Map(Object.values(spec ?? {}).map((f) => [f.name, f.sha256]));
    for (const path of filesOf(loc)) {
      const digest = sha256(await decompressIfGzip(new Uint8Array(await readFile(path)), path));
      const want = expected.get(basename(path).replace(/\.gz$/, ''));
      files.push({ path, digestOf: 'content', sha256: digest, expected: want, status: want === undefined ? 'unknown' : want === digest ? 'ok' : 'differs' });
    }
  } else {
    const batches = d.spec.format === 'cifar' ? d.spec.batchSha256 : {};
    for (const path of filesOf(loc)) {
      const digest = await sha256File(path);
      const want = batches[basename(path)];
      files.push({ path, digestOf: 'file', sha256: digest, expected: want, status: want === undefined ? 'unknown' : want === digest ? 'ok' : 'differs' });
    }
  }
  return { id: d.id, source: loc.source, dir: loc.dir, parsed: true, files, matchesOfficial: files.every((f) => f.status !== 'differs') };
}
