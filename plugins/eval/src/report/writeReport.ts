import { join } from 'node:path';
import { ValidationError, describeValue, writeFileAtomic } from '@hqml/core';
import type { EvaluationReport } from './evaluationReport.js';
import { renderMarkdown } from './markdown.js';
import { renderPlots } from './plots.js';

/** The files {@link writeReport} wrote (absolute or as `dir` was given). */
export interface ReportFiles {
  readonly markdown: string;
  readonly json: string;
  readonly plots: readonly string[];
}

/**
 * Writes a report into a run directory: `report.json` (raw per-seed data and derived numbers),
 * `plots/*.svg` and `report.md` (which links the plots). Each file is written atomically, so an
 * interrupted run never leaves a half-written report.
 */
export async function writeReport(report: EvaluationReport, dir: string): Promise<ReportFiles> {
  if (typeof dir !== 'string' || dir === '') {
    throw new ValidationError({ what: `writeReport: dir = ${describeValue(dir)}`, why: 'the report needs a run directory', fix: 'Pass the run directory, e.g. runs/<config>/<timestamp>' });
  }
  const plots = renderPlots(report);
  const plotFiles: string[] = [];
  for (const p of plots) {
    const file = join(dir, 'plots', p.file);
    await writeFileAtomic(file, p.svg);
    plotFiles.push(file);
  }
  const json = join(dir, 'report.json');
  await writeFileAtomic(json, `${JSON.stringify(report.toJSON(), null, 2)}\n`);
  const markdown = join(dir, 'report.md');
  await writeFileAtomic(markdown, renderMarkdown(report, { plots: plots.map((p) => ({ path: `plots/${p.file}`, caption: p.caption })) }));
  return { markdown, json, plots: plotFiles };
}
