import { IsingModel, Rng } from '@hqml/core';

/**
 * A random dense-ish spin glass for tests: each pair coupled with probability 1/2; biases
 * uniform in [-1, 1], or small integers in -2..2 when `integer` (exercising the table kernels).
 */
export function randomSpinGlass(n: number, seed: number, integer = false): IsingModel {
  const rng = Rng.from(seed);
  const v = (): number => (integer ? rng.int(5) - 2 : rng.float() * 2 - 1);
  const h = Array.from({ length: n }, v);
  const J: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.5) J.push([i, j, v()]);
  return IsingModel.from({ h, J });
}
