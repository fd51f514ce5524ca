import { MessageChannel, type MessagePort, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import { type Circuit, HqmlError, startWorker } from '@hqml/core';
import { executeJob, type JobSpec } from './job.js';
import { type SharedBuffers, Sim, SOLO } from './sim.js';
import { CTL_DONE, CTL_ERROR, SharedTeam } from './team.js';

/** Capacity (per thread) of the scratch used by team sums. */
const SCRATCH = 1024;

interface Member {
  readonly worker: Worker;
  readonly port: MessagePort;
}

/** The message a worker receives for one job. */
export interface WorkerJob {
  readonly spec: JobSpec;
  readonly t: number;
  readonly T: number;
  readonly ctl: Int32Array;
  readonly scratch: Float64Array;
  readonly shared: SharedBuffers | null;
}

const SOURCE_MODE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(SOURCE_MODE ? './workerBoot.mjs' : './worker.js', import.meta.url);
const WORKER_ARGV = process.execArgv;

/**
 * Runs jobs on the main thread plus `threads - 1` worker threads, synchronously: the main thread
 * posts the job, does its own share, then blocks on `Atomics.wait` until every worker has set its
 * done flag. This keeps the QuantumBackend contract synchronous (a TF.js gradient tape needs
 * the value at once) while both cores work.
 */
export class WorkerPool {
  private members: Member[] = [];
  private started = false;
  private readonly mainSim = new Sim();

  constructor(readonly threads: number) {}

  /** Starts the workers (once) and waits until each has loaded; false if they could not start. */
  private start(): boolean {
    if (this.started) return this.members.length === this.threads - 1;
    this.started = true;
    const ready = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, this.threads)));
    try {
      for (let t = 1; t < this.threads; t++) {
        const { port1, port2 } = new MessageChannel();
        const worker = startWorker(WORKER_URL, { workerData: { port: port2, ready, t }, transferList: [port2], execArgv: WORKER_ARGV });
        // An error event is only seen once this thread is idle again; keep it from crashing the process.
        worker.on('error', (err) => process.emitWarning(`@hqml/statevector worker ${t}: ${String(err)}`));
        worker.unref();
        port1.unref();
        this.members.push({ worker, port: port1 });
      }
      const deadline = Date.now() + 30_000;
      for (let t = 1; t < this.threads; t++) {
        while (Atomics.load(ready, t) === 0) {
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`worker ${t} did not start within 30 s`);
          Atomics.wait(ready, t, 0, Math.min(left, 200));
        }
        if (Atomics.load(ready, t) === 2) {
          const msg = receiveMessageOnPort(this.members[t - 1]!.port);
          throw new Error(`worker ${t} failed to load: ${String((msg?.message as { error?: string } | undefined)?.error ?? 'unknown error')}`);
        }
      }
      return true;
    } catch (err) {
      this.dispose();
      process.emitWarning(`@hqml/statevector: worker threads unavailable (${String(err)}); running on one thread`);
      return false;
    }
  }

  /** Whether jobs can use more than one thread. */
  available(): boolean {
    return this.threads > 1 && this.start();
  }

  /** Runs a job on all threads (or on this one for `solo`). */
  run(spec: JobSpec, local: Circuit, shared: SharedBuffers | null): void {
    if (spec.mode === 'solo' || !this.available()) {
      executeJob({ ...spec, mode: 'solo' }, this.mainSim, SOLO, 0, 1, local);
      return;
    }
    const T = this.threads;
    const ctl = new Int32Array(new SharedArrayBuffer(4 * (CTL_DONE + T)));
    const scratch = new Float64Array(new SharedArrayBuffer(8 * T * SCRATCH));
    this.members.forEach((m, i) => m.worker.postMessage({ spec, t: i + 1, T, ctl, scratch, shared } satisfies WorkerJob));
    const team = spec.mode === 'team' ? new SharedTeam(0, T, ctl, scratch) : SOLO;
    const sim = spec.mode === 'team' ? new Sim(team, shared) : this.mainSim;
    let failure: unknown = null;
    try {
      executeJob(spec, sim, team, 0, T, local);
    } catch (err) {
      failure = err;
      Atomics.store(ctl, CTL_ERROR, 1);
    }
    if (failure === null && spec.batchEngine && spec.next && this.chunksDone(spec, ctl)) return;
    for (let t = 1; t < T; t++) {
      while (Atomics.load(ctl, CTL_DONE + t) === 0) Atomics.wait(ctl, CTL_DONE + t, 0, 1000);
      if (Atomics.load(ctl, CTL_DONE + t) === 2 && failure === null) {
        const msg = receiveMessageOnPort(this.members[t - 1]!.port);
        failure = new HqmlError({ what: `Worker thread ${t} failed: ${String((msg?.message as { error?: string } | undefined)?.error ?? 'unknown error')}`, why: 'the simulation could not finish' });
      }
    }
    if (failure !== null) throw failure;
  }

  /**
   * Batch-engine jobs: waits until every chunk is done (true), not for every worker to have
   * seen the job: a worker that wakes late finds no chunk left and only sets its done flag.
   * False when a thread failed (the caller then collects the error through the done flags).
   */
  private chunksDone(spec: JobSpec, ctl: Int32Array): boolean {
    const next = spec.next!;
    const chunks = Math.ceil(spec.rows / spec.chunkRows);
    for (;;) {
      if (Atomics.load(ctl, CTL_ERROR) !== 0) return false;
      const done = Atomics.load(next, 1);
      if (done >= chunks) return true;
      Atomics.wait(next, 1, done, 50);
    }
  }

  /** Terminates the workers. */
  dispose(): void {
    for (const m of this.members) {
      void m.worker.terminate();
      m.port.close();
    }
    this.members = [];
  }
}
