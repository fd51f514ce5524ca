import type { IsingModel } from '../models/ising.js';

/** The exact ground energy of a small Ising model by enumeration (n <= 20), for tests. */
export function bruteForceGround(model: IsingModel): { energy: number; sample: Int8Array } {
  const n = model.numVariables;
  if (n > 20) throw new Error(`bruteForceGround: ${n} variables is too many for a test oracle (max 20)`);
  const s = new Int8Array(n);
  let best = Infinity;
  let bestSample = new Int8Array(n);
  for (let mask = 0; mask < 2 ** n; mask++) {
    for (let i = 0; i < n; i++) s[i] = (mask >> i) & 1 ? 1 : -1;
    const e = model.energy(s);
    if (e < best) {
      best = e;
      bestSample = s.slice();
    }
  }
  return { energy: best, sample: bestSample };
}
