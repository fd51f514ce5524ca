import { type HqmlModule, definePlugin } from '@hqml/core';
import { embeddingBench } from './bench.js';
import { type AnnealerClassifierFactory, AnnealerClassifierFactoryToken, createAnnealerClassifierFactory } from './register.js';

/** The `annealer-embedding` plugin: a factory of network-programmed annealer classifiers on the container's backend. */
export const annealerEmbeddingPlugin = definePlugin<AnnealerClassifierFactory>({
  id: 'annealer-embedding',
  kind: 'model',
  description: 'CNN-programmed quantum annealer (Trotterized X/Z/ZZ evolution) with a Hilbert-Schmidt nearest-class-state classifier',
  capabilities: { terms: ['X', 'Z', 'ZZ'], couplers: ['all', 'line', 'ring', 'none'], trotterOrders: [1, 2], presets: ['seed', 'tuned'], needs: 'StateProvider backend' },
  token: AnnealerClassifierFactoryToken,
  create: (_options, container) => createAnnealerClassifierFactory(container),
});

/** What `@hqml/annealer-embedding` contributes to hqml: the plugin and the `embedding` bench suite. */
export const hqml: HqmlModule = {
  plugins: [annealerEmbeddingPlugin],
  benchmarks: [embeddingBench],
};
