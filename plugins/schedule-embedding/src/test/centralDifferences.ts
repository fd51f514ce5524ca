import { expect } from 'vitest';

/** Tolerance of one gradient entry: |got - fd| < abs + rel * |fd|. */
export interface FdTolerance {
  readonly abs: number;
  readonly rel: number;
}

/**
 * Checks every entry of a gradient `got` (d cost / d x at `x`) against the central difference
 * (cost(x + h e_k) - cost(x - h e_k)) / 2h of a float64 reference `cost`, h = 1e-5, and that the
 * gradient is not vacuous (some |fd| > 1e-2).
 */
export function expectCentralDifferences(got: ArrayLike<number>, x: Float64Array, cost: (x: Float64Array) => number, tol: FdTolerance): void {
  const h = 1e-5;
  let maxAbs = 0;
  for (let k = 0; k < x.length; k++) {
    const p = x.slice(), m = x.slice();
    p[k]! += h;
    m[k]! -= h;
    const fd = (cost(p) - cost(m)) / (2 * h);
    maxAbs = Math.max(maxAbs, Math.abs(fd));
    expect(Math.abs((got[k] as number) - fd)).toBeLessThan(tol.abs + tol.rel * Math.abs(fd));
  }
  expect(maxAbs).toBeGreaterThan(1e-2); // the check is not vacuous
}
