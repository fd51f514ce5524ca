import { type GradientMethod, type GradientProvider, HqmlError, type QuantumBackend, UnsupportedError, isGradientProvider } from '@hqml/core';

/** A backend that can run the quantum layer: expectation values forward, vjp backward. */
export type DifferentiableBackend = QuantumBackend & GradientProvider;

const bound = new Map<string, DifferentiableBackend>();

/**
 * Makes `backend` available to quantum layers by its id.
 *
 * Why a binding table: TF.js rebuilds layers from their JSON config (`loadLayersModel`,
 * `serialization.registerClass`) with no way to pass services; a saved layer stores the
 * backend's id, and the layer looks it up here when it first runs. The composition root fills it
 * from its DI container (see `registerQnn`), so the choice of backend stays a config change.
 */
export function bindQuantumBackend(backend: QuantumBackend): DifferentiableBackend {
  if (!isGradientProvider(backend)) {
    throw new UnsupportedError({
      what: `Backend "${backend.id}" cannot train a quantum layer`,
      why: 'the layer needs the GradientProvider ability (vjp) for its backward pass',
      fix: 'Use a backend that declares gradientMethods, such as "statevector"',
    });
  }
  bound.set(backend.id, backend);
  return backend;
}

/** Removes a binding (tests, or before disposing a backend). */
export function unbindQuantumBackend(id: string): void {
  bound.delete(id);
}

/** The backend bound under `id`, with an error that says how to bind one. */
export function boundQuantumBackend(id: string): DifferentiableBackend {
  const b = bound.get(id);
  if (!b) {
    const known = [...bound.keys()];
    throw new HqmlError({
      what: `No quantum backend "${id}" is bound for quantum layers`,
      why: known.length ? `bound backends: ${known.join(', ')}` : 'no backend is bound yet',
      fix: 'Call registerQnn(container) after registering a backend plugin, or bindQuantumBackend(backend), before building or loading a student',
    });
  }
  return b;
}

/** Ids of the bound backends. */
export function boundQuantumBackendIds(): string[] {
  return [...bound.keys()];
}

/** A gradient method request as a layer config stores it. */
export type GradientMethodRequest = GradientMethod | 'best';
