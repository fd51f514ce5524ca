import { CircuitBuilder, type Execution, type Observable, UnsupportedError, input, param, parseObservable, resolveGradientMethod } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { centralDifferences, expectClose } from './test/finiteDifferences.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

/** Central differences of sum(upstream * expectation) in every parameter and input. */
function expectationDifferences(e: Execution, obs: readonly Observable[], up: readonly number[]): { params: number[]; inputs: number[] } {
  return centralDifferences(e, (p, x) => {
    const v = b.expectation({ circuit: e.circuit, params: p, ...(x ? { inputs: x } : {}) }, obs);
    return v.reduce((a, y, i) => a + y * up[i]!, 0);
  });
}

describe('gradients: adjoint = parameter-shift = central differences', () => {
  const obs = [parseObservable('Z0'), parseObservable('0.5*X0 Z1 + Y1'), parseObservable('Y0 X1 Z2 - 0.3*Z1 Z2 + 0.2')];
  for (const [n, depth, seed] of [[2, 25, 11], [3, 40, 12], [4, 60, 13], [5, 60, 14]] as const) {
    it(`random ${n}-qubit circuit (${depth} gates, every gate kind, affine param/input angles), batch of 3`, () => {
      const c = randomCircuit(n, depth, seed, { numParams: 4, numInputs: 3 });
      const rows = 3;
      const e: Execution = { circuit: c, params: randomValues(4, seed + 100), inputs: randomValues(3 * rows, seed + 200) };
      const o = n >= 3 ? obs : obs.slice(0, 2);
      const up = randomValues(rows * o.length, seed + 300);
      const adj = b.vjp(e, o, up, 'adjoint');
      const ps = b.vjp(e, o, up, 'parameter-shift');
      const fd = expectationDifferences(e, o, up);
      expectClose(adj.value, Array.from(b.expectation(e, o)), 1e-12);
      expectClose(adj.params, Array.from(ps.params), 1e-10);
      expectClose(adj.inputs, Array.from(ps.inputs), 1e-10);
      expectClose(adj.params, fd.params);
      expectClose(adj.inputs, fd.inputs);
    });
  }

  it('amplitude-encoded inputs: the gradient goes through the normalisation (adjoint, shift rule, differences)', () => {
    const c = new CircuitBuilder(3, { numInputs: 9 }).amplitude(3, 1).ry(0, param(0)).cnot(0, 1).rx(2, input(0)).crz(1, 2, param(1)).ryy(0, 2, param(0, -0.5)).build();
    const e: Execution = { circuit: c, params: [0.3, -1.2], inputs: randomValues(18, 5) };
    const o = [parseObservable('Z0 X1'), parseObservable('Y2 + 0.7*X0 X2')];
    const up = randomValues(4, 6);
    const adj = b.vjp(e, o, up, 'adjoint');
    const ps = b.vjp(e, o, up, 'parameter-shift');
    const fd = expectationDifferences(e, o, up);
    expectClose(adj.inputs, fd.inputs);
    expectClose(adj.params, fd.params);
    expectClose(ps.inputs, fd.inputs);
    expectClose(ps.params, fd.params);
  });

  it('resolves the method in one place: best = adjoint; an unsupported method names the supported ones', () => {
    expect(resolveGradientMethod(b)).toBe('adjoint');
    const c = new CircuitBuilder(1).rx(0, param(0)).build();
    expect(() => b.vjp({ circuit: c, params: [0.1] }, [parseObservable('Z0')], [1], 'finite-diff')).toThrow(UnsupportedError);
    expect(() => b.vjp({ circuit: c, params: [0.1] }, [parseObservable('Z0')], [1], 'finite-diff')).toThrow(/adjoint, parameter-shift/);
    const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0.1 }] } });
    expect(resolveGradientMethod(noisy)).toBe('parameter-shift');
    expect(() => noisy.vjp({ circuit: c, params: [0.1] }, [parseObservable('Z0')], [1], 'adjoint')).toThrow(UnsupportedError);
  });

  it('noisy circuits: the shift rule matches differences of the density-matrix expectation', () => {
    const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'amplitude-damping', probability: 0.1 }, { kind: 'depolarizing', probability: 0.05, gates: ['CNOT'] }] } });
    const c = randomCircuit(3, 20, 77, { numParams: 3, numInputs: 2 });
    const e: Execution = { circuit: c, params: randomValues(3, 1), inputs: randomValues(2, 2) };
    const o = [parseObservable('Z0 Z1'), parseObservable('X2')];
    const r = noisy.vjp(e, o, [1, -2]);
    const h = 1e-6;
    const f = (p: number[]): number => {
      const v = noisy.expectation({ ...e, params: p }, o);
      return v[0]! - 2 * v[1]!;
    };
    const P = Array.from(e.params);
    P.forEach((_, k) => {
      const pp = [...P], pm = [...P];
      pp[k]! += h;
      pm[k]! -= h;
      expect(r.params[k]).toBeCloseTo((f(pp) - f(pm)) / (2 * h), 6);
    });
  });
});
