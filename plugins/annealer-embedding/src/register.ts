import { type DependencyContainer, type Token, Tokens, inject, provide, token } from '@hqml/core';
import { AnnealerClassifier, type AnnealerClassifierOptions } from './annealerClassifier.js';
import { requireStateProvider } from './stateOp.js';

/** Builds annealer classifiers on the container's quantum backend. */
export type AnnealerClassifierFactory = (options: Omit<AnnealerClassifierOptions, 'backend'>) => Promise<AnnealerClassifier>;

/** Token of the {@link AnnealerClassifierFactory} that {@link registerAnnealerEmbedding} registers. */
export const AnnealerClassifierFactoryToken: Token<AnnealerClassifierFactory> = token<AnnealerClassifierFactory>('annealer-embedding.ClassifierFactory');

/** A factory on the container's QuantumBackend (which must be a StateProvider), without registering it. */
export function createAnnealerClassifierFactory(container: DependencyContainer): AnnealerClassifierFactory {
  const backend = requireStateProvider(inject(container, Tokens.QuantumBackend));
  return (options) => AnnealerClassifier.create({ ...options, backend });
}

/**
 * Registers an {@link AnnealerClassifierFactory} on the container's QuantumBackend (register a
 * backend plugin such as `statevector` first); swapping the simulator is then a config change.
 */
export function registerAnnealerEmbedding(container: DependencyContainer): AnnealerClassifierFactory {
  const factory = createAnnealerClassifierFactory(container);
  provide(container, AnnealerClassifierFactoryToken, factory);
  return factory;
}
