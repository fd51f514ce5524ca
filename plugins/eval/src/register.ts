import type { DependencyContainer } from '@hqml/core';
import type { ClassificationEvaluator, EvaluatorOptions } from './evaluator.js';
import { evalPlugin } from './evalPlugin.js';

/**
 * Registers the classification evaluator under {@link EvaluatorToken} (explicitly; nothing
 * registers on import). Options are validated first.
 */
export async function registerEval(container: DependencyContainer, options: Partial<EvaluatorOptions> = {}): Promise<ClassificationEvaluator> {
  return evalPlugin.register(container, options);
}
