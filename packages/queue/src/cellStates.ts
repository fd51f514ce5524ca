import { Job, type Queue } from 'bullmq';
import type { PlannedCell, SweepPlan } from './sweepPlan.js';

/** Progress a worker reports for a running cell (after each epoch). */
export interface CellProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Training samples of one epoch. */
  readonly samples: number;
  readonly worker: string;
}

/** Where a planned cell stands in the queue. */
export type CellState =
  | { readonly state: 'completed'; readonly result: unknown; readonly worker?: string; readonly seconds?: number }
  | { readonly state: 'failed'; readonly reason: string; readonly attempts: number }
  | { readonly state: 'active'; readonly progress?: CellProgress; readonly attempt: number }
  | { readonly state: 'retrying'; readonly reason: string; readonly attempts: number }
  | { readonly state: 'queued' }
  | { readonly state: 'waiting-teacher' }
  | { readonly state: 'missing' };

function progressOf(p: unknown): CellProgress | undefined {
  return p && typeof p === 'object' && typeof (p as CellProgress).epoch === 'number' ? (p as CellProgress) : undefined;
}

/**
 * The states of `cells` of a sweep's plan, read from the queue: a cell's job when it exists, else
 * its gate (waiting for its teachers, or failed with them; then the reason is the failing
 * artefact's), else `missing` (removed, or lost by a Redis that restarted without its data).
 */
export async function cellStates(queue: Queue, plan: SweepPlan, cells: readonly PlannedCell[]): Promise<Map<string, CellState>> {
  const out = new Map<string, CellState>();
  const gateCache = new Map<string, Promise<CellState>>();
  const gateState = (gateId: string): Promise<CellState> => {
    let p = gateCache.get(gateId);
    if (!p) {
      p = (async (): Promise<CellState> => {
        const s = await queue.getJobState(gateId);
        if (s === 'unknown') return { state: 'missing' };
        const g = await Job.fromId(queue, gateId);
        if (!g) return { state: 'missing' };
        // A gate that ran has enqueued its cells: a cell of it that is not in the queue was lost.
        if (s === 'completed') return { state: 'missing' };
        if (s !== 'failed') return { state: 'waiting-teacher' };
        // The reason is the artefact's, not BullMQ's "child ... failed".
        for (const a of plan.gates.find((x) => x.jobId === gateId)?.artefacts ?? []) {
          const aj = await Job.fromId(queue, a);
          if (aj && (await aj.getState()) === 'failed') {
            const label = plan.artefacts.find((x) => x.jobId === a)?.label ?? a;
            return { state: 'failed', reason: `its teacher ${label} could not be built: ${aj.failedReason}`, attempts: aj.attemptsMade };
          }
        }
        return { state: 'failed', reason: `its teachers could not be built: ${g.failedReason}`, attempts: g.attemptsMade };
      })();
      gateCache.set(gateId, p);
    }
    return p;
  };
  await Promise.all(
    cells.map(async (c) => {
      // The state first, then the job: a job read before its state could be one that finished in between, without its result.
      const s = await queue.getJobState(c.jobId);
      const job = s === 'unknown' ? undefined : await Job.fromId(queue, c.jobId);
      if (!job) {
        out.set(c.id, c.gate ? await gateState(c.gate) : { state: 'missing' });
        return;
      }
      switch (s) {
        case 'completed':
          if (job.returnvalue === null || job.returnvalue === undefined) {
            out.set(c.id, { state: 'active', attempt: job.attemptsMade });
            return;
          }
          out.set(c.id, { state: 'completed', result: job.returnvalue, ...(job.processedBy ? { worker: job.processedBy } : {}), ...(job.processedOn && job.finishedOn ? { seconds: (job.finishedOn - job.processedOn) / 1000 } : {}) });
          return;
        case 'failed':
          out.set(c.id, { state: 'failed', reason: job.failedReason, attempts: job.attemptsMade });
          return;
        case 'active': {
          const progress = progressOf(job.progress);
          out.set(c.id, { state: 'active', attempt: job.attemptsMade + 1, ...(progress ? { progress } : {}) });
          return;
        }
        case 'delayed':
          out.set(c.id, job.attemptsMade > 0 ? { state: 'retrying', reason: job.failedReason, attempts: job.attemptsMade } : { state: 'queued' });
          return;
        case 'unknown':
          out.set(c.id, { state: 'missing' });
          return;
        default:
          out.set(c.id, { state: 'queued' });
      }
    }),
  );
  return out;
}

/** Counts of states, in display order. */
export function countStates(states: Iterable<CellState>): Record<CellState['state'], number> {
  const n: Record<CellState['state'], number> = { completed: 0, active: 0, queued: 0, 'waiting-teacher': 0, retrying: 0, failed: 0, missing: 0 };
  for (const s of states) n[s.state]++;
  return n;
}
