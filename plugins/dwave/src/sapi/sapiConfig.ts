import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataError, ValidationError, describeValue } from '@hqml/core';
import { parse as parseIni } from 'ini';
import { Secret } from './secret.js';

/** The default region and its endpoint (dwave-cloud-client `config/constants.py`). */
export const DEFAULT_REGION = 'na-west-1';
export const DEFAULT_ENDPOINT = 'https://cloud.dwavesys.com/sapi/';
export const DEFAULT_METADATA_ENDPOINT = 'https://cloud.dwavesys.com/metadata/v1/';

/** Explicit settings (hqml config keys or code). The token is accepted from code only, never from an hqml config file. */
export interface SapiSettings {
  readonly endpoint?: string;
  readonly region?: string;
  /** A solver name, or a JSON object of solver features (Ocean's `solver` setting). */
  readonly solver?: string | Readonly<Record<string, unknown>>;
  readonly profile?: string;
  /** A dwave.conf path; `false` skips config files. */
  readonly configFile?: string | false;
  readonly metadataEndpoint?: string;
  /** Programmatic token (tests, scripts); configs use DWAVE_API_TOKEN or dwave.conf instead. */
  readonly token?: string;
}

/** Where the environment lives (injectable for tests). */
export interface ConfigEnvironment {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  readonly home?: string;
}

/** Resolved configuration. `token` is a {@link Secret}: printing this object never shows it. */
export interface SapiConfig {
  readonly token: Secret | undefined;
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly metadataEndpoint: string;
  readonly solver: string | Readonly<Record<string, unknown>> | undefined;
  /** Where each value came from: `settings`, `env:NAME`, `file:PATH [profile]`, `default`. */
  readonly sources: Readonly<Record<string, string>>;
}

const ENV_KEYS: Readonly<Record<string, string>> = {
  DWAVE_API_TOKEN: 'token',
  DWAVE_API_ENDPOINT: 'endpoint',
  DWAVE_API_REGION: 'region',
  DWAVE_API_SOLVER: 'solver',
  DWAVE_METADATA_API_ENDPOINT: 'metadata_api_endpoint',
};

/**
 * The dwave.conf files Ocean reads, lowest priority first: system-wide (`/etc/xdg/dwave`),
 * user (`$XDG_CONFIG_HOME/dwave` or `~/.config/dwave`), then `./dwave.conf`.
 */
export function configFilePaths(where: ConfigEnvironment = {}): string[] {
  const env = where.env ?? process.env;
  const home = where.home ?? homedir();
  const xdgDirs = (env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':').filter(Boolean);
  const user = env.XDG_CONFIG_HOME ?? join(home, '.config');
  return [...xdgDirs.reverse().map((d) => join(d, 'dwave', 'dwave.conf')), join(user, 'dwave', 'dwave.conf'), resolve(where.cwd ?? process.cwd(), 'dwave.conf')];
}

/** Reads a profile from dwave.conf files (Ocean's `load_profile_from_files`): later files override earlier ones. */
export function loadProfile(files: readonly string[], profile: string | undefined): { values: Record<string, string>; file?: string; profile?: string } {
  const merged: Record<string, Record<string, string>> = {};
  const origin: string[] = [];
  for (const f of files) {
    if (!existsSync(f)) continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = parseIni(readFileSync(f, 'utf8'));
    } catch (cause) {
      throw new DataError({ what: `cannot read the D-Wave config file ${f}`, why: String(cause), fix: 'Fix or remove the file', cause });
    }
    origin.push(f);
    for (const [section, body] of Object.entries(parsed)) {
      if (typeof body !== 'object' || body === null) continue;
      merged[section] = { ...merged[section], ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) };
    }
  }
  const defaults = merged.defaults ?? {};
  const sections = Object.keys(merged).filter((s) => s !== 'defaults');
  const chosen = profile ?? defaults.profile ?? sections[0];
  if (chosen === undefined) return { values: { ...defaults }, ...(origin.length > 0 && { file: origin.join(', ') }) };
  if (!merged[chosen]) {
    if (profile !== undefined) {
      throw new ValidationError({ what: `D-Wave config profile ${describeValue(profile)} is not in ${origin.length > 0 ? origin.join(', ') : 'any config file'}`, why: `the profiles there are: ${sections.join(', ') || '(none)'}`, fix: 'Pick one of them, or create it with dwave config create' });
    }
    return { values: { ...defaults }, file: origin.join(', ') };
  }
  const { profile: _p, ...rest } = defaults;
  return { values: { ...rest, ...merged[chosen] }, file: origin.join(', '), profile: chosen };
}

function parseSolver(text: string, from: string): string | Record<string, unknown> {
  const t = text.trim();
  if (!t.startsWith('{')) return t;
  try {
    return JSON.parse(t) as Record<string, unknown>;
  } catch {
    throw new ValidationError({ what: `the solver setting from ${from} is not valid JSON`, why: 'a solver is a name or a JSON object of features', fix: 'Use e.g. {"topology__type": "pegasus"} or a solver name' });
  }
}

/**
 * Resolves the SAPI configuration like Ocean: explicit settings, then `DWAVE_*` environment
 * variables, then the chosen profile of the dwave.conf files (`DWAVE_CONFIG_FILE` or the usual
 * places; `DWAVE_PROFILE` or `settings.profile`), then defaults. The token never comes from an
 * hqml config file; it is held in a {@link Secret}.
 */
export function resolveSapiConfig(settings: SapiSettings = {}, where: ConfigEnvironment = {}): SapiConfig {
  const env = where.env ?? process.env;
  const sources: Record<string, string> = {};
  const values: Record<string, string | undefined> = {};
  const set = (key: string, value: string | undefined, source: string): void => {
    if (value === undefined || value === '' || values[key] !== undefined) return;
    values[key] = value;
    sources[key] = source;
  };
  if (settings.token !== undefined) set('token', settings.token, 'settings');
  if (settings.endpoint !== undefined) set('endpoint', settings.endpoint, 'settings');
  if (settings.region !== undefined) set('region', settings.region, 'settings');
  if (settings.metadataEndpoint !== undefined) set('metadata_api_endpoint', settings.metadataEndpoint, 'settings');
  for (const [name, key] of Object.entries(ENV_KEYS)) set(key, env[name], `env:${name}`);
  let solver: SapiConfig['solver'];
  if (settings.solver !== undefined) {
    solver = typeof settings.solver === 'string' ? parseSolver(settings.solver, 'settings') : settings.solver;
    sources.solver = 'settings';
  } else if (values.solver !== undefined) {
    solver = parseSolver(values.solver, sources.solver!);
  }
  if (settings.configFile !== false) {
    const explicit = settings.configFile ?? env.DWAVE_CONFIG_FILE;
    if (explicit !== undefined && explicit !== '' && !existsSync(explicit)) {
      throw new DataError({ what: `the D-Wave config file ${explicit} does not exist`, why: 'it was named by settings.configFile or DWAVE_CONFIG_FILE', fix: 'Fix the path, or unset it to search the usual places' });
    }
    const files = explicit ? [explicit] : configFilePaths(where);
    const loaded = loadProfile(files, settings.profile ?? (env.DWAVE_PROFILE || undefined));
    const label = `file:${loaded.file ?? '?'}${loaded.profile ? ` [${loaded.profile}]` : ''}`;
    for (const key of ['token', 'endpoint', 'region', 'metadata_api_endpoint']) set(key, loaded.values[key], label);
    if (solver === undefined && loaded.values.solver) {
      solver = parseSolver(loaded.values.solver, label);
      sources.solver = label;
    }
  }
  for (const [key, url] of [['endpoint', values.endpoint], ['metadata_api_endpoint', values.metadata_api_endpoint]] as const) {
    if (url !== undefined && !/^https?:\/\/[^\s/]+/.test(url)) throw new ValidationError({ what: `${key} ${describeValue(url)} (from ${sources[key]})`, why: 'an endpoint is an http(s) URL', fix: `Use e.g. ${DEFAULT_ENDPOINT}` });
  }
  return Object.freeze({
    token: values.token === undefined ? undefined : new Secret(values.token),
    endpoint: values.endpoint,
    region: values.region ?? DEFAULT_REGION,
    metadataEndpoint: values.metadata_api_endpoint ?? DEFAULT_METADATA_ENDPOINT,
    solver,
    sources: Object.freeze({ region: 'default', metadata_api_endpoint: 'default', ...sources }),
  });
}
