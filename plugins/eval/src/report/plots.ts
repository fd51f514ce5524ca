import { barChart } from '../svg/barChart.js';
import { heatmap } from '../svg/heatmap.js';
import { type LineSeries, lineChart } from '../svg/lineChart.js';
import type { EvaluationReport } from './evaluationReport.js';
import { METRIC_TITLES, slug } from './format.js';

/** One rendered plot: its file name under `plots/`, a caption and the SVG text. */
export interface RenderedPlot {
  readonly file: string;
  readonly caption: string;
  readonly svg: string;
}

const CURVES: readonly [key: string, title: string][] = [
  ['loss', 'training loss'],
  ['valLoss', 'validation loss'],
  ['accuracy', 'training accuracy'],
  ['valAccuracy', 'validation accuracy'],
];

/** The metrics shown as bar charts when present. */
const BAR_METRICS = ['accuracy', 'macroF1'] as const;

/**
 * Every plot of a report: training curves (one line per condition and seed), the confusion
 * matrix of each condition summed over seeds, and bar charts of the mean test accuracy and
 * macro F1 per condition with confidence-interval error bars.
 */
export function renderPlots(report: EvaluationReport): RenderedPlot[] {
  const plots: RenderedPlot[] = [];
  for (const [key, title] of CURVES) {
    const series: LineSeries[] = [];
    for (const c of report.conditions) {
      for (const r of c.runs) {
        const points = (r.history?.epochs ?? []).filter((e) => e[key] !== undefined).map((e) => [e.epoch, e[key]!] as const);
        if (points.length > 0) series.push({ name: `${c.name} seed ${String(r.seed)}`, legend: c.name, points });
      }
    }
    if (series.length > 0) plots.push({ file: `training-${slug(key)}.svg`, caption: `${title} per epoch (one line per seed)`, svg: lineChart({ title: `${report.info.title}: ${title}`, xLabel: 'epoch', yLabel: title, series }) });
  }
  const used = new Set<string>();
  for (const c of report.conditions) {
    let file = `confusion-${slug(c.name)}.svg`;
    for (let i = 2; used.has(file); i++) file = `confusion-${slug(c.name)}-${i}.svg`;
    used.add(file);
    const seeds = c.runs.length;
    plots.push({
      file,
      caption: `confusion matrix of ${c.name}, summed over ${seeds} seed${seeds === 1 ? '' : 's'} (colour: share of the row)`,
      svg: heatmap({ title: `${c.name}: confusion matrix (${seeds} seed${seeds === 1 ? '' : 's'})`, values: report.pooledConfusion(c.name), rowLabels: report.classes, colLabels: report.classes, xLabel: 'predicted class', yLabel: 'true class' }),
    });
  }
  for (const metric of BAR_METRICS) {
    const groups: { label: string; bars: { label: string; value: number; lower?: number; upper?: number }[] }[] = [];
    for (const c of report.conditions) {
      const s = report.summary(c.name, metric);
      if (!s) continue;
      let g = groups.find((x) => x.label === c.group);
      if (!g) groups.push((g = { label: c.group, bars: [] }));
      g.bars.push({ label: c.label, value: s.mean, ...(s.ci ? { lower: s.ci.lower, upper: s.ci.upper } : {}) });
    }
    const name = METRIC_TITLES[metric] ?? metric;
    const level = Math.round(report.confidence * 100);
    plots.push({
      file: `bars-${slug(metric)}.svg`,
      caption: `test ${name} per condition: mean over seeds with ${level}% t-interval`,
      svg: barChart({ title: `${report.info.title}: test ${name} (mean, ${level}% CI)`, yLabel: `test ${name}`, groups }),
    });
  }
  return plots;
}
