import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core registers no gradient functions itself; tfjs-layers' entry point registers them all
// (in both its ESM and Node builds), and every training path here needs them.
import '@tensorflow/tfjs-layers';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { UnsupportedError, ValidationError, describeValue } from '@hqml/core';
import { registerWasmGradientKernels } from './kernels/registerWasmKernels.js';
import { withWasmThreads } from './wasmThreads.js';

/** The TF.js backends hqml knows, fastest first: native libtensorflow, WebAssembly, plain JS. */
export const TFJS_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/** A TF.js backend name (`tensorflow` is what `@tensorflow/tfjs-node` registers). */
export type TfjsBackendName = (typeof TFJS_BACKENDS)[number];

/** What to ask for: a backend, or `auto` for the fastest one that loads. */
export type TfjsBackendPreference = 'auto' | TfjsBackendName;

/** The environment variable that overrides the configured backend. */
export const BACKEND_ENV = 'HQML_TFJS_BACKEND';

/** The environment variable that sets the wasm thread count when no option does. */
export const THREADS_ENV = 'HQML_TFJS_THREADS';

/** Options of {@link initTfjsBackend}. */
export interface TfjsBackendOptions {
  /** Which backend; `HQML_TFJS_BACKEND` takes precedence over it. Default `auto`. */
  readonly backend?: TfjsBackendPreference;
  /**
   * Threads for the wasm backend; default `HQML_TFJS_THREADS`, else 1. More than 1 starts the
   * threaded wasm build under Node through {@link withWasmThreads}. Takes effect only when the
   * wasm backend is first initialised in the process.
   */
  readonly threads?: number;
}

/** The outcome of {@link initTfjsBackend}. */
export interface TfjsBackendInfo {
  /** The backend in use. */
  readonly name: TfjsBackendName;
  /** What was asked for, and where the request came from. */
  readonly requested: TfjsBackendPreference;
  readonly source: 'env' | 'option' | 'default';
  /** Threads the backend computes with. */
  readonly threads: number;
  /** Gradient kernels hqml registered for this backend (wasm only). */
  readonly fastKernels: readonly string[];
  /** Backends tried before this one, with the reason they were skipped. */
  readonly skipped: ReadonlyArray<{ readonly name: TfjsBackendName; readonly reason: string }>;
  /** Free-text notes (SIMD, threads). */
  readonly notes: readonly string[];
}

let current: TfjsBackendInfo | undefined;
let nodeProbe: Promise<string | undefined> | undefined;

function isBackendName(v: string): v is TfjsBackendName {
  return (TFJS_BACKENDS as readonly string[]).includes(v);
}

/** Parses a preference (from config or the environment), with an error listing the allowed values. */
export function parseBackendPreference(value: unknown, source = 'backend'): TfjsBackendPreference {
  if (value === 'auto' || (typeof value === 'string' && isBackendName(value))) return value as TfjsBackendPreference;
  throw new ValidationError({
    what: `${source} is ${describeValue(value)}`,
    why: `allowed values are auto, ${TFJS_BACKENDS.join(', ')}`,
    fix: `Use one of them, e.g. ${BACKEND_ENV}=wasm`,
  });
}

/**
 * Loads `@tensorflow/tfjs-node` if it is installed; resolves to undefined on success or to the
 * reason it is unavailable. It is an optional peer: it cannot be installed where libtensorflow
 * cannot be downloaded, so it is imported by a name the bundler and type checker do not follow.
 */
export function probeTfjsNode(): Promise<string | undefined> {
  nodeProbe ??= (async () => {
    const name = '@tensorflow/tfjs-node';
    try {
      createRequire(import.meta.url).resolve(name);
    } catch {
      return `${name} is not installed`;
    }
    try {
      await import(name);
    } catch (err) {
      const msg = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
      return /Cannot find (package|module)/.test(msg) ? '@tensorflow/tfjs-node is not installed' : `@tensorflow/tfjs-node failed to load: ${msg}`;
    }
    if (!tf.findBackendFactory('tensorflow')) {
      return '@tensorflow/tfjs-node loaded but registered its backend with another copy of @tensorflow/tfjs-core (install matching versions)';
    }
    return undefined;
  })();
  return nodeProbe;
}

const threadNotes: string[] = [];

async function tryBackend(name: TfjsBackendName, threads: number): Promise<string | undefined> {
  if (name === 'tensorflow') {
    const why = await probeTfjsNode();
    if (why) return why;
  }
  const setIt = async (): Promise<string | undefined> => {
    try {
      const ok = await tf.setBackend(name);
      return ok ? undefined : `tf.setBackend("${name}") failed`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const firstWasmInit = name === 'wasm' && !(tf.engine() as unknown as { registry: Record<string, unknown> }).registry['wasm'];
  if (firstWasmInit && threads > 1) {
    setThreadsCount(threads);
    const r = await withWasmThreads(threads, setIt);
    if ('result' in r && r.result === undefined) return undefined;
    threadNotes.push(`threaded wasm failed (${'reason' in r ? r.reason : r.result}); running on 1 thread`);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
    return setIt();
  }
  return setIt();
}

function resolveThreads(option: number | undefined): number {
  const env = process.env[THREADS_ENV];
  const value = option ?? (env ? Number(env) : 1);
  if (!Number.isInteger(value) || value < 1 || value > 16) {
    throw new ValidationError({ what: `threads is ${describeValue(option ?? env)}${option === undefined ? ` (from ${THREADS_ENV})` : ''}`, why: 'it must be an integer from 1 to 16', fix: 'Pass threads: 1 or 2 (the number of cores)' });
  }
  return value;
}

/**
 * Chooses and initialises the TF.js backend for this process: `HQML_TFJS_BACKEND`, else
 * `options.backend`, else `auto` (tensorflow > wasm > cpu, the first that loads). On wasm it
 * registers hqml's fast gradient kernels. An explicitly requested backend that fails is an error
 * (no silent fallback). Calling it again with the same request returns the same info.
 */
export async function initTfjsBackend(options: TfjsBackendOptions = {}): Promise<TfjsBackendInfo> {
  const env = process.env[BACKEND_ENV];
  const source: TfjsBackendInfo['source'] = env ? 'env' : options.backend ? 'option' : 'default';
  const requested = env ? parseBackendPreference(env, BACKEND_ENV) : parseBackendPreference(options.backend ?? 'auto', 'backend option');
  const threads = resolveThreads(options.threads);
  if (current && (current.requested === requested || current.name === requested) && tf.getBackend() === current.name) return current;

  const order: TfjsBackendName[] = requested === 'auto' ? [...TFJS_BACKENDS] : [requested];
  const skipped: Array<{ name: TfjsBackendName; reason: string }> = [];
  for (const name of order) {
    const why = await tryBackend(name, threads);
    if (why) {
      skipped.push({ name, reason: why });
      continue;
    }
    const notes: string[] = [];
    let actualThreads = 1;
    let fastKernels: string[] = [];
    if (name === 'wasm') {
      fastKernels = registerWasmGradientKernels();
      actualThreads = getThreadsCount();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const mt = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      notes.push(`SIMD ${simd ? 'on' : 'off'}`);
      notes.push(mt ? `threaded wasm build (${actualThreads} threads)` : `single-threaded wasm build${threads > 1 ? '' : ` (set ${THREADS_ENV}=2 to use the threaded build)`}`);
      notes.push(...threadNotes);
    }
    current = Object.freeze({ name, requested, source, threads: actualThreads, fastKernels: Object.freeze(fastKernels), skipped: Object.freeze(skipped), notes: Object.freeze(notes) });
    return current;
  }
  const detail = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new UnsupportedError({
    what: `No TF.js backend could be initialised for request "${requested}"${source === 'env' ? ` (from ${BACKEND_ENV})` : ''}`,
    why: detail,
    fix: requested === 'tensorflow' ? 'Install @tensorflow/tfjs-node, or use backend "wasm"' : `Use backend "auto", or unset ${BACKEND_ENV}`,
  });
}

/** The backend chosen by the last {@link initTfjsBackend}, if any. */
export function currentTfjsBackend(): TfjsBackendInfo | undefined {
  return current && tf.getBackend() === current.name ? current : undefined;
}
