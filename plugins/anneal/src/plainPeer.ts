import type { IsingModel } from '@hqml/core';
import { mix32 } from './random.js';

/**
 * The benchmark peer: a plain Node.js transcription of dwave-neal's inner loop (a delta-energy
 * array, `Math.exp` for every uphill candidate that is not hopeless, neighbours updated through
 * CSR with the coupling and the neighbour's spin), with no tables and no special cases. It is
 * what "a plain Node.js loop" means in the G-set README, measured in the same run as the
 * kernels so the ratio is meaningful on a shared machine. Returns the flip attempts made.
 */
export function plainNealRead(model: IsingModel, betas: Float64Array, seed: number, out: Int8Array): number {
  const n = model.numVariables;
  const { offsets, neighbors, weights } = model.adjacency();
  const h = model.linear;
  let x = mix32(seed) | 1;
  let y = mix32(x);
  let z = mix32(y);
  let w = mix32(z);
  const next = (): number => {
    const t = x ^ (x << 11);
    x = y;
    y = z;
    z = w;
    w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
    return (w >>> 0) * 2.3283064365386963e-10;
  };
  const s = out;
  for (let i = 0; i < n; i++) s[i] = next() < 0.5 ? -1 : 1;
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = h[i]!;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) f += weights[k]! * s[neighbors[k]!]!;
    delta[i] = -2 * s[i]! * f;
  }
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b]!;
    const threshold = 44.36142 / beta;
    for (let v = 0; v < n; v++) {
      const d = delta[v]!;
      if (d >= threshold) continue;
      if (d > 0 && Math.exp(-d * beta) <= next()) continue;
      const m = 4 * s[v]!;
      for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
        const u = neighbors[k]!;
        delta[u]! += m * weights[k]! * s[u]!;
      }
      s[v] = -s[v]!;
      delta[v] = -d;
    }
  }
  return n * betas.length;
}
