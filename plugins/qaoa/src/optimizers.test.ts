import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs.js';
import { minimizeNelderMead } from './nelderMead.js';

const rosenbrock = (x: Float64Array): number => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return s;
};
const rosenbrockGrad = (x: Float64Array): Float64Array => {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    g[i]! += -400 * x[i]! * (x[i + 1]! - x[i]! ** 2) - 2 * (1 - x[i]!);
    g[i + 1]! += 200 * (x[i + 1]! - x[i]! ** 2);
  }
  return g;
};

describe('minimizeLbfgs', () => {
  it('finds the minimum (1, ..., 1) of the 6-dimensional Rosenbrock function', () => {
    const r = minimizeLbfgs((x) => ({ f: rosenbrock(x), g: rosenbrockGrad(x) }), [-1.2, 1, -1.2, 1, 0.5, 0.3], { maxIterations: 500 });
    expect(r.converged).toBe(true);
    Array.from(r.x).forEach((v) => expect(v).toBeCloseTo(1, 5));
    expect(r.f).toBeLessThan(1e-10);
    // the history is the best value per iteration and never rises
    for (let k = 1; k < r.history.length; k++) expect(r.history[k]!).toBeLessThanOrEqual(r.history[k - 1]!);
  });

  it('solves an ill-conditioned quadratic in few iterations', () => {
    const d = [1, 10, 100, 1000];
    const r = minimizeLbfgs((x) => ({ f: x.reduce((s, v, i) => s + 0.5 * d[i]! * (v - i) ** 2, 0), g: x.map((v, i) => d[i]! * (v - i)) }), [5, 5, 5, 5]);
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo(i, 6));
    expect(r.iterations).toBeLessThan(30);
  });

  it('stops at a gradient of zero without moving', () => {
    const r = minimizeLbfgs((x) => ({ f: (x[0]! - 2) ** 2, g: [2 * (x[0]! - 2)] }), [2]);
    expect(r.iterations).toBe(0);
    expect(r.reason).toMatch(/gradient/);
  });
});

describe('minimizeNelderMead', () => {
  it('finds the minimum of the 2-dimensional Rosenbrock function without gradients', () => {
    const r = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 2000, xTolerance: 1e-8, fTolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
    expect(r.converged).toBe(true);
  });

  it('minimises a shifted quadratic in 4 dimensions and respects the evaluation cap', () => {
    const f = (x: Float64Array): number => x.reduce((s, v, i) => s + (i + 1) * (v - 0.5 * i) ** 2, 0);
    const r = minimizeNelderMead(f, [0, 0, 0, 0], { maxEvaluations: 3000, xTolerance: 1e-7, fTolerance: 1e-12 });
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo(0.5 * i, 4));
    const capped = minimizeNelderMead(f, [0, 0, 0, 0], { maxEvaluations: 20 });
    expect(capped.evaluations).toBeLessThanOrEqual(20 + 4);
    expect(capped.converged).toBe(false);
  });
});
