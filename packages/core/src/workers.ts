import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

const BOOT = new URL('./workerBoot.mjs', import.meta.url);

/**
 * Starts a worker thread from a module URL, whether it is TypeScript source (workspace
 * development, tests, the `hqml` launcher) or built JavaScript. Node 20 does not pass
 * `--import tsx` or `--conditions` on to worker threads, so a `.ts` entry is started through a
 * small boot module that registers tsx and the `@hqml/source` condition, then imports it.
 * A boot failure surfaces as the worker's `error` event, like any worker error.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const file = fileURLToPath(url);
  if (!file.endsWith('.ts')) return new Worker(file, options);
  return new Worker(fileURLToPath(BOOT), { ...options, argv: [...(options.argv ?? []), `--hqml-worker-entry=${url.href}`] });
}

/** The number of threads to use by default: the `HQML_THREADS` variable, else all cores. */
export function defaultThreads(): number {
  const env = Number(process.env['HQML_THREADS']);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, availableParallelism());
}
