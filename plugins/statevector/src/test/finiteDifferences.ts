import { expect } from 'vitest';
import type { Execution } from '@hqml/core';

/** A scalar function of the parameters and inputs of an execution. */
export type ScalarOf = (params: ArrayLike<number>, inputs: ArrayLike<number> | undefined) => number;

/** Central differences (step 1e-6) of `f` in every parameter and input of `e`. */
export function centralDifferences(e: Execution, f: ScalarOf): { params: number[]; inputs: number[] } {
  const h = 1e-6;
  const P = Array.from(e.params);
  const X = e.inputs ? Array.from(e.inputs) : undefined;
  const params = P.map((_, k) => {
    const pp = [...P], pm = [...P];
    pp[k]! += h;
    pm[k]! -= h;
    return (f(pp, X) - f(pm, X)) / (2 * h);
  });
  const inputs = (X ?? []).map((_, k) => {
    const xp = [...X!], xm = [...X!];
    xp[k]! += h;
    xm[k]! -= h;
    return (f(P, xp) - f(P, xm)) / (2 * h);
  });
  return { params, inputs };
}

/** |a - b| <= tol * max(1, |b|): finite differences carry ~1e-9 absolute error. */
export function expectClose(a: ArrayLike<number>, ref: readonly number[], tol = 1e-6): void {
  expect(a.length).toBe(ref.length);
  ref.forEach((r, i) => expect(Math.abs((a[i] as number) - r)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(r))));
}
