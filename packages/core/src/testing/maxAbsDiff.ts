import { expect } from 'vitest';

/**
 * The largest |a[i] - b[i]| of two equally long arrays (their lengths are asserted equal first):
 * how backends and engines are compared with each other in tests.
 */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
