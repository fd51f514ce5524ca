import { CircuitBuilder, input, parseObservable } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { shotExpectation } from './shotExpectation.js';

describe('shotExpectation', () => {
  const sv = new StatevectorBackend({ threads: 1 });
  afterAll(() => sv.dispose());

  it('agrees with exact expectation values within 5 standard errors (X, Y, Z strings, a batch)', () => {
    const c = new CircuitBuilder(3).ry(0, input(0)).h(1).cnot(1, 2).rx(2, 0.4).s(1).cry(0, 1, 0.9).build();
    const exec = { circuit: c, params: [], inputs: [0.3, 1.7] };
    const obs = [parseObservable('Z0'), parseObservable('X1 Y2'), parseObservable('0.5*Z0 Z2 - X0 + 0.25'), parseObservable('Y1')];
    const shots = 20000;
    const exact = sv.expectation(exec, obs);
    const est = shotExpectation(sv, exec, obs, shots, 4);
    expect(est.length).toBe(8);
    // Each term's standard error is at most |coeff| / sqrt(shots); summed over terms as a bound.
    const bound = [1, 1, 1.5, 1].map((w) => (5 * w) / Math.sqrt(shots));
    Array.from(exact).forEach((v, i) => expect(Math.abs(est[i]! - v)).toBeLessThan(bound[i % 4]!));
    expect(Array.from(shotExpectation(sv, exec, obs, shots, 4))).toEqual(Array.from(est));
  });
});
