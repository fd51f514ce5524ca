import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { rm } from 'node:fs/promises';
import { HqmlError, ResourceError, ValidationError, writeFileAtomic } from '@hqml/core';
import { type CellSpec, type CellStore, type ProgressSink, type RunCellsResult, type StoredCell, stderrSink } from '@hqml/experiment';
import { FlowProducer, Job, Queue } from 'bullmq';
import { type CellState, cellStates } from './cellStates.js';
import { checkRedis, openRedis, redisOptions } from './connection.js';
import { type QueueUrl, parseQueueUrl, redactor } from './redisUrl.js';
import type { ArtefactNeed } from './sweepApp.js';
import { DEFAULT_QUEUE_NAME, type PlannedCell, type RetryPolicy, type SweepPlan, cellJob, planSweep, sweepIdOf } from './sweepPlan.js';
import { SweepProgress } from './sweepProgress.js';
import { SweepRecords } from './sweepRecords.js';
import type { QueueSettings } from './settings.js';

/** Options of {@link runCellsOnQueue}. */
export interface QueueRunOptions<S, R> extends QueueSettings {
  /** The id of the app plugin (kind `app`) whose {@link SweepApp} the workers run (`kd`, ...). */
  readonly app: string;
  readonly title: string;
  /** The app's config as plain JSON: what every worker composes. */
  readonly config: unknown;
  readonly cells: readonly CellSpec<S>[];
  readonly store: CellStore<R>;
  /** The artefacts (teachers) a cell needs built before it runs. */
  readonly needs?: (cell: CellSpec<S>) => readonly ArtefactNeed[];
  /** A cell's training work (samples x epochs), for the ETA. */
  readonly work?: (cell: CellSpec<S>) => number;
  readonly sink?: ProgressSink | null;
}

/** A cell that failed for good, with its error. */
export interface FailedCell {
  readonly id: string;
  readonly reason: string;
  readonly attempts: number;
}

/** What {@link runCellsOnQueue} returns: {@link runCells}' result plus the sweep id. */
export interface QueueRunResult<R> extends RunCellsResult<R> {
  readonly sweep: string;
}

/**
 * Runs a plan's cells on BullMQ workers instead of in this process, with the contract of
 * experiment's `runCells`: cells with a stored result under their key are reused; the others
 * are enqueued as jobs whose ids are their keys (so a coordinator started again re-attaches to
 * the jobs in flight instead of adding duplicates), teachers first (see {@link planSweep});
 * their results are gathered into the run directory's cell store as they finish, with one
 * progress line for the whole sweep. A job that fails is retried with exponential backoff up to
 * `attempts` times; cells that still fail do not stop the others: once nothing else is pending,
 * they are listed in `<runDir>/failed-cells.json` and the run ends with an error naming them
 * (running the command again retries them). When Redis becomes unreachable the coordinator waits
 * for it up to `redisTimeoutMs`, then stops with an error; jobs that a restarted Redis lost are
 * enqueued again.
 */
export async function runCellsOnQueue<S, R>(o: QueueRunOptions<S, R>): Promise<QueueRunResult<R>> {
  const url = parseQueueUrl(o.url);
  const hide = redactor(url);
  const retry: RetryPolicy = { attempts: o.attempts ?? 3, backoffMs: o.backoffMs ?? 10_000 };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) throw new ValidationError({ what: `--attempts is ${retry.attempts}`, why: 'it counts the tries of each job', fix: 'Pass a whole number >= 1, e.g. --attempts 3' });
  if (!(retry.backoffMs >= 0)) throw new ValidationError({ what: `--backoff is ${retry.backoffMs}`, why: 'it is the first retry delay in milliseconds', fix: 'Pass e.g. --backoff 10000' });
  const sink = o.sink === undefined ? stderrSink() : o.sink;
  const out: ProgressSink = sink ?? { write: () => {}, isTTY: false };
  const runDir = resolve(o.store.runDir);
  const sweep = sweepIdOf(runDir, hostname());
  const work = o.work ?? (() => 1);

  // The store first, as runCells does: a finished cell is never sent to the queue again.
  const results = new Map<string, StoredCell<R>>();
  let cellsReused = 0, cellsStale = 0;
  const pending: Array<CellSpec<S>> = [];
  const notes: string[] = [];
  for (const c of o.cells) {
    const found = await o.store.read(c);
    if (found.status === 'done') {
      results.set(c.id, found.cell);
      cellsReused++;
    } else {
      if (found.status === 'stale') cellsStale++;
      if (found.status === 'unreadable') notes.push(`cell ${c.id}: the stored result is unreadable (${found.error}); running it again`);
      pending.push(c);
    }
  }
  const progress = new SweepProgress(out, sweep, new Map(o.cells.map((c) => [c.id, { id: c.id, name: `${c.experiment} ${c.condition} s${c.seed}`, work: work(c) }])));
  for (const n of notes) progress.note(n);
  if (cellsReused > 0) progress.note(`resuming ${runDir}: ${cellsReused} of ${o.cells.length} cells already finished`);
  if (cellsStale > 0) progress.note(`${cellsStale} stored cell(s) were computed with other settings and run again`);
  if (pending.length === 0) return { sweep, results, cellsRun: 0, cellsReused, cellsStale };

  await checkRedis(url);
  const queueName = o.queueName ?? DEFAULT_QUEUE_NAME;
  const redis = openRedis(url, 'client', { connectionName: `hqml-coordinator-${sweep}` });
  const connection = redisOptions(url, 'client');
  const queue = new Queue(queueName, { connection });
  const flows = new FlowProducer({ connection });
  queue.on('error', () => {});
  flows.on('error', () => {});
  const records = new SweepRecords(redis);
  const byId = new Map(pending.map((c) => [c.id, c]));
  const { plan, flows: trees, jobs } = planSweep(sweep, pending, (c) => o.needs?.(c as CellSpec<S>) ?? [], retry, queueName);
  let cellsRun = 0;
  try {
    const previous = await records.get(sweep);
    if (previous) progress.note(`sweep ${sweep} exists in Redis (${previous.state}); re-attaching to its jobs`);
    await removeLeftovers(queue, previous?.plan, plan);
    const enqueue = async () => {
      const now = new Date().toISOString();
      await records.save({ id: sweep, app: o.app, title: o.title, config: o.config, runDir, host: hostname(), state: 'running', createdAt: previous?.createdAt ?? now, updatedAt: now, plan });
      // All idempotent: a job id that exists (in flight, or finished and not yet gathered) is not added again.
      if (trees.length) await flows.addBulk(trees);
      if (jobs.length) await queue.addBulk(jobs);
      // A gate that already ran does not run again: its cells that are not in the queue (failed and
      // removed above, or lost) are added directly, their teachers being built.
      const gated = plan.cells.filter((p) => p.gate !== undefined);
      const gateDone = new Map<string, boolean>();
      for (const g of new Set(gated.map((p) => p.gate!))) gateDone.set(g, (await (await Job.fromId(queue, g))?.getState()) === 'completed');
      const direct = [];
      for (const p of gated) if (gateDone.get(p.gate!) && !(await Job.fromId(queue, p.jobId))) direct.push(cellJob(sweep, byId.get(p.id)!, retry));
      if (direct.length) await queue.addBulk(direct);
    };
    await enqueue();
    progress.note(`sweep ${sweep}: ${pending.length} cell(s) on ${url.display} (queue ${queueName}); start workers with: hqml worker --queue ${url.display}`);

    const unresolved = new Map<string, PlannedCell>(plan.cells.map((p) => [p.id, p]));
    const failed: FailedCell[] = [];
    // Each poll reads every unfinished job: a large sweep is polled less often (1 s up to 100 cells, at most 5 s).
    const pollMs = o.pollMs ?? Math.min(5000, Math.max(1000, pending.length * 10));
    const redisTimeoutMs = o.redisTimeoutMs ?? 120_000;
    let lostSince: number | undefined;
    let missingRounds = 0;
    const told = new Map<string, string>();
    while (unresolved.size > 0) {
      let states: Map<string, CellState>;
      try {
        const state = await records.state(sweep);
        if (state === 'cancelled') {
          throw new HqmlError({ what: `Sweep ${sweep} was cancelled (hqml sweep cancel)`, why: `${unresolved.size} of ${o.cells.length} cells did not finish`, fix: `The finished cells are kept in ${runDir}; run the same command again to continue` });
        }
        if (state === null) {
          // The record is gone: Redis restarted without its data (or someone deleted it). Enqueue again.
          progress.note(`sweep ${sweep} is no longer in Redis (restarted without its data?); enqueueing its ${unresolved.size} pending cell(s) again`);
          await enqueue();
        }
        states = await cellStates(queue, plan, [...unresolved.values()]);
        if (lostSince !== undefined) {
          progress.note(`Redis at ${url.display} is reachable again`);
          lostSince = undefined;
        }
      } catch (e) {
        if (e instanceof HqmlError) throw e;
        const now = Date.now();
        if (lostSince === undefined) {
          lostSince = now;
          progress.note(`Redis at ${url.display} does not answer (${hide((e as Error).message)}); waiting up to ${Math.round(redisTimeoutMs / 1000)} s for it`);
        } else if (now - lostSince > redisTimeoutMs) {
          throw new ResourceError({ what: `Lost Redis at ${url.display} for ${Math.round((now - lostSince) / 1000)} s (${hide((e as Error).message)})`, why: `the sweep's jobs and results live there; ${unresolved.size} cell(s) were not finished`, fix: `The finished cells are kept in ${runDir}; when Redis is back, run the same command again (it re-attaches to the jobs Redis kept)`, cause: e });
        }
        await sleep(pollMs);
        continue;
      }
      let missing = 0;
      for (const [id, s] of states) {
        const cell = byId.get(id)!;
        if (s.state === 'completed') {
          results.set(id, await o.store.write(cell, s.result as R));
          unresolved.delete(id);
          progress.finished(id);
          cellsRun++;
          progress.note(`cell ${id} finished${s.worker ? ` on ${s.worker}` : ''}${s.seconds !== undefined ? ` (${s.seconds.toFixed(0)} s)` : ''}`);
        } else if (s.state === 'failed') {
          failed.push({ id, reason: hide(s.reason), attempts: s.attempts });
          unresolved.delete(id);
          progress.note(`cell ${id} failed${s.attempts ? ` after ${s.attempts} attempt(s)` : ''}: ${hide(s.reason)}`);
        } else if (s.state === 'retrying' && told.get(id) !== `retry ${s.attempts}`) {
          told.set(id, `retry ${s.attempts}`);
          progress.note(`cell ${id} failed attempt ${s.attempts} of ${retry.attempts} (${hide(s.reason)}); retrying`);
        } else if (s.state === 'missing') {
          missing++;
        }
      }
      if (missing > 0 && unresolved.size > 0) {
        // Lost by a Redis restart, or removed by hand: enqueued again (a few times, then reported).
        if (++missingRounds > 5) {
          for (const [id, s] of states) {
            if (s.state !== 'missing' || !unresolved.has(id)) continue;
            failed.push({ id, reason: 'its job kept disappearing from Redis (removed while the sweep ran?)', attempts: 0 });
            unresolved.delete(id);
          }
        } else {
          progress.note(`${missing} pending cell(s) are not in Redis (lost by a restart, or removed); enqueueing them again`);
          await enqueue();
        }
      } else {
        missingRounds = 0;
      }
      progress.show(progress.line(new Map([...states].filter(([id]) => unresolved.has(id))), results.size, o.cells.length));
      if (unresolved.size > 0) await sleep(pollMs);
    }
    progress.clear();
    const failedFile = join(runDir, 'failed-cells.json');
    if (failed.length > 0) {
      await writeFileAtomic(failedFile, `${JSON.stringify({ sweep, failed }, null, 2)}\n`);
      await records.setState(sweep, 'failed', `${failed.length} cell(s) failed`);
      throw new HqmlError({
        what: `${failed.length} of ${o.cells.length} cells failed after up to ${retry.attempts} attempt(s) each: ${failed.slice(0, 3).map((f) => `${f.id} (${f.reason})`).join('; ')}${failed.length > 3 ? '; ...' : ''}`,
        why: 'the report needs every cell; the other cells finished and are kept',
        fix: `See ${failedFile} for every error; fix the cause and run the same command again (it retries only the failed cells)`,
      });
    }
    await rm(failedFile, { force: true });
    await records.setState(sweep, 'done', '', 7 * 24 * 3600);
    await removeJobs(queue, plan);
    return { sweep, results, cellsRun, cellsReused, cellsStale };
  } finally {
    progress.clear();
    await Promise.allSettled([queue.close(), flows.close()]);
    redis.disconnect();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every job id of a plan: cells, gates and artefacts. */
export function planJobIds(plan: SweepPlan): string[] {
  return [...plan.cells.map((c) => c.jobId), ...plan.gates.map((g) => g.jobId), ...plan.artefacts.map((a) => a.jobId)];
}

/**
 * Before (re-)enqueueing: jobs of this plan that failed for good are removed so that they run
 * again (a new invocation retries failed cells), and waiting jobs of an earlier plan of the same
 * run directory that this one no longer has (the config changed) are removed so no worker
 * spends time on them.
 */
async function removeLeftovers(queue: Queue, previous: SweepPlan | undefined, plan: SweepPlan): Promise<void> {
  const now = new Set(planJobIds(plan));
  const old = previous ? planJobIds(previous).filter((id) => !now.has(id)) : [];
  for (const id of [...now, ...old]) {
    const job = await Job.fromId(queue, id);
    if (!job) continue;
    const s = await job.getState();
    if ((now.has(id) && s === 'failed') || (!now.has(id) && s !== 'active')) await job.remove().catch(() => {});
  }
}

/** Removes a finished sweep's jobs (their results are in the run directory now). */
async function removeJobs(queue: Queue, plan: SweepPlan): Promise<void> {
  for (const id of planJobIds(plan)) await queue.remove(id).catch(() => 0);
}

export type { QueueUrl };
