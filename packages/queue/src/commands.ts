import { type CommandContribution, ValidationError } from '@hqml/core';
import { queueUrlOf } from './settings.js';

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new ValidationError({ what: `${name} is "${v}"`, why: 'it is a whole number >= 1', fix: `Pass e.g. ${name} 2` });
  return n;
}

/** `hqml worker --queue URL [--concurrency N]`: runs cells of any sweep until stopped. */
export const workerCommand: CommandContribution = {
  name: 'worker',
  register(program) {
    program
      .command('worker')
      .description('run cells of queued experiments (hqml kd|anneal-classify --queue URL) on this machine, until stopped (Ctrl-C: finish the running cells; twice: stop now, they are retried elsewhere)')
      .option('-q, --queue [url]', 'the Redis of the queue: redis://[:password@]host:port[/db] (default: the HQML_QUEUE variable, the place for a URL with a password)')
      .option('--concurrency <n>', 'cells run at once, each in its own process (default 1)')
      .option('--store <dir>', 'shared directory of teachers and cell checkpoints (default: HQML_CACHE_DIR, else ~/.cache/hqml); every worker of a sweep must reach the same one')
      .option('--name <name>', 'name in progress lines and hqml sweep status (default host:pid)')
      .option('--lock-duration <ms>', 'how long a cell stays with a worker that stopped answering before it runs elsewhere (default 15000)')
      .action(async (opts: { queue?: string | true; concurrency?: string; store?: string; name?: string; lockDuration?: string }) => {
        const lock = int('--lock-duration', opts.lockDuration);
        const { startQueueWorker } = await import('./worker.js');
        const worker = await startQueueWorker({ url: queueUrlOf(opts.queue ?? true), ...(opts.concurrency ? { concurrency: int('--concurrency', opts.concurrency)! } : {}), ...(opts.store ? { store: opts.store } : {}), ...(opts.name ? { name: opts.name } : {}), ...(lock ? { lockDurationMs: lock } : {}) });
        await new Promise<void>((done) => {
          let stopping = false;
          const stop = () => {
            if (stopping) {
              process.stderr.write(`[${worker.name}] stopping now; the running cells are retried by other workers once their lock expires\n`);
              void worker.close(true).finally(() => done());
              return;
            }
            stopping = true;
            process.stderr.write(`[${worker.name}] finishing the running cells, then stopping (again to stop now)\n`);
            void worker.close(false).finally(() => done());
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      });
  },
};

/** `hqml sweep status|cancel --queue URL`: what the queue's sweeps are doing, and stopping one. */
export const sweepCommand: CommandContribution = {
  name: 'sweep',
  register(program, ctx) {
    const sweep = program.command('sweep').description('queued experiment runs (sweeps) on a Redis queue: status, cancel');
    sweep
      .command('status')
      .description('list the sweeps of a queue with their cells by state, and the connected workers')
      .option('-q, --queue [url]', 'the Redis of the queue: redis://[:password@]host:port[/db] (default: the HQML_QUEUE variable, the place for a URL with a password)')
      .argument('[sweep]', 'one sweep id (default: all)')
      .option('--json', 'print the status as JSON')
      .action(async (id: string | undefined, opts: { queue?: string | true; json?: boolean }) => {
        const { sweepStatus } = await import('./sweepAdmin.js');
        const st = await sweepStatus(queueUrlOf(opts.queue ?? true), id);
        if (opts.json) {
          ctx.print(JSON.stringify(st));
          return;
        }
        ctx.print(`queue ${st.queue} on ${st.url}: ${st.sweeps.length} sweep(s), ${st.workers.length} worker(s) connected${st.workers.length ? ` (${st.workers.join(', ')})` : ''}`);
        for (const s of st.sweeps) {
          const n = s.counts;
          ctx.print(`${s.id}  ${s.app}  ${s.state}${s.reason ? ` (${s.reason})` : ''}  ${s.title}`);
          ctx.print(`  ${s.cells} cell(s) queued by ${s.host}:${s.runDir}: ${n.completed} finished, ${n.active} running, ${n.queued} queued, ${n['waiting-teacher']} waiting for teachers, ${n.retrying} retrying, ${n.failed} failed${n.missing ? `, ${n.missing} not in Redis` : ''}`);
        }
      });
    sweep
      .command('cancel')
      .description('cancel a sweep: its waiting jobs are removed, its running cells stop at their next epoch, its coordinator stops')
      .option('-q, --queue [url]', 'the Redis of the queue: redis://[:password@]host:port[/db] (default: the HQML_QUEUE variable, the place for a URL with a password)')
      .argument('<sweep>', 'the sweep id (hqml sweep status lists them)')
      .option('--json', 'print the result as JSON')
      .action(async (id: string, opts: { queue?: string | true; json?: boolean }) => {
        const { cancelSweep } = await import('./sweepAdmin.js');
        const r = await cancelSweep(queueUrlOf(opts.queue ?? true), id);
        if (opts.json) ctx.print(JSON.stringify({ sweep: id, ...r }));
        else ctx.print(`sweep ${id} cancelled: ${r.removed} waiting job(s) removed, ${r.running} running cell(s) stop at their next epoch`);
      });
  },
};
