import type { Circuit } from '@hqml/core/browser';
import { executeJob, type JobSpec } from './job.js';
import { Sim, SOLO } from './sim.js';
import type { JobRunner } from '../platform.js';

/** Runs every job on the calling thread (where there are no worker threads: a browser page). */
export class SoloRunner implements JobRunner {
  private readonly sim = new Sim();

  run(spec: JobSpec, local: Circuit): void {
    executeJob({ ...spec, mode: 'solo' }, this.sim, SOLO, 0, 1, local);
  }

  available(): boolean {
    return false;
  }

  dispose(): void {}
}
