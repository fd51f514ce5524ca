import type { Worker } from 'node:worker_threads';
import { HqmlError, startWorker } from '@hqml/core';
import type { Job, JobResult } from './job.js';

type Reply = { id: number; ok: true; result: JobResult } | { id: number; ok: false; error: string };

/** The worker module next to this one: `.ts` in source mode (core's startWorker boots it), `.js` when built. */
const WORKER_URL = new URL(`./annealWorker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/**
 * A small pool of annealing worker threads, started on first use and kept for later calls.
 *
 * Design note: idle workers are `unref`'d so a forgotten `dispose()` does not keep a process
 * alive; a worker is `ref`'d while it runs a job, because an awaited reply from an unref'd
 * worker would let Node exit with the promise pending.
 */
export class WorkerPool {
  private workers: Worker[] = [];
  /** Tags jobs so that concurrent `run` calls sharing a worker each get their own reply. */
  private nextId = 1;
  private busy = new Map<Worker, number>();

  /** Runs one job per worker (jobs.length workers are started as needed) and gathers results. */
  async run(jobs: readonly Job[]): Promise<JobResult[]> {
    while (this.workers.length < jobs.length) {
      const w = startWorker(WORKER_URL);
      w.unref();
      this.workers.push(w);
    }
    return Promise.all(jobs.map((job, k) => this.runOn(this.workers[k]!, job)));
  }

  private runOn(worker: Worker, job: Job): Promise<JobResult> {
    const id = this.nextId++;
    return new Promise<JobResult>((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        const left = (this.busy.get(worker) ?? 1) - 1;
        this.busy.set(worker, left);
        if (left === 0) worker.unref();
      };
      const onMessage = (reply: Reply): void => {
        if (reply.id !== id) return;
        cleanup();
        if (reply.ok) resolve(reply.result);
        else reject(new HqmlError({ what: 'An annealing worker failed', why: reply.error }));
      };
      const onError = (err: Error): void => {
        cleanup();
        this.forget(worker);
        reject(new HqmlError({ what: 'An annealing worker crashed', why: err.message, cause: err }));
      };
      const onExit = (code: number): void => {
        cleanup();
        this.forget(worker);
        reject(new HqmlError({ what: `An annealing worker exited with code ${code}`, why: 'it stopped before replying', fix: 'Retry; if it persists, run with numThreads: 1 to see the error in-thread' }));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  private forget(worker: Worker): void {
    this.workers = this.workers.filter((w) => w !== worker);
  }

  /** Terminates all workers. */
  async dispose(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
