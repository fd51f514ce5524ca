import type { EvaluationReport } from './evaluationReport.js';
import { METRIC_TITLES, formatInterval, formatMeanStd, formatP, formatValue, isFraction, table } from './format.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Plots to link, as written by `writeReport` (paths relative to the Markdown file). */
  readonly plots?: readonly { readonly path: string; readonly caption: string }[];
}

const ZERO_DIVISION_TEXT = {
  0: 'a 0/0 precision, recall or F1 (a class never predicted, or never present) counts as 0',
  1: 'a 0/0 precision, recall or F1 (a class never predicted, or never present) counts as 1',
  nan: 'a 0/0 precision, recall or F1 is undefined and left out of the macro averages',
} as const;

/**
 * The report as Markdown: provenance, a results table (mean ± std and the t-interval per
 * condition), paired comparisons, per-class metrics, every per-seed value, plots, config.
 */
export function renderMarkdown(report: EvaluationReport, options: MarkdownOptions = {}): string {
  const { info } = report;
  const level = `${Math.round(report.confidence * 1000) / 10}%`;
  const metrics = report.metricNames();
  const title = (m: string): string => METRIC_TITLES[m] ?? m;
  const unit = (m: string): string => (isFraction(m) ? ' (%)' : '');
  const lines: string[] = [`# ${info.title}`, ''];

  const env = info.environment;
  lines.push(
    ...table(
      ['run', ''],
      [
        ['created', info.createdAt],
        ['wall time', `${info.wallTimeSeconds.toFixed(1)} s`],
        ['backend', info.backend],
        ['seeds', info.seeds.map(String).join(', ')],
        ['intervals', `${level} Student-t interval of the mean over seeds (n − 1 degrees of freedom)`],
        ['machine', `Node ${String(env.node ?? '?')}, ${String(env.platform ?? '?')}/${String(env.arch ?? '?')}, ${String(env.cpus ?? '?')} × ${String(env.cpuModel ?? '?')}`],
      ],
    ),
    '',
  );

  // Results: the headline table.
  const grouped = report.conditions.some((c) => c.group !== '');
  const refMetrics = [...new Set(report.conditions.flatMap((c) => Object.keys(c.reference)))];
  lines.push('## Results (test set)', '');
  const headline = ['accuracy', 'macroF1'];
  const header = [...(grouped ? ['group'] : []), 'condition', 'seeds', ...headline.flatMap((m) => [`${title(m)}${unit(m)} mean ± std`, `${level} CI`]), ...refMetrics.map((m) => `reference ${title(m)}${unit(m)}`)];
  const rows = report.conditions.map((c) => [
    ...(grouped ? [c.group] : []),
    c.label === c.name ? c.name : `${c.label} (${c.name})`,
    String(c.runs.length),
    ...headline.flatMap((m) => {
      const s = report.summary(c.name, m);
      return [formatMeanStd(s, isFraction(m)), formatInterval(s, isFraction(m))];
    }),
    ...refMetrics.map((m) => formatValue(c.reference[m], isFraction(m))),
  ]);
  lines.push(...table(header, rows), '');

  if (report.comparisons.length > 0) {
    lines.push('## Paired comparisons (same seeds)', '', `Difference treatment − control per seed; mean, ${level} t-interval, paired t statistic and two-sided p-value.`, '');
    const crow: string[][] = [];
    for (const c of report.comparisons) {
      for (const m of metrics) {
        let d;
        try {
          d = report.compare(c.treatment, c.control, m);
        } catch {
          continue;
        }
        const f = isFraction(m);
        crow.push([`${c.treatment} − ${c.control}`, `${title(m)}${unit(m)}`, String(d.n), formatValue(d.meanDifference, f), formatInterval(d, f), d.t === null ? '–' : d.t.toFixed(3), String(d.df), formatP(d.pValue)]);
      }
    }
    lines.push(...table(['comparison', 'metric', 'pairs', 'mean difference', `${level} CI`, 't', 'df', 'p'], crow), '');
  }

  lines.push('## All metrics (mean ± std over seeds)', '');
  lines.push(
    ...table(
      ['condition', ...metrics.map((m) => `${title(m)}${unit(m)}`)],
      report.conditions.map((c) => [c.name, ...metrics.map((m) => formatMeanStd(report.summary(c.name, m), isFraction(m)))]),
    ),
    '',
  );

  lines.push('## Per-class metrics (%, mean ± std over seeds)', '');
  for (const c of report.conditions) {
    const pc = report.perClass(c.name);
    lines.push(`### ${c.name}`, '');
    lines.push(
      ...table(
        ['class', 'precision', 'recall', 'F1', 'support (all seeds)'],
        report.classes.map((name, k) => [name, formatMeanStd(pc.precision[k], true), formatMeanStd(pc.recall[k], true), formatMeanStd(pc.f1[k], true), String(pc.support[k])]),
      ),
      '',
    );
  }

  lines.push('## Per-seed values', '');
  lines.push(
    ...table(
      ['condition', 'seed', 'samples', ...metrics.map((m) => `${title(m)}${unit(m)}`)],
      report.conditions.flatMap((c) =>
        c.runs.map((r) => {
          const values = metrics.map((m) => {
            const v = m === 'accuracy' ? r.metrics.accuracy : m === 'macroPrecision' ? r.metrics.macro.precision : m === 'macroRecall' ? r.metrics.macro.recall : m === 'macroF1' ? r.metrics.macro.f1 : r.extra[m];
            return formatValue(v, isFraction(m));
          });
          return [c.name, String(r.seed), String(r.metrics.count), ...values];
        }),
      ),
    ),
    '',
  );

  if (options.plots && options.plots.length > 0) {
    lines.push('## Plots', '');
    for (const p of options.plots) lines.push(`![${p.caption}](${p.path})`, '', `*${p.caption}*`, '');
  }

  if (report.notes.length > 0) lines.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');

  const zd = [...new Set(report.conditions.flatMap((c) => c.runs.map((r) => r.metrics.zeroDivision)))];
  lines.push('## Method', '');
  lines.push(`- Precision, recall and F1 per class from the confusion matrix; macro = unweighted mean over the ${report.classes.length} classes; ${zd.map((z) => ZERO_DIVISION_TEXT[z]).join('; ')}.`);
  lines.push(`- Across seeds: mean, sample standard deviation (n − 1), and the ${level} interval mean ± t(n − 1) · std / √n. Paired comparisons apply the same to per-seed differences.`);
  lines.push('- Every number here is recomputable from report.json (raw confusion matrices and per-seed values).', '');

  lines.push('## Configuration', '', '```json', JSON.stringify(info.config, null, 2), '```', '');
  lines.push('## Packages', '', ...table(['package', 'version'], Object.entries(info.packages).sort(([a], [b]) => a.localeCompare(b))), '');
  return lines.join('\n');
}
