import type { HqmlModule } from '@hqml/core';
import { evalBench } from './evalBench.js';
import { evalCommand } from './evalCommand.js';
import { evalPlugin } from './evalPlugin.js';

/** What `@hqml/eval` contributes to hqml: the `eval.classification` evaluator, `hqml eval`, `hqml bench eval`. */
export const hqml: HqmlModule = {
  plugins: [evalPlugin],
  commands: [evalCommand],
  benchmarks: [evalBench],
};
