/**
 * Worker-thread entry: runs {@link Job}s posted by the pool and posts back their results.
 * It imports only the kernels (no core), so it starts fast.
 */
import { parentPort } from 'node:worker_threads';
import { type Job, runJob } from './job.js';

const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: { id: number; job: Job }) => {
    try {
      const result = runJob(job);
      port.postMessage({ id, ok: true, result }, [result.samples.buffer as ArrayBuffer, result.indices.buffer as ArrayBuffer]);
    } catch (err) {
      port.postMessage({ id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
    }
  });
}
