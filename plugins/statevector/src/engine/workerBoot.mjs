// Boots the TypeScript worker in workspace (source) mode. Node 20 applies neither `--import tsx`
// nor `--conditions` to worker threads, so the worker registers the `@hqml/source` condition and
// tsx itself before importing worker.ts. A failure is reported through the ready flags at once,
// so the main thread does not wait for a worker that will never start. Built packages start
// dist/engine/worker.js directly and never load this file.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';

try {
  register('./sourceConditions.mjs', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  await import('./worker.ts');
} catch (err) {
  workerData.port.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) });
  Atomics.store(workerData.ready, workerData.t, 2);
  Atomics.notify(workerData.ready, workerData.t);
}
