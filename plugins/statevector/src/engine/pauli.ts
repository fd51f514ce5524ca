import type { PauliMasks } from '@hqml/core/browser';

function parity(v: number): number {
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/**
 * out[b] += coeff * Re sum_{i in [i0, i1)} conj(psi_b[i ^ x]) phase(i) psi_b[i], a partial
 * `<psi_b|P|psi_b>` over basis states i0..i1 (sample-innermost layout, batch B).
 */
export function pauliExpect(re: Float64Array, im: Float64Array, B: number, i0: number, i1: number, m: PauliMasks, w: number, out: Float64Array): void {
  const { x, z, ny } = m;
  for (let i = i0; i < i1; i++) {
    const k = i ^ x;
    const sgn = parity(i & z) ? -w : w;
    const oi = i * B, ok = k * B;
    for (let b = 0; b < B; b++) {
      const ri = re[oi + b]!, ii = im[oi + b]!, rk = re[ok + b]!, ik = im[ok + b]!;
      const a = rk * ri + ik * ii;
      const c = rk * ii - ik * ri;
      const v = ny === 0 ? a : ny === 1 ? -c : ny === 2 ? -a : c;
      out[b] = out[b]! + sgn * v;
    }
  }
}

/** lambda_b[i] += w[b] * (P psi_b)[i] for i in [i0, i1). */
export function addPauli(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array,
  B: number, i0: number, i1: number, m: PauliMasks, w: Float64Array,
): void {
  const { x, z, ny } = m;
  for (let i = i0; i < i1; i++) {
    const k = i ^ x;
    const sgn = parity(k & z) ? -1 : 1;
    const oi = i * B, ok = k * B;
    for (let b = 0; b < B; b++) {
      const rk = re[ok + b]!, ik = im[ok + b]!;
      const f = sgn * w[b]!;
      let vr: number, vi: number;
      if (ny === 0) { vr = rk; vi = ik; } else if (ny === 1) { vr = -ik; vi = rk; } else if (ny === 2) { vr = -rk; vi = -ik; } else { vr = ik; vi = -rk; }
      lre[oi + b] = lre[oi + b]! + f * vr;
      lim[oi + b] = lim[oi + b]! + f * vi;
    }
  }
}
