import { relative, resolve } from 'node:path';
import type { CommandContribution } from '@hqml/core';
import { parseSeeds } from '@hqml/experiment';
import { queueSettings } from '@hqml/queue/app';
import { configName, loadAnnealConfig } from './config.js';
import { type AnnealRow, runAnneal } from './runAnneal.js';

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-');

/** The results as an aligned text table. */
export function formatAnnealTable(rows: readonly AnnealRow[]): string {
  const head = ['experiment', 'condition', 'seeds', 'test acc', '± CI', 'macro F1', 'train acc', 'reference'];
  const body = rows.map((r) => [r.experiment, r.condition, String(r.seeds), pct(r.testAccuracy), r.testAccuracyCi === null ? '-' : pct(r.testAccuracyCi), pct(r.macroF1), pct(r.trainAccuracy), r.reference === undefined ? '' : pct(r.reference)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()).join('\n');
}

/** `hqml anneal-classify --config FILE`: the network-programmed annealer classifier vs the CNN alone, over seeds. */
export const annealClassifyCommand: CommandContribution = {
  name: 'anneal-classify',
  register(program, ctx) {
    program
      .command('anneal-classify')
      .description('train a CNN that programs a simulated quantum annealer (Hilbert-Schmidt classifier) and compare it with the CNN alone, over seeds; resumable')
      .requiredOption('-c, --config <file>', 'config file (YAML or JSON), e.g. apps/anneal-classify/configs/quick.yaml')
      .option('--run-dir <dir>', 'run directory (default: the config\'s runDir, else runs/anneal/<config name>); finished cells in it are reused')
      .option('--seeds <list>', 'run only these seeds, e.g. 0,1 or 0-4')
      .option('--fresh', 'run every cell again')
      .option('--quiet', 'no progress output')
      .option('--json', 'print the result as JSON')
      .option('-q, --queue [url]', 'run the cells on `hqml worker`s through this Redis (redis://[:password@]host:port[/db]; without a URL: the HQML_QUEUE variable); same results and reports')
      .option('--attempts <n>', 'with --queue: tries per cell before it is reported failed (default 3)')
      .option('--backoff <ms>', 'with --queue: delay before the first retry, doubled each time (default 10000)')
      .action(async (opts: { config: string; runDir?: string; seeds?: string; fresh?: boolean; quiet?: boolean; json?: boolean; queue?: string | true; attempts?: string; backoff?: string }) => {
        const loaded = await loadAnnealConfig(opts.config);
        const config = opts.seeds === undefined ? loaded : { ...loaded, seeds: parseSeeds(opts.seeds) };
        const runDir = resolve(opts.runDir ?? config.runDir ?? `runs/anneal/${configName(opts.config)}`);
        const result = await runAnneal(config, { runDir, registry: ctx.registry, ...(opts.fresh ? { fresh: true } : {}), ...(opts.quiet ? { log: null } : { progress: process.stderr.isTTY === true }), ...(opts.queue ? { queue: queueSettings(opts.queue, opts) } : {}) });
        if (opts.json) {
          ctx.print(JSON.stringify({ runDir: result.runDir, reports: result.reports.map((r) => ({ experiment: r.experiment, ...r.files, extraPlots: r.extraPlots })), rows: result.rows, cellsRun: result.cellsRun, cellsReused: result.cellsReused, wallTimeSeconds: result.wallTimeSeconds }));
          return;
        }
        ctx.print(config.title);
        ctx.print(formatAnnealTable(result.rows));
        ctx.print('');
        ctx.print(`${result.cellsRun} cell(s) run, ${result.cellsReused} reused; wall time ${result.wallTimeSeconds.toFixed(1)} s`);
        for (const r of result.reports) ctx.print(`report: ${relative(process.cwd(), r.files.markdown) || r.files.markdown}`);
      });
  },
};
