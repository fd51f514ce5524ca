import { type GradientMethod, type GradientProvider, type QuantumBackend, UnsupportedError, isGradientProvider } from '@hqml/core';

/** A backend that can run the quantum layer: expectation values forward, vjp backward. */
export type DifferentiableBackend = QuantumBackend & GradientProvider;

/**
 * Checks, before any compute, that `backend` can train a quantum layer (it has the
 * GradientProvider ability), with the error that says which backend to use instead.
 */
export function requireDifferentiable(backend: QuantumBackend): DifferentiableBackend {
  if (!isGradientProvider(backend)) {
    throw new UnsupportedError({
      what: `Backend "${backend.id}" cannot train a quantum layer`,
      why: 'the layer needs the GradientProvider ability (vjp) for its backward pass',
      fix: 'Use a backend that declares gradientMethods, such as "statevector"',
    });
  }
  return backend;
}

/** A gradient method request as a layer config stores it. */
export type GradientMethodRequest = GradientMethod | 'best';
