import { type Evaluator, type Token, Tokens, narrowToken } from '@hqml/core';
import { z } from 'zod';
import { type ClassificationMetrics, type ZeroDivision, classificationMetrics, classificationMetricsFromLogits, metricsFromConfusion } from './metrics/classification.js';
import type { ConfusionMatrix } from './metrics/confusionMatrix.js';
import { EvaluationReport, type ReportInput } from './report/evaluationReport.js';
import { type ReportFiles, writeReport } from './report/writeReport.js';
import { checkConfidence } from './stats/validate.js';

/** Options of the `eval.classification` plugin. */
export const evaluatorOptionsSchema = z
  .object({
    /** Value of 0/0 precision/recall/F1 (scikit-learn's zero_division). */
    zeroDivision: z.union([z.literal(0), z.literal(1), z.literal('nan')]).default(0),
    /** Confidence level of every interval in reports. */
    confidence: z.number().gt(0).lt(1).default(0.95),
  })
  .strict();

/** Validated options of {@link createEvaluator}. */
export type EvaluatorOptions = z.infer<typeof evaluatorOptionsSchema>;

/**
 * The evaluator apps resolve from the container: the metric functions and the report builder
 * with the configured 0/0 convention and confidence level applied, so one config line changes
 * them for a whole experiment.
 */
export interface ClassificationEvaluator extends Evaluator<ClassificationMetrics, EvaluationReport, Omit<ReportInput, 'confidence'>, ReportFiles> {
  readonly id: 'eval.classification';
  readonly zeroDivision: ZeroDivision;
  readonly confidence: number;
  /** Metrics from true and predicted labels. */
  metrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number): ClassificationMetrics;
  /** Metrics from `count x numClasses` logits (argmax prediction). */
  metricsFromLogits(logits: ArrayLike<number>, yTrue: ArrayLike<number>, numClasses: number): ClassificationMetrics;
  /** Metrics from a stored confusion matrix (rows = true class). */
  metricsFromConfusion(confusion: ConfusionMatrix): ClassificationMetrics;
  /** Builds a report with the configured confidence level. */
  report(input: Omit<ReportInput, 'confidence'>): EvaluationReport;
  /** Writes report.md, report.json and plots/*.svg into a run directory. */
  write(report: EvaluationReport, dir: string): Promise<ReportFiles>;
}

/** Core's evaluator token, typed with this package's contract. */
export const EvaluatorToken: Token<ClassificationEvaluator> = narrowToken<ClassificationEvaluator>(Tokens.Evaluator);

/** Builds an evaluator; options default to zeroDivision 0 and 95% intervals. */
export function createEvaluator(options: Partial<EvaluatorOptions> = {}): ClassificationEvaluator {
  const { zeroDivision, confidence } = evaluatorOptionsSchema.parse(options);
  checkConfidence(confidence, 'createEvaluator');
  return Object.freeze({
    id: 'eval.classification' as const,
    zeroDivision,
    confidence,
    metrics: (yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses: number) => classificationMetrics(yTrue, yPred, numClasses, { zeroDivision }),
    metricsFromLogits: (logits: ArrayLike<number>, yTrue: ArrayLike<number>, numClasses: number) => classificationMetricsFromLogits(logits, yTrue, numClasses, { zeroDivision }),
    metricsFromConfusion: (confusion: ConfusionMatrix) => metricsFromConfusion(confusion, { zeroDivision }),
    report: (input: Omit<ReportInput, 'confidence'>) => EvaluationReport.create({ ...input, confidence }),
    write: (report: EvaluationReport, dir: string) => writeReport(report, dir),
  });
}
