import type { SeedSummary } from '../stats/summarize.js';
import { STANDARD_METRICS } from './evaluationReport.js';

/** Display names of the standard metrics. */
export const METRIC_TITLES: Readonly<Record<string, string>> = { accuracy: 'accuracy', macroPrecision: 'macro precision', macroRecall: 'macro recall', macroF1: 'macro F1' };

/** Whether a metric is a fraction shown in percent (the standard metrics) or a plain number. */
export function isFraction(metric: string): boolean {
  return (STANDARD_METRICS as readonly string[]).includes(metric);
}

/** A number for a table: percent with two decimals for fractions, four significant digits otherwise. */
export function formatValue(v: number | null | undefined, fraction: boolean): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (fraction) return (v * 100).toFixed(2);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

/** `mean ± std` (or the mean alone with one seed). */
export function formatMeanStd(s: SeedSummary | undefined, fraction: boolean): string {
  if (!s) return '–';
  return s.std === null ? formatValue(s.mean, fraction) : `${formatValue(s.mean, fraction)} ± ${formatValue(s.std, fraction)}`;
}

/** `[lower, upper]` of the interval, or "–". */
export function formatInterval(s: { ci: { lower: number; upper: number } | null } | undefined, fraction: boolean): string {
  if (!s?.ci) return '–';
  return `[${formatValue(s.ci.lower, fraction)}, ${formatValue(s.ci.upper, fraction)}]`;
}

/** A p-value: three significant digits, or "< 1e-4". */
export function formatP(p: number | null): string {
  if (p === null) return '–';
  return p < 1e-4 ? '< 1e-4' : String(Number(p.toPrecision(3)));
}

/** Escapes a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** A file-name-safe slug of a condition name. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'condition';
}
