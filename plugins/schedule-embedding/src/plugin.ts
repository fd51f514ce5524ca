import { type HqmlModule, definePlugin } from '@hqml/core';
import type { ZodType } from 'zod';
import type { AnnealerClassifier } from './annealerClassifier.js';
import { embeddingBench } from './bench.js';
import { type ClassifierOptions, classifierOptionsSchema, createClassifier } from './register.js';

/** The `schedule-embedding` model plugin: network-programmed annealer classifiers on the composition's backend. */
export const scheduleEmbeddingPlugin = definePlugin<AnnealerClassifier, ClassifierOptions>({
  id: 'schedule-embedding',
  kind: 'model',
  description: 'A CNN programs the schedule of a simulated quantum annealer (Trotterized X/Z/ZZ evolution); its final states classify by Hilbert-Schmidt distance to class states',
  capabilities: { terms: ['X', 'Z', 'ZZ'], couplers: ['all', 'line', 'ring', 'none'], trotterOrders: [1, 2], presets: ['seed', 'tuned'], needs: 'StateProvider backend' },
  options: classifierOptionsSchema as unknown as ZodType<ClassifierOptions>,
  create: (options, container) => createClassifier(options, container),
});

/** What `@hqml/schedule-embedding` contributes to hqml: the plugin and the `embedding` bench suite. */
export const hqml: HqmlModule = {
  plugins: [scheduleEmbeddingPlugin],
  benchmarks: [embeddingBench],
};
