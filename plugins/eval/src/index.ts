// Metrics
export { classificationMetrics, classificationMetricsFromLogits, metricsFromConfusion } from './metrics/classification.js';
export type { ClassificationMetrics, MacroAverages, MetricsOptions, ZeroDivision } from './metrics/classification.js';
export { confusionMatrix, argmaxRows } from './metrics/confusionMatrix.js';
export type { ConfusionMatrix } from './metrics/confusionMatrix.js';

// Statistics over seeds
export { summarize } from './stats/summarize.js';
export type { SeedSummary, ConfidenceInterval, SummarizeOptions } from './stats/summarize.js';
export { pairedDifference } from './stats/pairedDifference.js';
export type { PairedDifference } from './stats/pairedDifference.js';
export { studentTCdf, studentTPdf, studentTQuantile, studentTTwoSidedP } from './stats/studentT.js';
export { lnGamma, regularizedIncompleteBeta } from './stats/specialFunctions.js';

// Reports
export { EvaluationReport, verifyReportJson, REPORT_SCHEMA, STANDARD_METRICS } from './report/evaluationReport.js';
export type { RunInfo, SeedRun, Condition, ConditionInput, ComparisonSpec, ReportInput } from './report/evaluationReport.js';
export { writeReport } from './report/writeReport.js';
export type { ReportFiles } from './report/writeReport.js';
export { renderMarkdown } from './report/markdown.js';
export type { MarkdownOptions } from './report/markdown.js';
export { renderPlots } from './report/plots.js';
export type { RenderedPlot } from './report/plots.js';
export { packageVersions, environmentInfo } from './report/provenance.js';

// SVG charts
export { lineChart } from './svg/lineChart.js';
export type { LineChartSpec, LineSeries } from './svg/lineChart.js';
export { heatmap } from './svg/heatmap.js';
export type { HeatmapSpec } from './svg/heatmap.js';
export { barChart } from './svg/barChart.js';
export type { BarChartSpec, BarGroup, Bar } from './svg/barChart.js';

// Composition
export { createEvaluator, EvaluatorToken, evaluatorOptionsSchema } from './evaluator.js';
export type { ClassificationEvaluator, EvaluatorOptions } from './evaluator.js';
export { evalPlugin } from './evalPlugin.js';
export { registerEval } from './register.js';
