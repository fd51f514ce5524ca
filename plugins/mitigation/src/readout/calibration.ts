import { CircuitBuilder, describeValue, type QuantumBackend, type ReadoutError, ValidationError } from '@hqml/core';

/** Options of {@link calibrateReadout}. */
export interface CalibrationOptions {
  /** Shots per calibration circuit; 0 (default) reads exact probabilities from the backend. */
  readonly shots?: number;
  /** Seed of the shots (default 0). */
  readonly seed?: number;
}

/**
 * Measures each qubit's readout error on `backend` (tensored calibration, 2 circuits): prepare
 * |0...0> (no gates) and |1...1> (X on every qubit), measure, and read off each qubit's
 * marginals, `p10 = P(read 1 | prepared 0)` and `p01 = P(read 0 | prepared 1)`. As on hardware,
 * the X gates carry their own gate noise into p01. Correlated readout errors are not captured.
 */
export function calibrateReadout(backend: QuantumBackend, numQubits: number, options: CalibrationOptions = {}): ReadoutError[] {
  const shots = options.shots ?? 0;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(numQubits) || numQubits < 1) throw new ValidationError({ what: `numQubits ${describeValue(numQubits)}`, why: 'calibration needs at least one qubit' });
  if (!Number.isInteger(shots) || shots < 0) throw new ValidationError({ what: `calibration shots ${describeValue(shots)}`, why: 'shots are a non-negative integer (0: exact probabilities)', fix: 'Pass e.g. shots: 10000' });
  const zero = new CircuitBuilder(numQubits).build();
  const oneB = new CircuitBuilder(numQubits);
  for (let q = 0; q < numQubits; q++) oneB.x(q);
  const one = oneB.build();
  // Marginal P(bit q = 1) for each qubit, from exact probabilities or from shots.
  const marginals = (circuit: typeof zero, s: number): Float64Array => {
    const m = new Float64Array(numQubits);
    if (shots === 0) {
      const p = backend.probabilities({ circuit, params: [] });
      for (let i = 0; i < p.length; i++) for (let q = 0; q < numQubits; q++) if ((i >>> q) & 1) m[q]! += p[i]!;
    } else {
      const out = backend.sample({ circuit, params: [] }, shots, s);
      for (const o of out) for (let q = 0; q < numQubits; q++) if ((o >>> q) & 1) m[q]! += 1 / shots;
    }
    return m;
  };
  const m0 = marginals(zero, seed);
  const m1 = marginals(one, seed + 1);
  return Array.from({ length: numQubits }, (_, q) => Object.freeze({ p01: 1 - m1[q]!, p10: m0[q]! }));
}
