/**
 * What an evaluator plugin provides (`eval.classification`): metrics from predictions or logits,
 * and reports over seeds written into a run directory.
 *
 * Design note: core fixes the shape and the token; the metric and report types belong to the
 * package that implements them (eval's `ClassificationEvaluator` narrows the parameters), so
 * core does not depend on a statistics package.
 */
export interface Evaluator<TMetrics = unknown, TReport = unknown, TReportInput = never, TFiles = unknown> {
  /** The plugin id, e.g. `eval.classification`. */
  readonly id: string;
  /** Metrics from true and predicted labels. */
  metrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): TMetrics;
  /** Metrics from `count x numClasses` logits (argmax prediction). */
  metricsFromLogits(logits: ArrayLike<number>, yTrue: ArrayLike<number>, numClasses: number): TMetrics;
  /** Builds a report over conditions and seeds. */
  report(input: TReportInput): TReport;
  /** Writes the report's files into `dir`; returns their paths. */
  write(report: TReport, dir: string): Promise<TFiles>;
}
