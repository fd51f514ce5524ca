import { describe, expect, it } from 'vitest';
import { CircuitBuilder } from '../circuit/circuit.js';
import { param, input } from '../circuit/angle.js';
import { parseObservable, pauliZ } from '../circuit/observable.js';
import { ValidationError } from '../errors.js';
import { hasExpectationWithVjp, isGradientProvider, type QuantumBackend } from '../contracts/quantumBackend.js';

/** Options of {@link describeBackendContract}. */
export interface BackendContractOptions {
  /**
   * Absolute tolerance for exact results. Default: the float64 bar (1e-9 for values that are 0,
   * 8 decimals for the others, 9 for probabilities); a single-precision backend passes e.g. 1e-6.
   */
  readonly tolerance?: number;
  /** Step of the central finite differences that VJPs are checked against (default 1e-6; a float32 backend needs e.g. 1e-2). */
  readonly finiteDifferenceStep?: number;
  /** Absolute tolerance of VJPs against finite differences (default 5e-6). */
  readonly gradientTolerance?: number;
}

/**
 * The QuantumBackend contract: shapes, analytic values (Bell state, single rotations), seeded
 * sampling, validation before compute, and — for gradient providers — VJPs against central
 * finite differences of the backend's own expectation values, and the optional
 * `expectationWithVjp` against `expectation` and `vjp`.
 */
export function describeBackendContract(name: string, make: () => QuantumBackend, options: BackendContractOptions = {}): void {
  const tol = options.tolerance ?? 1e-9;
  /** |actual - expected| within the backend's tolerance, or to `digits` decimals (toBeCloseTo) by default. */
  const near = (actual: number | undefined, expected: number, digits: number): void => {
    if (options.tolerance === undefined) expect(actual).toBeCloseTo(expected, digits);
    else expect(Math.abs((actual as number) - expected)).toBeLessThan(options.tolerance);
  };
  const h = options.finiteDifferenceStep ?? 1e-6;
  const gradTol = options.gradientTolerance ?? 5e-6;
  describe(`QuantumBackend contract: ${name}`, () => {
    it('declares an id and capabilities', () => {
      const b = make();
      expect(typeof b.id).toBe('string');
      expect(b.capabilities.maxQubits).toBeGreaterThanOrEqual(2);
      b.dispose?.();
    });

    it('prepares a Bell state: <Z0 Z1> = 1, <Z0> = 0, p = [1/2, 0, 0, 1/2]', () => {
      const b = make();
      const c = new CircuitBuilder(2).h(0).cnot(0, 1).build();
      const e = b.expectation({ circuit: c, params: [] }, [parseObservable('Z0 Z1'), pauliZ(0), parseObservable('X0 X1')]);
      expect(e.length).toBe(3);
      near(e[0], 1, 8);
      expect(Math.abs(e[1] as number)).toBeLessThan(tol * 10 + 1e-12);
      near(e[2], 1, 8);
      const p = b.probabilities({ circuit: c, params: [] });
      [0.5, 0, 0, 0.5].forEach((v, i) => near(p[i], v, 9));
      b.dispose?.();
    });

    it('evaluates a batch with per-sample inputs: <Z> after RY(x) is cos(x)', () => {
      const b = make();
      const c = new CircuitBuilder(1).ry(0, input(0)).build();
      const xs = [0, 0.3, 1.2, Math.PI / 2, 2.5, Math.PI];
      const e = b.expectation({ circuit: c, params: [], inputs: xs }, [pauliZ(0)]);
      expect(e.length).toBe(xs.length);
      xs.forEach((x, i) => near(e[i], Math.cos(x), 8));
      b.dispose?.();
    });

    it('orders probabilities with qubit 0 as the least significant bit', () => {
      const b = make();
      const c = new CircuitBuilder(3).x(0).build();
      const p = b.probabilities({ circuit: c, params: [] });
      near(p[1], 1, 9);
    });

    it('samples reproducibly from a seed, with the right frequencies', () => {
      const b = make();
      const c = new CircuitBuilder(2).ry(0, param(0)).build();
      const theta = 2 * Math.asin(Math.sqrt(0.3));
      const s1 = b.sample({ circuit: c, params: [theta] }, 4000, 7);
      const s2 = b.sample({ circuit: c, params: [theta] }, 4000, 7);
      expect(s1.length).toBe(4000);
      expect(Array.from(s1)).toEqual(Array.from(s2));
      const ones = Array.from(s1).filter((v) => v === 1).length / 4000;
      // p = 0.3, standard error ~0.0072: 5 sigma.
      expect(Math.abs(ones - 0.3)).toBeLessThan(0.037);
      expect(Array.from(s1).every((v) => v === 0 || v === 1)).toBe(true);
      b.dispose?.();
    });

    it('validates before computing: wrong parameter count is a ValidationError', () => {
      const b = make();
      const c = new CircuitBuilder(1).rx(0, param(0)).build();
      expect(() => b.expectation({ circuit: c, params: [] }, [pauliZ(0)])).toThrow(ValidationError);
      expect(() => b.expectation({ circuit: c, params: [0.1] }, [pauliZ(3)])).toThrow(ValidationError);
      b.dispose?.();
    });

    it('gives VJPs equal to central finite differences (when it provides gradients)', () => {
      const b = make();
      if (!isGradientProvider(b)) return;
      const c = new CircuitBuilder(2).ry(0, input(0)).rx(1, param(0)).cnot(0, 1).rz(0, param(1)).ry(1, param(1, 0.5)).rx(0, input(1)).build();
      const params = [0.4, -0.7];
      const inputs = [0.3, 1.1, -0.5, 0.2];
      const obs = [parseObservable('Z0'), parseObservable('0.5*X0 Z1 + Y1')];
      const up = [1, -0.5, 0.25, 2];
      for (const method of b.gradientMethods) {
        if (method === 'finite-diff') continue;
        const r = b.vjp({ circuit: c, params, inputs }, obs, up, method);
        const f = (p: number[], x: number[]): number => {
          const e = b.expectation({ circuit: c, params: p, inputs: x }, obs);
          return e.reduce((acc, v, i) => acc + v * (up[i] as number), 0);
        };
        params.forEach((_, k) => {
          const pp = [...params];
          const pm = [...params];
          pp[k]! += h;
          pm[k]! -= h;
          expect(Math.abs((r.params[k] as number) - (f(pp, inputs) - f(pm, inputs)) / (2 * h))).toBeLessThan(gradTol);
        });
        inputs.forEach((_, k) => {
          const xp = [...inputs];
          const xm = [...inputs];
          xp[k]! += h;
          xm[k]! -= h;
          expect(Math.abs((r.inputs[k] as number) - (f(params, xp) - f(params, xm)) / (2 * h))).toBeLessThan(gradTol);
        });
      }
      b.dispose?.();
    });

    it('expectationWithVjp (when offered) gives the values of expectation and the VJPs of vjp, repeatably', () => {
      const b = make();
      if (!isGradientProvider(b) || !hasExpectationWithVjp(b)) return;
      const c = new CircuitBuilder(2).ry(0, input(0)).rx(1, param(0)).cnot(0, 1).rz(0, param(1)).ry(1, param(1, 0.5)).build();
      const e = { circuit: c, params: [0.4, -0.7], inputs: [0.3, -0.5, 1.2] };
      const obs = [parseObservable('Z0'), parseObservable('0.5*X0 Z1 + Y1')];
      const up = [1, -0.5, 0.25, 2, -1, 0.3];
      for (const method of b.gradientMethods) {
        if (method === 'finite-diff') continue;
        const d = b.expectationWithVjp(e, obs, method);
        const want = b.vjp(e, obs, up, method);
        Array.from(b.expectation(e, obs)).forEach((v, i) => expect(d.value[i]).toBeCloseTo(v, 12));
        for (let k = 0; k < 2; k++) {
          const got = d.vjp(up);
          Array.from(want.params).forEach((v, i) => expect(got.params[i]).toBeCloseTo(v, 10));
          Array.from(want.inputs).forEach((v, i) => expect(got.inputs[i]).toBeCloseTo(v, 10));
        }
      }
      b.dispose?.();
    });
  });
}
