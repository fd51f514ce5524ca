import { ValidationError } from './errors.js';
import { PLUGIN_KINDS, type PluginKind } from './pluginKinds.js';

/** The manifest format this version of hqml reads and writes. */
export const MANIFEST_FORMAT = 1;

/** What `hqml plugins` shows of a plugin: everything but the code. */
export interface PluginDeclaration {
  readonly id: string;
  readonly kind: PluginKind;
  readonly description: string;
  readonly capabilities: Readonly<Record<string, unknown>>;
  /** The options as JSON Schema (the input side, with defaults); null when it takes none. */
  readonly options: Readonly<Record<string, unknown>> | null;
}

/** A top-level CLI command a package contributes, as `hqml --help` lists it. */
export interface CommandDeclaration {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** The command's entry in the help's command list, e.g. `kd [options]`, `plugins [options] [id]`. */
  readonly helpTerm: string;
}

/** A benchmark suite a package contributes. */
export interface BenchDeclaration {
  readonly name: string;
  readonly description: string;
}

/** A doctor check a package contributes. */
export interface DoctorDeclaration {
  readonly name: string;
}

/**
 * What a package's `hqml` module (`HqmlModule`) exposes, as data: generated from the module
 * at build time, so that the CLI can list plugins, commands and suites without importing the
 * code (PennyLane's entry points read the same way). Never written by hand.
 */
export interface HqmlManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly package: string;
  readonly version: string;
  readonly plugins: readonly PluginDeclaration[];
  readonly commands: readonly CommandDeclaration[];
  readonly benchmarks: readonly BenchDeclaration[];
  readonly doctor: readonly DoctorDeclaration[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `json` (a parsed manifest file) has the manifest's shape; a ValidationError names
 * `where` and the first field that does not.
 */
export function parseManifest(json: unknown, where: string): HqmlManifest {
  const fail = (why: string): never => {
    throw new ValidationError({ what: `${where} is not an hqml manifest`, why, fix: 'Rebuild it (`npm run build` in the workspace); the CLI imports the package instead meanwhile' });
  };
  if (!isRecord(json)) return fail('it is not a JSON object');
  if (json['format'] !== MANIFEST_FORMAT) fail(`its format is ${JSON.stringify(json['format'])}, this hqml reads format ${MANIFEST_FORMAT}`);
  for (const k of ['package', 'version'] as const) if (typeof json[k] !== 'string') fail(`"${k}" is not a string`);
  const list = (key: string, fields: Record<string, (v: unknown) => boolean>): void => {
    const a = json[key];
    if (!Array.isArray(a)) return fail(`"${key}" is not an array`);
    a.forEach((e, i) => {
      if (!isRecord(e)) return fail(`${key}[${i}] is not an object`);
      for (const [f, ok] of Object.entries(fields)) if (!ok(e[f])) fail(`${key}[${i}].${f} is ${JSON.stringify(e[f]) ?? 'missing'}`);
    });
  };
  const str = (v: unknown) => typeof v === 'string';
  list('plugins', { id: str, kind: (v) => PLUGIN_KINDS.includes(v as PluginKind), description: str, capabilities: isRecord, options: (v) => v === null || isRecord(v) });
  list('commands', { name: str, aliases: (v) => Array.isArray(v) && v.every(str), description: str, helpTerm: str });
  list('benchmarks', { name: str, description: str });
  list('doctor', { name: str });
  return json as unknown as HqmlManifest;
}
