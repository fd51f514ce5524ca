// The job processor of `hqml worker`, run by BullMQ in a sandboxed child process (one per
// concurrent job slot, kept between jobs): the worker's main process only talks to Redis and
// renews the job locks, so a cell's CPU-bound training never delays a lock renewal, and a cell
// that crashes its process fails that job only.
import { PluginRegistry, createContainer } from '@hqml/core';
import { ArtifactStore, type CellContext } from '@hqml/experiment';
import { Queue, type SandboxedJob, UnrecoverableError } from 'bullmq';
import { join } from 'node:path';
import type { CellProgress } from './cellStates.js';
import { openRedis, redisOptions } from './connection.js';
import { PROCESSOR_ENV } from './processorEnv.js';
import { parseQueueUrl, redactor } from './redisUrl.js';
import type { SweepApp, SweepSession } from './sweepApp.js';
import { cellJob, type SweepJobData } from './sweepPlan.js';
import { SweepRecords } from './sweepRecords.js';


interface Services {
  readonly registry: PluginRegistry;
  readonly records: SweepRecords;
  readonly store: ArtifactStore;
  readonly storeRoot: string;
  readonly queue: Queue;
  readonly worker: string;
  readonly hide: (t: string) => string;
}

let services: Promise<Services> | undefined;
let current: { sweep: string; session: Promise<SweepSession> } | undefined;

// A child whose worker died (killed) stops too, instead of training on for nobody.
process.once('disconnect', () => process.exit(1));

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new UnrecoverableError(`${name} is not set: this module runs inside \`hqml worker\`, which sets it`);
  return v;
}

async function setup(): Promise<Services> {
  const url = parseQueueUrl(env(PROCESSOR_ENV.url));
  const worker = env(PROCESSOR_ENV.worker);
  const storeRoot = env(PROCESSOR_ENV.store);
  const hide = redactor(url);
  // The plugins the `hqml` command finds (installed @hqml packages and HQML_PLUGINS): the apps' `app` plugins and every part a config names.
  const { loadPluginModules } = await import('@hqml/cli');
  const modules = await loadPluginModules();
  for (const m of modules) if (m.error && process.env['HQML_DEBUG']) process.stderr.write(`[${worker}] could not load ${m.specifier}: ${m.error}\n`);
  const registry = PluginRegistry.of(...modules.flatMap((m) => (m.module ? [m.module] : [])));
  const log = (line: string) => process.stderr.write(`[${worker}] ${hide(line)}\n`);
  return {
    registry,
    records: new SweepRecords(openRedis(url, 'client', { connectionName: `hqml-job-${worker}` })),
    store: new ArtifactStore(storeRoot, log),
    storeRoot,
    queue: new Queue(env(PROCESSOR_ENV.queue), { connection: redisOptions(url, 'client') }),
    worker,
    hide,
  };
}

/** The session of `sweep` in this process (opened once; another sweep's is closed first, to free its memory). */
async function sessionOf(s: Services, sweep: string, log: (line: string) => void): Promise<SweepSession> {
  if (current?.sweep === sweep) return current.session;
  if (current) await (await current.session.catch(() => undefined))?.close();
  current = undefined;
  const record = await s.records.get(sweep);
  if (!record) throw new UnrecoverableError(`sweep ${sweep} is not in Redis (cancelled and cleaned up, or Redis lost its data); its coordinator enqueues it again if it still runs`);
  if (!s.registry.has(record.app, 'app')) throw new UnrecoverableError(`this worker has no app "${record.app}" (its apps: ${s.registry.ids('app').join(', ') || 'none'}); install the package that provides it`);
  const app = await s.registry.get<SweepApp>(record.app, 'app').create({}, createContainer());
  const session = app.open(record.config, {
    registry: s.registry,
    store: s.store,
    checkpointDir: (cell) => join(s.storeRoot, 'checkpoints', sweep, `${cell.id}-${cell.key}`),
    log,
  });
  current = { sweep, session };
  session.catch(() => {
    if (current?.session === session) current = undefined;
  });
  return session;
}

/** Runs one job of a sweep (see {@link SweepJobData}). */
export default async function processJob(job: SandboxedJob<SweepJobData>): Promise<unknown> {
  services ??= setup();
  const s = await services;
  const data = job.data;
  const log = (line: string) => {
    process.stderr.write(`[${s.worker}] ${s.hide(line)}\n`);
    job.log(s.hide(line));
  };
  const state = await s.records.state(data.sweep);
  if (state === 'cancelled') throw new UnrecoverableError(`sweep ${data.sweep} was cancelled`);
  if (data.kind === 'gate') {
    // The gate's artefacts exist: its cells may run now.
    if (data.cells.length) await s.queue.addBulk(data.cells.map((c) => cellJob(data.sweep, c, data.retry)));
    return { released: data.cells.length };
  }
  const session = await sessionOf(s, data.sweep, log);
  if (data.kind === 'artefact') {
    if (!session.prepare) throw new UnrecoverableError(`the app of sweep ${data.sweep} builds no artefacts`);
    await session.prepare(data.artefact, log);
    return { built: data.artefact.label };
  }
  const cell = data.cell;
  let cancelled = false;
  let lastCheck = Date.now();
  const context: CellContext = {
    index: 1,
    total: 1,
    name: `${cell.experiment} ${cell.condition} seed ${cell.seed}`,
    epoch: (r, epochs, samples) => {
      if (cancelled) throw new UnrecoverableError(`sweep ${data.sweep} was cancelled`);
      const p: CellProgress = { epoch: r.epoch, epochs, samples, worker: s.worker };
      void job.updateProgress(p as unknown as object).catch(() => {});
      // Cancellation is looked up between epochs (at most every 5 s) and acted on at the next one.
      if (Date.now() - lastCheck > 5000) {
        lastCheck = Date.now();
        void s.records.state(data.sweep).then((st) => void (cancelled = st === 'cancelled'), () => {});
      }
    },
    note: log,
  };
  return session.run(cell, context);
}
