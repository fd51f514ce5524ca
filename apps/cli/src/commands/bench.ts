import { InvalidArgumentError } from 'commander';
import { PluginNotFoundError, type BenchRecord, type CommandContribution } from '@hqml/core/registry';
import { formatTable } from '../table.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${v}"`);
  return n;
}

function sizesText(r: BenchRecord): string {
  return Object.entries(r.sizes ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * `hqml bench [suite]`: runs a benchmark suite contributed by a package; `--json` prints one
 * object per line (`suite, case, sizes, threads, metric, value, unit`).
 */
export const benchCommand: CommandContribution = {
  name: 'bench',
  register(program, ctx) {
    program
      .command('bench')
      .description('run a benchmark suite (omit the suite to list them); measurements, not tests')
      .argument('[suite]', 'suite name')
      .option('--json', 'print one JSON object per measurement, one per line')
      .option('--quick', 'smaller sizes, for a smoke run')
      .option('--threads <n>', 'limit worker threads where the suite supports it', positiveInt)
      .action(async (suite: string | undefined, opts: { json?: boolean; quick?: boolean; threads?: number }) => {
        const suites = ctx.registry.benchmarks();
        if (suite === undefined) {
          if (opts.json) ctx.print(JSON.stringify({ suites: suites.map((s) => ({ name: s.name, description: s.description })) }));
          else ctx.print(suites.length ? formatTable(['suite', 'description'], suites.map((s) => [s.name, s.description])) : 'No benchmark suites registered.');
          return;
        }
        const s = suites.find((x) => x.name === suite);
        if (!s) throw new PluginNotFoundError(suite, suites.map((x) => x.name), 'benchmark suite');
        for await (const r of s.run({ quick: opts.quick === true, ...(opts.threads !== undefined && { threads: opts.threads }) })) {
          if (opts.json) ctx.print(JSON.stringify(r));
          else ctx.print(`${r.suite}  ${r.case}  ${sizesText(r)}  threads=${r.threads ?? '-'}  ${r.metric} = ${Number(r.value.toPrecision(4))} ${r.unit}`);
        }
      });
  },
};
