import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ValidationError } from '@hqml/core';
import { defaultCacheRoot } from '@hqml/experiment';
import { type Job, Worker } from 'bullmq';
import { checkRedis, redisOptions } from './connection.js';
import { PROCESSOR_ENV } from './processorEnv.js';
import { type QueueUrl, parseQueueUrl, redactor } from './redisUrl.js';
import { DEFAULT_QUEUE_NAME, type SweepJobData } from './sweepPlan.js';

/** Options of {@link startQueueWorker} (the `hqml worker` flags). */
export interface QueueWorkerOptions {
  /** `redis://[:password@]host:port[/db]`. */
  readonly url: string;
  /** Jobs run at once, each in its own process (default 1). */
  readonly concurrency?: number;
  /** Root of the shared artefact store and cell checkpoints (default: the hqml cache, `HQML_CACHE_DIR`). */
  readonly store?: string;
  /** The worker's name in progress lines and `hqml sweep status` (default `<host>:<pid>`). */
  readonly name?: string;
  readonly queueName?: string;
  /**
   * How long a job's lock lasts without renewal (ms, default 15,000): a worker that dies loses
   * its job this long after its last renewal, and the stalled-job check (every `stalledIntervalMs`,
   * default 10,000) puts it back in the queue.
   */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** How often a job may be found stalled (its worker died) before it fails (default 3). */
  readonly maxStalledCount?: number;
  /** Status lines (default stderr). */
  readonly log?: (line: string) => void;
}

/** A running worker. */
export interface QueueWorker {
  readonly name: string;
  readonly url: QueueUrl;
  /** Stops taking jobs; waits for the running ones unless `force` (then they are retried elsewhere after their lock expires). */
  close(force?: boolean): Promise<void>;
}

/** The processor module BullMQ starts in each job process, and the options that make Node run it from TypeScript sources. */
function processorFile(): { file: string; execArgv: string[] } {
  const ts = new URL('./processor.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) {
    // Workspace (source) mode: the child registers the @hqml/source condition and tsx before BullMQ imports the processor.
    return { file: fileURLToPath(ts), execArgv: ['--import', pathToFileURL(fileURLToPath(new URL('./sandboxBoot.mjs', import.meta.url))).href] };
  }
  return { file: fileURLToPath(new URL('./processor.js', import.meta.url)), execArgv: [] };
}

function jobLabel(job: Job<SweepJobData> | undefined): string {
  const d = job?.data;
  if (!d) return `job ${job?.id ?? '?'}`;
  if (d.kind === 'cell') return `${d.cell.experiment} ${d.cell.condition} seed ${d.cell.seed}`;
  if (d.kind === 'artefact') return `teacher ${d.artefact.label}`;
  return `the ${d.cells.length} cell(s) waiting for their teachers`;
}

/**
 * Starts a BullMQ worker on the hqml queue: it takes jobs of any sweep, up to `concurrency` at
 * once, each in a sandboxed child process that composes the sweep's config through the app
 * plugin the sweep names and runs the cell exactly as the local runner does, with the shared
 * artefact store for teachers and checkpoints. Redis is checked first (a clear error, never a
 * hang); a worker that loses Redis later says so and reconnects.
 */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const url = parseQueueUrl(o.url);
  const hide = redactor(url);
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ValidationError({ what: `--concurrency is ${concurrency}`, why: 'it is the number of jobs run at once, each in its own process', fix: 'Pass a whole number >= 1, e.g. --concurrency 2' });
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const say = (line: string) => log(`[${name}] ${hide(line)}`);
  const info = await checkRedis(url);
  if (info.maxmemoryPolicy !== 'noeviction') say(`warning: Redis's maxmemory-policy is ${info.maxmemoryPolicy}; BullMQ needs noeviction (an evicted job is lost). Set it with: redis-cli CONFIG SET maxmemory-policy noeviction`);
  const store = o.store ?? defaultCacheRoot();
  const { file, execArgv } = processorFile();
  const lockDuration = o.lockDurationMs ?? 15_000;
  const worker = new Worker<SweepJobData>(o.queueName ?? DEFAULT_QUEUE_NAME, file, {
    connection: redisOptions(url, 'worker'),
    concurrency,
    name,
    lockDuration,
    stalledInterval: o.stalledIntervalMs ?? Math.min(10_000, lockDuration),
    maxStalledCount: o.maxStalledCount ?? 3,
    useWorkerThreads: false,
    workerForkOptions: {
      execArgv,
      env: { ...process.env, [PROCESSOR_ENV.url]: url.url, [PROCESSOR_ENV.queue]: o.queueName ?? DEFAULT_QUEUE_NAME, [PROCESSOR_ENV.store]: store, [PROCESSOR_ENV.worker]: name },
    },
  });
  const started = new Map<string, number>();
  let lost: number | undefined;
  let lastError = 0;
  worker.on('active', (job) => {
    started.set(job.id!, Date.now());
    say(`started ${jobLabel(job)}${job.attemptsMade > 0 ? ` (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1})` : ''}${job.stalledCounter > 0 ? ' (again: the worker that had it stopped)' : ''}`);
  });
  worker.on('completed', (job) => {
    const t = started.get(job.id!);
    started.delete(job.id!);
    say(`finished ${jobLabel(job)}${t ? ` in ${((Date.now() - t) / 1000).toFixed(1)} s` : ''}`);
  });
  worker.on('failed', (job, err) => {
    if (job) started.delete(job.id!);
    const attempts = job?.opts.attempts ?? 1;
    const left = job ? attempts - job.attemptsMade : 0;
    say(`failed ${jobLabel(job)}: ${err.message}${job ? ` (attempt ${job.attemptsMade} of ${attempts}${left > 0 && err.name !== 'UnrecoverableError' ? '; it will be retried' : '; no retry left'})` : ''}`);
  });
  worker.on('stalled', (id) => say(`job ${id} stalled (its worker stopped answering); it is back in the queue`));
  worker.on('error', (err) => {
    const now = Date.now();
    lost ??= now;
    if (now - lastError > 30_000) say(`Redis at ${url.display}: ${err.message}; reconnecting`);
    lastError = now;
  });
  worker.on('ready', () => {
    if (lost !== undefined) say(`Redis at ${url.display} is reachable again`);
    lost = undefined;
  });
  await worker.waitUntilReady();
  say(`waiting for jobs on ${url.display} (queue ${o.queueName ?? DEFAULT_QUEUE_NAME}, ${concurrency} at a time, store ${store})`);
  return {
    name,
    url,
    close: async (force = false) => {
      await worker.close(force);
    },
  };
}
