import { type DependencyContainer, type Token, Tokens, inject, provide, token } from '@hqml/core';
import { bindQuantumBackend } from './backendBinding.js';
import { type BuildStudentOptions, type QuantumStudent, buildStudent } from './student.js';

/** Builds students on the container's quantum backend. */
export type StudentFactory = (options: Omit<BuildStudentOptions, 'backend'>) => Promise<QuantumStudent>;

/** Token of the {@link StudentFactory} that {@link registerQnn} registers. */
export const StudentFactoryToken: Token<StudentFactory> = token<StudentFactory>('qnn.StudentFactory');

/**
 * Binds the container's `QuantumBackend` (registered before, e.g. by the `statevector` plugin)
 * for quantum layers, and registers a {@link StudentFactory} that builds students on it. Swapping
 * the backend is then a config change: the layers follow the container.
 */
export function registerQnn(container: DependencyContainer): StudentFactory {
  const factory = createStudentFactory(container);
  provide(container, StudentFactoryToken, factory);
  return factory;
}

/** Binds the container's backend and returns a factory on it, without registering anything. */
export function createStudentFactory(container: DependencyContainer): StudentFactory {
  const backend = bindQuantumBackend(inject(container, Tokens.QuantumBackend));
  return (options) => buildStudent({ ...options, backend });
}
