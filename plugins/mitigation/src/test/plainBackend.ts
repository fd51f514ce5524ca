import type { GradientProvider, QuantumBackend } from '@hqml/core';
import type { StatevectorBackend } from '@hqml/statevector';

/**
 * A statevector backend seen through exactly the QuantumBackend and GradientProvider methods.
 * The mitigator kit checks that every method of the inner object survives wrapping, and
 * statevector's own extras (amplitudes, stateVjp) have no mitigated form; `deferred: false`
 * also hides `expectationWithVjp`, to exercise the paths that do without it.
 */
export function plainBackend(sv: StatevectorBackend, options: { deferred?: boolean; id?: string } = {}): QuantumBackend & GradientProvider {
  const b: QuantumBackend & GradientProvider = {
    id: options.id ?? sv.id,
    capabilities: sv.capabilities,
    gradientMethods: sv.gradientMethods,
    expectation: (e, o) => sv.expectation(e, o),
    probabilities: (e, q) => sv.probabilities(e, q),
    sample: (e, s, seed) => sv.sample(e, s, seed),
    vjp: (e, o, u, m) => sv.vjp(e, o, u, m),
    dispose: () => sv.dispose(),
  };
  return options.deferred === false ? b : { ...b, expectationWithVjp: (e, o, m) => sv.expectationWithVjp(e, o, m) };
}
