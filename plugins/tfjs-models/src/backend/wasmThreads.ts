import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

/** The branch of the pthread worker script that loads the main script from a Blob URL. */
const BLOB_BRANCH = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

/**
 * Makes tfjs-backend-wasm's multi-threaded build start under Node.js, which tfjs disables
 * (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE; tfjs issue 3830). Three obstacles, each
 * worked around for the duration of `init` only:
 *
 * 1. Emscripten starts pthread workers with `new Worker(blobUrl)`; Node's Worker rejects blob
 *    URLs. A Worker class is put on `globalThis` that runs the worker script (shipped in
 *    wasm-out/) with `eval: true`, after pointing its loader at the module file on disk instead
 *    of the Blob the main thread posts.
 * 2. The flag is forced on, so the threaded SIMD binary is chosen.
 * 3. The thread pool is sized by a C++ static initialiser as logical cores / 2 (1 on a 2-core
 *    machine) and setThreadsCount does not enlarge it, so `os.cpus()` reports 2 x threads
 *    while the module initialises.
 *
 * The pool pre-allocates 8 workers, more than the at most 4 threads the backend uses, so no
 * worker is created after `init` returns and the globals are restored then. Returns a reason
 * when the workaround cannot apply (e.g. another tfjs-backend-wasm build), else undefined.
 */
export async function withWasmThreads<T>(threads: number, init: () => Promise<T>): Promise<{ result: T } | { reason: string }> {
  let workerScript: string;
  let mainScript: string;
  try {
    mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
    const mod = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents?: string };
    workerScript = mod.wasmWorkerContents ?? '';
  } catch (err) {
    return { reason: `the threaded wasm build is not shipped with this tfjs-backend-wasm (${(err as Error).message})` };
  }
  if (!workerScript.includes(BLOB_BRANCH)) return { reason: 'the pthread worker script of this tfjs-backend-wasm version is not the one this workaround knows' };
  // The script is stored in a template literal whose "\n" escapes became real newlines.
  const code = workerScript.replace(/\n/g, '\\n').replace(BLOB_BRANCH, `importScripts(${JSON.stringify(mainScript)});`);
  class PthreadWorker extends NodeWorker {
    constructor(_url: unknown) {
      // No execArgv: loaders of the parent (tsx, vite-node) must not run in the pthread workers.
      super(code, { eval: true, execArgv: [] });
    }
  }
  const g = globalThis as Record<string, unknown>;
  const hadWorker = Object.prototype.hasOwnProperty.call(g, 'Worker');
  const previousWorker = g['Worker'];
  const realCpus = os.cpus;
  Object.defineProperty(g, 'Worker', { configurable: true, get: () => PthreadWorker, set: () => undefined });
  const cpu0 = realCpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu0 as os.CpuInfo);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  try {
    return { result: await init() };
  } finally {
    os.cpus = realCpus;
    delete g['Worker'];
    if (hadWorker) g['Worker'] = previousWorker;
  }
}
