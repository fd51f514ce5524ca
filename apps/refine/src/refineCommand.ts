import { relative, resolve } from 'node:path';
import type { CommandContribution } from '@hqml/core';
import { parseSeeds } from '@hqml/experiment';
import { configName, loadRefineConfig } from './config.js';
import { type RefineRow, runRefine } from './runRefine.js';

const pct = (v: number | null): string => (v !== null && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-');
const signed = (v: number | null): string => (v !== null && Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)}` : '-');

/** The results as an aligned text table. */
export function formatRefineTable(rows: readonly RefineRow[]): string {
  const head = ['experiment', 'condition', 'seeds', 'test acc', '± CI', 'macro F1', 'gain (points)', '± CI', 'ms/image'];
  const body = rows.map((r) => [r.experiment, r.condition, String(r.seeds), pct(r.testAccuracy), pct(r.testAccuracyCi), pct(r.macroF1), signed(r.accuracyGain), r.accuracyGainCi === null ? '-' : (r.accuracyGainCi * 100).toFixed(2), Number.isFinite(r.secondsPerImage) ? (r.secondsPerImage * 1000).toFixed(3) : '-']);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()).join('\n');
}

/** `hqml refine --config FILE`: the CNN alone vs its labels refined by annealers on a labelling QUBO, over seeds. */
export const refineCommand: CommandContribution = {
  name: 'refine',
  register(program, ctx) {
    program
      .command('refine')
      .description('refine a CNN\'s test labels with annealers (labelling QUBO: network log-probabilities + feature-space agreement, weights chosen on the validation split) and compare with the CNN alone over seeds; resumable')
      .requiredOption('-c, --config <file>', 'config file (YAML or JSON), e.g. apps/refine/configs/quick.yaml')
      .option('--run-dir <dir>', 'run directory (default: the config\'s runDir, else runs/refine/<config name>); finished cells in it are reused')
      .option('--seeds <list>', 'run only these seeds, e.g. 0,1 or 0-4')
      .option('--fresh', 'run every cell again')
      .option('--quiet', 'no progress output')
      .option('--json', 'print the result as JSON')
      .action(async (opts: { config: string; runDir?: string; seeds?: string; fresh?: boolean; quiet?: boolean; json?: boolean }) => {
        const loaded = await loadRefineConfig(opts.config);
        const config = opts.seeds === undefined ? loaded : { ...loaded, seeds: parseSeeds(opts.seeds) };
        const runDir = resolve(opts.runDir ?? config.runDir ?? `runs/refine/${configName(opts.config)}`);
        const result = await runRefine(config, { runDir, registry: ctx.registry, ...(opts.fresh ? { fresh: true } : {}), ...(opts.quiet ? { log: null } : { progress: process.stderr.isTTY === true }) });
        if (opts.json) {
          ctx.print(JSON.stringify({ runDir: result.runDir, reports: result.reports.map((r) => ({ experiment: r.experiment, ...r.files })), rows: result.rows, cellsRun: result.cellsRun, cellsReused: result.cellsReused, wallTimeSeconds: result.wallTimeSeconds }));
          return;
        }
        ctx.print(config.title);
        ctx.print(formatRefineTable(result.rows));
        ctx.print('');
        ctx.print(`${result.cellsRun} cell(s) run, ${result.cellsReused} reused; wall time ${result.wallTimeSeconds.toFixed(1)} s`);
        for (const r of result.reports) ctx.print(`report: ${relative(process.cwd(), r.files.markdown) || r.files.markdown}`);
      });
  },
};
