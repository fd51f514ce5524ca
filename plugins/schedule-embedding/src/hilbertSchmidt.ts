import { ValidationError, describeValue } from '@hqml/core';

/** A batch of pure states, `rows x dim` row-major, real and imaginary parts apart. */
export interface StateBatch {
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly rows: number;
  readonly dim: number;
}

/** `|<a_i|b_j>|^2` for every pair, `a.rows x b.rows` row-major (the fidelities between pure states). */
export function overlapMatrix(a: StateBatch, b: StateBatch): Float64Array {
  if (a.dim !== b.dim) throw new ValidationError({ what: `state dimensions ${a.dim} and ${b.dim}`, why: 'overlaps need states of the same dimension', fix: 'Use states of the same qubit count' });
  const out = new Float64Array(a.rows * b.rows);
  const D = a.dim;
  for (let i = 0; i < a.rows; i++) {
    const oi = i * D;
    for (let j = 0; j < b.rows; j++) {
      const oj = j * D;
      let sr = 0, si = 0;
      for (let k = 0; k < D; k++) {
        const ar = a.re[oi + k]!, ai = a.im[oi + k]!, br = b.re[oj + k]!, bi = b.im[oj + k]!;
        // conj(a) b
        sr += ar * br + ai * bi;
        si += ar * bi - ai * br;
      }
      out[i * b.rows + j] = sr * sr + si * si;
    }
  }
  return out;
}

/**
 * Traces of products of the class states rho_c = mean_{i in c} |psi_i><psi_i| from the overlap
 * matrix alone (never the 2^n x 2^n matrices): tr(rho_a rho_b) = mean_{i in a, j in b} |<psi_i|psi_j>|^2.
 * With `unbiased`, tr(rho_a^2) averages over pairs i != j (the batch estimate of the purity of the
 * class ensemble; i = j would add the bias 1 / count). Returns C x C (NaN for a class without members).
 */
export function classTraces(overlaps: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number, unbiased = false): Float64Array {
  const B = labels.length;
  if (overlaps.length !== B * B) throw new ValidationError({ what: `overlaps has ${overlaps.length} values`, why: `${B} labels need a ${B} x ${B} matrix`, fix: 'Pass overlapMatrix(states, states)' });
  const sum = new Float64Array(numClasses * numClasses);
  const cnt = new Float64Array(numClasses * numClasses);
  for (let i = 0; i < B; i++) {
    const a = labels[i] as number;
    if (!Number.isInteger(a) || a < 0 || a >= numClasses) throw new ValidationError({ what: `labels[${i}] is ${describeValue(a)}`, why: `labels are 0..${numClasses - 1}`, fix: 'Re-index the classes' });
    for (let j = 0; j < B; j++) {
      if (unbiased && i === j) continue;
      const c = a * numClasses + (labels[j] as number);
      sum[c] = sum[c]! + (overlaps[i * B + j] as number);
      cnt[c] = cnt[c]! + 1;
    }
  }
  return sum.map((s, k) => (cnt[k]! > 0 ? s / cnt[k]! : Number.NaN));
}

/** Hilbert-Schmidt distance tr((rho_a - rho_b)^2) = tr rho_a^2 + tr rho_b^2 - 2 tr rho_a rho_b, C x C. */
export function hsDistances(traces: ArrayLike<number>, numClasses: number): Float64Array {
  const C = numClasses;
  const out = new Float64Array(C * C);
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) out[a * C + b] = (traces[a * C + a] as number) + (traces[b * C + b] as number) - 2 * (traces[a * C + b] as number);
  return out;
}

/**
 * The Hilbert-Schmidt objective of Lloyd, Schuld et al. (2020), extended to C classes: the cost
 * 1 - D_hs(rho_a, rho_b) / 2 averaged over the pairs of classes present, which is minimised by
 * maximising the distance between class ensembles; D_hs contains the intra-class purities
 * tr rho_a^2, so the cost also rewards tight classes. In [0, 1] for pure states.
 */
export function hsCost(traces: ArrayLike<number>, numClasses: number): number {
  const D = hsDistances(traces, numClasses);
  let s = 0, pairs = 0;
  for (let a = 0; a < numClasses; a++) {
    for (let b = a + 1; b < numClasses; b++) {
      const d = D[a * numClasses + b]!;
      if (Number.isNaN(d)) continue;
      s += 1 - d / 2;
      pairs++;
    }
  }
  return pairs > 0 ? s / pairs : Number.NaN;
}
