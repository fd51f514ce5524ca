import { dirname, join } from 'node:path';
import { type CommandContribution, DataError, HqmlError, checkNestingDepth, readTextFile } from '@hqml/core';
import { EvaluationReport, verifyReportJson } from './report/evaluationReport.js';
import { formatInterval, formatMeanStd } from './report/format.js';
import { writeReport } from './report/writeReport.js';

async function loadJson(file: string): Promise<unknown> {
  let text: string;
  try {
    // A report is text of modest size: a folder, a device or a binary file is refused before parsing.
    text = await readTextFile(file, { what: 'report', maxBytes: 256 * 2 ** 20 });
    checkNestingDepth(text, file, 64);
  } catch (err) {
    if (!(err instanceof HqmlError)) throw err;
    throw new DataError({ what: `Cannot read report "${file}"`, why: err.message, fix: 'Pass the path of a report.json written by a run', cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DataError({ what: `Report "${file}" is not valid JSON`, why: (err as Error).message, fix: 'Re-run the experiment, or restore the file', cause: err });
  }
}

/**
 * `hqml eval check <report.json>`: recomputes every derived number of a report from its raw
 * per-seed data and fails on any difference. `hqml eval render <report.json> [--out DIR]`:
 * re-renders report.md and the plots from the JSON.
 */
export const evalCommand: CommandContribution = {
  name: 'eval',
  register(program, ctx) {
    const cmd = program.command('eval').description('check or re-render an evaluation report (report.json)');
    cmd
      .command('check')
      .description('recompute every derived number of a report from its per-seed data; fails on a mismatch')
      .argument('<report>', 'path of report.json')
      .option('--json', 'print the result as JSON')
      .action(async (file: string, opts: { json?: boolean }) => {
        const json = await loadJson(file);
        const report = EvaluationReport.fromJSON(json);
        const mismatches = verifyReportJson(json);
        const rows = report.conditions.map((c) => ({ condition: c.name, seeds: c.runs.length, accuracy: report.summary(c.name, 'accuracy') ?? null }));
        if (opts.json) {
          ctx.print(JSON.stringify({ file, ok: mismatches.length === 0, mismatches, conditions: rows }));
        } else {
          for (const r of rows) ctx.print(`${r.condition}: ${r.seeds} seed(s), accuracy (%) ${formatMeanStd(r.accuracy ?? undefined, true)} CI ${formatInterval(r.accuracy ?? undefined, true)}`);
          ctx.print(mismatches.length === 0 ? `${file}: every derived number recomputes from the per-seed data` : `${file}: ${mismatches.length} mismatch(es)`);
        }
        if (mismatches.length > 0) {
          throw new DataError({ what: `Report "${file}" has ${mismatches.length} number(s) that do not recompute`, why: mismatches.slice(0, 5).join('; '), fix: 'Regenerate it with `hqml eval render`, or find what edited it' });
        }
      });
    cmd
      .command('render')
      .description('re-render report.md and plots/*.svg from a report.json')
      .argument('<report>', 'path of report.json')
      .option('--out <dir>', 'run directory to write into (default: the report\'s own directory)')
      .option('--json', 'print the written files as JSON')
      .action(async (file: string, opts: { out?: string; json?: boolean }) => {
        const report = EvaluationReport.fromJSON(await loadJson(file));
        const files = await writeReport(report, opts.out ?? dirname(file));
        if (opts.json) ctx.print(JSON.stringify(files));
        else ctx.print(`wrote ${join(opts.out ?? dirname(file), 'report.md')} and ${files.plots.length} plot(s)`);
      });
  },
};
