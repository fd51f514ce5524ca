import { relative, resolve } from 'node:path';
import type { CommandContribution } from '@hqml/core';
import { parseSeeds } from '@hqml/experiment';
import { queueSettings } from '@hqml/queue/app';
import { configName, loadKdConfig } from './config.js';
import { runKd } from './runKd.js';
import { formatTable } from './table.js';

/** `hqml kd --config FILE`: runs a distillation config and prints the results table and the report path. */
export const kdCommand: CommandContribution = {
  name: 'kd',
  register(program, ctx) {
    program
      .command('kd')
      .description('run a knowledge-distillation experiment (classical teacher -> quantum student) from a config file; resumable')
      .requiredOption('-c, --config <file>', 'config file (YAML or JSON), e.g. apps/kd/configs/quick.yaml')
      .option('--run-dir <dir>', 'run directory (default: the config\'s runDir, else runs/kd/<config name>); finished cells in it are reused')
      .option('--seeds <list>', 'run only these seeds, e.g. 0,1,2 or 0-4; finished cells of the others are kept')
      .option('--fresh', 'discard finished cells of the run directory and run every cell again')
      .option('--quiet', 'no progress display')
      .option('--json', 'print the result as JSON')
      .option('-q, --queue [url]', 'run the cells on `hqml worker`s through this Redis (redis://[:password@]host:port[/db]; without a URL: the HQML_QUEUE variable); same results and reports')
      .option('--attempts <n>', 'with --queue: tries per cell before it is reported failed (default 3)')
      .option('--backoff <ms>', 'with --queue: delay before the first retry, doubled each time (default 10000)')
      .action(async (opts: { config: string; runDir?: string; seeds?: string; fresh?: boolean; quiet?: boolean; json?: boolean; queue?: string | true; attempts?: string; backoff?: string }) => {
        const loaded = await loadKdConfig(opts.config);
        const config = opts.seeds === undefined ? loaded : { ...loaded, seeds: parseSeeds(opts.seeds) };
        const runDir = resolve(opts.runDir ?? config.runDir ?? `runs/kd/${configName(opts.config)}`);
        const result = await runKd(config, { runDir, registry: ctx.registry, ...(opts.fresh ? { fresh: true } : {}), ...(opts.quiet ? { progress: null } : {}), ...(opts.queue ? { queue: queueSettings(opts.queue, opts) } : {}) });
        if (opts.json) {
          ctx.print(JSON.stringify({ runDir: result.runDir, summary: result.summaryFile, reports: result.reports.map((r) => ({ experiment: r.experiment, ...r.files })), rows: result.rows, cellsRun: result.cellsRun, cellsReused: result.cellsReused, wallTimeSeconds: result.wallTimeSeconds }));
          return;
        }
        ctx.print(`${config.title}`);
        ctx.print(formatTable(result.rows));
        ctx.print('');
        ctx.print(`${result.cellsRun} cell(s) run, ${result.cellsReused} reused; wall time ${result.wallTimeSeconds.toFixed(1)} s`);
        for (const r of result.reports) ctx.print(`report: ${relative(process.cwd(), r.files.markdown) || r.files.markdown}`);
        ctx.print(`summary: ${relative(process.cwd(), result.summaryFile) || result.summaryFile}`);
      });
  },
};
