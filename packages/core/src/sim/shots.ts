import type { Rng } from '../rng.js';

/**
 * Draws `shots` outcomes per row from probabilities (rows x K): sorted uniforms swept once over
 * the cumulative distribution (O(K + shots log shots), no K-sized table), then returned in the
 * order drawn so that the sequence is i.i.d. Probabilities need not sum to 1 exactly (they are
 * scaled by their row's total), so single-precision backends draw the same way.
 */
export function drawShots(p: ArrayLike<number>, rows: number, K: number, shots: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(rows * shots);
  const u = new Float64Array(shots);
  const order = new Uint32Array(shots);
  for (let r = 0; r < rows; r++) {
    let total = 0;
    for (let i = 0; i < K; i++) total += p[r * K + i]!;
    for (let s = 0; s < shots; s++) {
      u[s] = rng.float() * total;
      order[s] = s;
    }
    order.sort((a, b) => u[a]! - u[b]!);
    let acc = 0;
    let i = 0;
    let last = 0;
    for (let s = 0; s < shots; s++) {
      const target = u[order[s]!]!;
      while (i < K && acc + p[r * K + i]! <= target) {
        acc += p[r * K + i]!;
        if (p[r * K + i]! > 0) last = i;
        i++;
      }
      const outcome = i < K ? i : last;
      out[r * shots + order[s]!] = outcome;
    }
  }
  return out;
}
