import { ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { ExtrapolationError } from './extrapolationError.js';
import { ExpFactory, type Factory, LinearFactory, PolyFactory, RichardsonFactory, isLinearCombination } from './factories.js';
import { makeFactory } from './factorySpec.js';
import { combineResults } from './zne.js';

/** Central differences of a factory's value by each measured value. */
function numericGradient(f: Factory, x: number[], y: number[], h = 1e-4): number[] {
  return y.map((_, k) => {
    const up = [...y], dn = [...y];
    up[k]! += h;
    dn[k]! -= h;
    return (f.extrapolate(x, up).value - f.extrapolate(x, dn).value) / (2 * h);
  });
}

describe('Richardson', () => {
  it('has the reference weights (3, -3, 1) at [1, 2, 3] and (15/8, -5/4, 3/8) at [1, 3, 5]', () => {
    const r = new RichardsonFactory();
    expect(Array.from(r.weights([1, 2, 3]))).toEqual([3, -3, 1].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(r.weights([1, 3, 5]))).toEqual([15 / 8, -5 / 4, 3 / 8].map((v) => expect.closeTo(v, 14)));
  });

  it('is exact on polynomials of degree len - 1', () => {
    const p = (x: number): number => 0.7 - 0.2 * x + 0.03 * x * x - 0.004 * x ** 3;
    const xs = [1, 1.5, 2.5, 4];
    expect(new RichardsonFactory().extrapolate(xs, xs.map(p)).value).toBeCloseTo(0.7, 12);
  });

  it('rejects repeated or too few scale factors before anything runs', () => {
    expect(() => new RichardsonFactory().weights([1, 1, 3])).toThrow(ValidationError);
    expect(() => new RichardsonFactory().weights([1])).toThrow(/at least 2/);
    expect(() => new RichardsonFactory().weights([0.5, 1])).toThrow(/>= 1/);
  });
});

describe('Linear and Poly', () => {
  it('Linear at [1, 2, 3] gives the intercept (4 y1 + y2 - 2 y3) / 3', () => {
    const y = [0.91, 0.83, 0.78];
    expect(new LinearFactory().extrapolate([1, 2, 3], y).value).toBeCloseTo((4 * y[0]! + y[1]! - 2 * y[2]!) / 3, 14);
  });

  it('Linear on 5 points matches the closed-form least-squares intercept', () => {
    const x = [1, 1.5, 2, 3, 5], y = [0.9, 0.86, 0.8, 0.74, 0.6];
    const mx = x.reduce((s, v) => s + v) / 5, my = y.reduce((s, v) => s + v) / 5;
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
    expect(new LinearFactory().extrapolate(x, y).value).toBeCloseTo(my - slope * mx, 12);
  });

  it('Poly(2) is exact on quadratics, and Poly(order) equals Richardson with len = order + 1', () => {
    const x = [1, 2, 3, 4, 5], q = (v: number): number => 1 - 0.1 * v + 0.01 * v * v;
    expect(new PolyFactory(2).extrapolate(x, x.map(q)).value).toBeCloseTo(1, 12);
    const y3 = [0.9, 0.7, 0.65];
    expect(new PolyFactory(2).extrapolate([1, 2, 3], y3).value).toBeCloseTo(new RichardsonFactory().extrapolate([1, 2, 3], y3).value, 12);
  });

  it('needs order + 1 distinct scale factors', () => {
    expect(() => new PolyFactory(3).check([1, 2, 3])).toThrow(/at least 4/);
    expect(() => new PolyFactory(2).check([1, 1, 3, 3])).toThrow(/distinct/);
    expect(() => new PolyFactory(0)).toThrow(ValidationError);
  });
});

describe('Exp', () => {
  it('with a known asymptote recovers a + b e^{-cx} from 2 points, exactly', () => {
    const f = (x: number): number => 0.1 + 0.8 * Math.exp(-0.3 * x);
    expect(new ExpFactory({ asymptote: 0.1 }).extrapolate([1, 3], [f(1), f(3)]).value).toBeCloseTo(0.9, 12);
    const g = (x: number): number => -0.5 * Math.exp(-0.2 * x); // below the asymptote 0
    expect(new ExpFactory({ asymptote: 0 }).extrapolate([1, 2, 3], [g(1), g(2), g(3)]).value).toBeCloseTo(-0.5, 12);
  });

  it('without an asymptote fits a, b and c (3 and 5 points) and recovers the zero-noise value', () => {
    const f = (x: number): number => 0.25 + 0.6 * Math.exp(-0.4 * x);
    expect(new ExpFactory().extrapolate([1, 2, 3], [1, 2, 3].map(f)).value).toBeCloseTo(0.85, 9);
    const xs = [1, 1.5, 2, 3, 5];
    expect(new ExpFactory().extrapolate(xs, xs.map(f)).value).toBeCloseTo(0.85, 9);
  });

  it('gives gradients equal to central differences of its own value (asymptote: chain rule; fitted: implicit function)', () => {
    const xs = [1, 2, 3, 4];
    const y = [0.8, 0.66, 0.56, 0.49]; // noisy data: residuals are not zero
    for (const f of [new ExpFactory(), new ExpFactory({ asymptote: 0 })]) {
      const got = Array.from(f.extrapolate(xs, y).gradient);
      numericGradient(f, xs, y).forEach((v, k) => expect(got[k]).toBeCloseTo(v, 5));
    }
  });

  it('fails with the alternatives named when the data do not decay, or straddle the asymptote', () => {
    expect(() => new ExpFactory().extrapolate([1, 2, 3], [0.9, 0.8, 0.7])).toThrow(ExtrapolationError);
    expect(() => new ExpFactory().extrapolate([1, 2, 3], [0.9, 0.8, 0.7])).toThrow(/linear or richardson/);
    expect(() => new ExpFactory({ asymptote: 0 }).extrapolate([1, 2], [0.1, -0.1])).toThrow(/one side/);
    expect(() => new ExpFactory().check([1, 2])).toThrow(/at least 3/);
  });

  it('returns the common value with weights summing to 1 for flat data (a noise-free backend)', () => {
    const e = new ExpFactory().extrapolate([1, 2, 3], [0.4, 0.4, 0.4]);
    expect(e.value).toBeCloseTo(0.4, 15);
    expect(Array.from(e.gradient).reduce((s, v) => s + v)).toBeCloseTo(1, 15);
  });
});

describe('factory specs and combineResults', () => {
  it('names factories as configs do', () => {
    expect(makeFactory('linear').name).toBe('linear');
    expect(makeFactory({ kind: 'poly', order: 2 }).name).toBe('poly(2)');
    expect(makeFactory({ kind: 'exp', asymptote: 0 }).name).toBe('exp(asymptote=0)');
    expect(isLinearCombination(makeFactory('richardson'))).toBe(true);
    expect(isLinearCombination(makeFactory('exp'))).toBe(false);
  });

  it('combines outputs one by one, linear and nonlinear alike', () => {
    const scales = [1, 2, 3];
    const values = [Float64Array.of(0.9, -0.5), Float64Array.of(0.81, -0.25), Float64Array.of(0.729, -0.125)];
    const r = combineResults(scales, values, new RichardsonFactory());
    expect(r.value[0]).toBeCloseTo(3 * 0.9 - 3 * 0.81 + 0.729, 14);
    expect(Array.from(r.gradients.map((g) => g[1]))).toEqual([3, -3, 1].map((v) => expect.closeTo(v, 14)));
    const e = combineResults(scales, values, new ExpFactory({ asymptote: 0 }));
    expect(e.value[0]).toBeCloseTo(1, 12);
    expect(e.value[1]).toBeCloseTo(-1, 12);
    expect(() => combineResults(scales, values.slice(1), new RichardsonFactory())).toThrow(ValidationError);
  });
});
