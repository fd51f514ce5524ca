import { ValidationError } from '@hqml/core';
import { Job, Queue } from 'bullmq';
import { type CellState, cellStates, countStates } from './cellStates.js';
import { checkRedis, openRedis, redisOptions } from './connection.js';
import { planJobIds } from './coordinator.js';
import { parseQueueUrl } from './redisUrl.js';
import { DEFAULT_QUEUE_NAME } from './sweepPlan.js';
import { SweepRecords, type SweepState } from './sweepRecords.js';

/** One sweep as `hqml sweep status` shows it. */
export interface SweepSummary {
  readonly id: string;
  readonly app: string;
  readonly title: string;
  readonly state: SweepState;
  readonly reason?: string;
  readonly runDir: string;
  readonly host: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Cells the coordinator sent to the queue (its other cells were finished before). */
  readonly cells: number;
  /** Cells by state (`completed` here means finished and not yet gathered by the coordinator). */
  readonly counts: Record<CellState['state'], number>;
}

/** What {@link sweepStatus} returns. */
export interface QueueStatus {
  readonly queue: string;
  readonly url: string;
  readonly sweeps: readonly SweepSummary[];
  /** Workers connected to the queue, by name. */
  readonly workers: readonly string[];
}

async function open(urlText: string, queueName: string) {
  const url = parseQueueUrl(urlText);
  await checkRedis(url);
  const redis = openRedis(url, 'client');
  const queue = new Queue(queueName, { connection: redisOptions(url, 'client') });
  queue.on('error', () => {});
  return { url, redis, queue, records: new SweepRecords(redis), close: async () => { await queue.close().catch(() => {}); redis.disconnect(); } };
}

/** The sweeps a queue knows (or one of them), with the state of their cells and the connected workers. */
export async function sweepStatus(urlText: string, id?: string, queueName = DEFAULT_QUEUE_NAME): Promise<QueueStatus> {
  const c = await open(urlText, queueName);
  try {
    const ids = await c.records.ids();
    if (id !== undefined && !ids.includes(id)) throw unknownSweep(id, ids);
    const sweeps: SweepSummary[] = [];
    for (const sid of id !== undefined ? [id] : ids) {
      const r = await c.records.get(sid);
      if (!r) continue;
      const states = r.state === 'done' ? new Map<string, CellState>() : await cellStates(c.queue, r.plan, r.plan.cells);
      const counts = countStates(states.values());
      if (r.state === 'done') counts.completed = r.plan.cells.length;
      sweeps.push({ id: r.id, app: r.app, title: r.title, state: r.state, ...(r.reason ? { reason: r.reason } : {}), runDir: r.runDir, host: r.host, createdAt: r.createdAt, updatedAt: r.updatedAt, cells: r.plan.cells.length, counts });
    }
    // BullMQ names a worker's connections `<queue client name>:w:<worker name>` (two each: one blocking).
    const workers = [...new Set((await c.queue.getWorkers()).map((w) => String(w['rawname'] ?? '').split(':w:')[1] ?? `unnamed (${w['addr'] ?? '?'})`))].sort();
    return { queue: queueName, url: c.url.display, sweeps, workers };
  } finally {
    await c.close();
  }
}

function unknownSweep(id: string, ids: readonly string[]): ValidationError {
  return new ValidationError({ what: `No sweep "${id}" on this queue`, why: ids.length ? `its sweeps are: ${ids.join(', ')}` : 'it has no sweeps', fix: 'Use an id that `hqml sweep status --queue URL` lists' });
}

/**
 * Cancels a sweep: marks it cancelled (its coordinator stops with a message; workers fail its
 * running cells at their next epoch and take none of its jobs), and removes its jobs that wait.
 * Finished, not yet gathered cells are kept, so running the coordinator again gathers them.
 */
export async function cancelSweep(urlText: string, id: string, queueName = DEFAULT_QUEUE_NAME): Promise<{ removed: number; running: number }> {
  const c = await open(urlText, queueName);
  try {
    const r = await c.records.get(id);
    if (!r) throw unknownSweep(id, await c.records.ids());
    await c.records.setState(id, 'cancelled', 'cancelled by hqml sweep cancel');
    let removed = 0, running = 0;
    for (const jid of planJobIds(r.plan)) {
      const job = await Job.fromId(c.queue, jid);
      if (!job) continue;
      const s = await job.getState();
      if (s === 'active') running++;
      else if (s !== 'completed') {
        await job.remove().then(() => removed++, () => {});
      }
    }
    return { removed, running };
  } finally {
    await c.close();
  }
}
