import { definePlugin } from '@hqml/core';
import { type ClassificationEvaluator, type EvaluatorOptions, EvaluatorToken, createEvaluator, evaluatorOptionsSchema } from './evaluator.js';

/** The `eval.classification` plugin: classification metrics, multi-seed statistics and reports. */
export const evalPlugin = definePlugin<ClassificationEvaluator, EvaluatorOptions>({
  id: 'eval.classification',
  kind: 'evaluator',
  description: 'accuracy, per-class/macro precision, recall, F1, confusion matrix; Student-t intervals over seeds; Markdown/JSON/SVG reports',
  capabilities: { metrics: ['accuracy', 'precision', 'recall', 'f1', 'confusion'], intervals: 'student-t', reports: ['markdown', 'json', 'svg'] },
  token: EvaluatorToken,
  options: evaluatorOptionsSchema,
  create: (options) => createEvaluator(options),
});
