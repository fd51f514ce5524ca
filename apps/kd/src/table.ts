import type { EvaluationReport } from '@hqml/eval';
import type { KdConfig } from './config.js';

/** One line of the results table: a condition of an experiment, summarized over seeds. */
export interface KdTableRow {
  readonly experiment: string;
  readonly condition: string;
  readonly seeds: number;
  /** Test accuracy, mean over seeds (fraction). */
  readonly accuracy: number;
  /** Half-width of the 95% t-interval of the mean (null with one seed). */
  readonly accuracyCi: number | null;
  readonly std: number | null;
  /** Paired difference to the baseline over the same seeds (fraction), for distilled conditions. */
  readonly deltaVsBaseline: number | null;
  readonly deltaCi: number | null;
  readonly deltaP: number | null;
  /** The published reference accuracy (fraction), if the config gives one. */
  readonly reference: number | null;
  /** The teacher's test accuracy (fraction), for distilled conditions. */
  readonly teacherAccuracy: number | null;
}

/** The table rows of every experiment's report, computed from the reports (so from their JSON). */
export function kdTable(reports: readonly EvaluationReport[]): KdTableRow[] {
  const rows: KdTableRow[] = [];
  for (const report of reports) {
    for (const c of report.conditions) {
      const acc = report.summary(c.name, 'accuracy');
      const cmp = report.comparisons.find((x) => x.treatment === c.name);
      const d = cmp ? report.compare(cmp.treatment, cmp.control, 'accuracy') : undefined;
      const teacher = report.summary(c.name, 'teacherTestAccuracy');
      rows.push({
        experiment: c.group,
        condition: c.label,
        seeds: acc?.n ?? 0,
        accuracy: acc?.mean ?? Number.NaN,
        accuracyCi: acc?.ci?.halfWidth ?? null,
        std: acc?.std ?? null,
        deltaVsBaseline: d?.meanDifference ?? null,
        deltaCi: d?.ci?.halfWidth ?? null,
        deltaP: d?.pValue ?? null,
        reference: c.reference['accuracy'] ?? null,
        teacherAccuracy: teacher?.mean ?? null,
      });
    }
  }
  return rows;
}

const pct = (v: number | null, digits = 1): string => (v === null || Number.isNaN(v) ? '-' : (100 * v).toFixed(digits));
const pm = (v: number, ci: number | null): string => `${pct(v)}${ci === null ? '' : ` ± ${pct(ci)}`}`;
const signed = (v: number | null, ci: number | null): string => (v === null ? '-' : `${v >= 0 ? '+' : ''}${pct(v)}${ci === null ? '' : ` ± ${pct(ci)}`}`);

const HEADER = ['experiment', 'condition', 'seeds', 'test acc % (95% CI)', 'Δ vs baseline (paired)', 'p', 'teacher %', 'reference %'];

function cells(r: KdTableRow): string[] {
  return [r.experiment, r.condition, String(r.seeds), pm(r.accuracy, r.accuracyCi), signed(r.deltaVsBaseline, r.deltaCi), r.deltaP === null ? '-' : r.deltaP.toFixed(3), pct(r.teacherAccuracy), pct(r.reference)];
}

/** The table as aligned plain text for the terminal. */
export function formatTable(rows: readonly KdTableRow[]): string {
  const body = rows.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The summary Markdown of a run: the table and links to the per-experiment reports. */
export function renderSummary(config: KdConfig, rows: readonly KdTableRow[], reports: ReadonlyArray<{ experiment: string; files: { markdown: string } }>, runDir: string, wallTimeSeconds: number, backend: string): string {
  const md = [
    `# ${config.title}`,
    '',
    `Seeds ${config.seeds.join(', ')}; backend ${backend}; wall time of this invocation ${wallTimeSeconds.toFixed(1)} s.`,
    'Accuracy: mean over seeds ± half-width of the 95% Student-t interval; Δ: paired difference to the baseline over the same seeds.',
    '',
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).join(' | ')} |`),
    '',
    '## Reports',
    '',
    ...reports.map((r) => `- ${r.experiment}: [${r.files.markdown.slice(runDir.length + 1)}](${r.files.markdown.slice(runDir.length + 1)})`),
    '',
  ];
  return md.join('\n');
}
