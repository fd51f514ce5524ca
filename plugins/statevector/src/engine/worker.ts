/**
 * Entry point of a statevector worker thread: runs its share of each job it is posted and
 * reports completion through the job's shared control words.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { executeJob } from './job.js';
import type { WorkerJob } from './pool.js';
import { Sim, SOLO } from './sim.js';
import { CTL_DONE, CTL_ERROR, PeerFailedError, SharedTeam } from './team.js';

const { port, ready, t: self } = workerData as { port: MessagePort; ready: Int32Array; t: number };
const sim = new Sim();

parentPort!.on('message', (job: WorkerJob) => {
  const { spec, t, T, ctl, scratch, shared } = job;
  try {
    const team = spec.mode === 'team' ? new SharedTeam(t, T, ctl, scratch) : SOLO;
    executeJob(spec, spec.mode === 'team' ? new Sim(team, shared) : sim, team, t, T);
    Atomics.store(ctl, CTL_DONE + t, 1);
  } catch (err) {
    if (!(err instanceof PeerFailedError)) port.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) });
    Atomics.store(ctl, CTL_ERROR, 1);
    Atomics.store(ctl, CTL_DONE + t, 2);
  }
  Atomics.notify(ctl, CTL_DONE + t);
});

Atomics.store(ready, self, 1);
Atomics.notify(ready, self);
