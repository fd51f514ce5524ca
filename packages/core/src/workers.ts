import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';

/**
 * Starts a worker thread from a module URL, whether it is TypeScript source (workspace
 * development, tests) or built JavaScript. For `.ts` files the worker loads `tsx` so it can
 * import TypeScript, and the `@hqml/source` condition so workspace imports resolve to sources.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const file = fileURLToPath(url);
  const execArgv = [...(options.execArgv ?? process.execArgv)];
  if (file.endsWith('.ts')) {
    if (!execArgv.some((a) => a.includes('tsx'))) execArgv.push('--import', 'tsx');
    if (!execArgv.some((a) => a.includes('@hqml/source'))) execArgv.push('--conditions=@hqml/source');
  }
  return new Worker(file, { ...options, execArgv });
}

/** The number of threads to use by default: the `HQML_THREADS` variable, else all cores. */
export function defaultThreads(): number {
  const env = Number(process.env['HQML_THREADS']);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, availableParallelism());
}
