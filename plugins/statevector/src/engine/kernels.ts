/**
 * State-vector kernels over the split re/im layout.
 *
 * Layout: a batch of `B` states of `N = 2^n` amplitudes is stored "sample-innermost": the
 * amplitude of basis state `i` of sample `b` is at flat index `i * B + b`. Qubit `q` then has the
 * flat stride `S = B << q`, so a batch-constant gate is the same loop as for a single state of
 * `N * B` entries, and a single state is the case `B = 1`.
 *
 * Every kernel works on a range `[p0, p1)` of its work items (pairs for one-qubit kernels, quads
 * for two-qubit ones), walked block by block as contiguous runs (no division per element); the
 * ranges let threads share one state (amplitude-block parallelism). Coefficients come as plain
 * numbers (batch-constant) or from a coefficient array with `8` (2x2) or `32` (4x4) numbers per
 * sample. Kernels never allocate.
 *
 * Why split re/im and not interleaved: both were measured (see the `layout` bench cases and the
 * README); they are within noise of each other for single states, and split arrays keep the
 * per-sample kernels simple, so split is kept.
 */

/** One-qubit general matrix `[[a, b], [c, d]]` (complex), batch-constant. */
export function m1(
  re: Float64Array, im: Float64Array, S: number, p0: number, p1: number,
  ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number,
): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      im[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      re[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      im[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
    }
  }
}

/** One-qubit real matrix `[[a, b], [c, d]]` (RY, H): half the multiplications of {@link m1}. */
export function m1real(re: Float64Array, im: Float64Array, S: number, p0: number, p1: number, a: number, b: number, c: number, d: number): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = a * r0 + b * r1;
      im[j] = a * i0 + b * i1;
      re[k] = c * r0 + d * r1;
      im[k] = c * i0 + d * i1;
    }
  }
}

/** One-qubit general matrix per sample: `co[8 b .. 8 b + 8)` is sample b's matrix. */
export function m1ps(re: Float64Array, im: Float64Array, S: number, B: number, p0: number, p1: number, co: Float64Array): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const c = b * 8;
      const ar = co[c]!, ai = co[c + 1]!, br = co[c + 2]!, bi = co[c + 3]!;
      const cr = co[c + 4]!, ci = co[c + 5]!, dr = co[c + 6]!, di = co[c + 7]!;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      im[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      re[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      im[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
      if (++b === B) b = 0;
    }
  }
}

/** One-qubit diagonal `diag(d0, d1)`, batch-constant; `d0 = 1` skips the |0> half. */
export function d1(re: Float64Array, im: Float64Array, S: number, p0: number, p1: number, d0r: number, d0i: number, d1r: number, d1i: number): void {
  const touch0 = d0r !== 1 || d0i !== 0;
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    if (touch0) {
      for (let j = base, e = base + run; j < e; j++) {
        const r = re[j]!, i = im[j]!;
        re[j] = d0r * r - d0i * i;
        im[j] = d0r * i + d0i * r;
      }
    }
    for (let j = base + S, e = base + S + run; j < e; j++) {
      const r = re[j]!, i = im[j]!;
      re[j] = d1r * r - d1i * i;
      im[j] = d1r * i + d1i * r;
    }
  }
}

/** One-qubit diagonal per sample, read from the 2x2 layout (entries 0,1 and 6,7). */
export function d1ps(re: Float64Array, im: Float64Array, S: number, B: number, p0: number, p1: number, co: Float64Array): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const c = b * 8;
      const d0r = co[c]!, d0i = co[c + 1]!, d1r = co[c + 6]!, d1i = co[c + 7]!;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = d0r * r0 - d0i * i0;
      im[j] = d0r * i0 + d0i * r0;
      re[k] = d1r * r1 - d1i * i1;
      im[k] = d1r * i1 + d1i * r1;
      if (++b === B) b = 0;
    }
  }
}

/** Pauli X: swaps the halves (a permutation, no arithmetic). */
export function px(re: Float64Array, im: Float64Array, S: number, p0: number, p1: number): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const r = re[j]!, i = im[j]!;
      re[j] = re[k]!;
      im[j] = im[k]!;
      re[k] = r;
      im[k] = i;
    }
  }
}

/** Pauli Y: swap with phases, `(a0, a1) -> (-i a1, i a0)`. */
export function py(re: Float64Array, im: Float64Array, S: number, p0: number, p1: number): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = i1;
      im[j] = -r1;
      re[k] = -i0;
      im[k] = r0;
    }
  }
}

/*
 * Two-qubit kernels walk "quads": index i with both qubit bits clear, the four amplitudes being
 * i, i + Sa, i + Sb, i + Sa + Sb (local index bitA + 2 bitB). Runs have the length of the smaller
 * stride.
 */

/** First index of run `r` of a quad walk (the run's amplitudes have both bits clear). */
function quadBase(r: number, lo: number, hi: number, mMask: number, lm: number): number {
  return (r >> lm) * 2 * hi + (r & mMask) * 2 * lo;
}

function quadShape(Sa: number, Sb: number): { lo: number; hi: number; mMask: number; lm: number } {
  const lo = Sa < Sb ? Sa : Sb;
  const hi = Sa < Sb ? Sb : Sa;
  const M = hi / (2 * lo);
  return { lo, hi, mMask: M - 1, lm: Math.round(Math.log2(M)) };
}

/** CNOT with control stride `Sc` and target stride `St`: swaps target halves where control is 1. */
export function cx(re: Float64Array, im: Float64Array, Sc: number, St: number, p0: number, p1: number): void {
  const { lo, hi, mMask, lm } = quadShape(Sc, St);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off + Sc;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + St;
      const a = re[j]!, b = im[j]!;
      re[j] = re[k]!;
      im[j] = im[k]!;
      re[k] = a;
      im[k] = b;
    }
  }
}

/** CZ: negates the amplitudes where both bits are 1. */
export function cz(re: Float64Array, im: Float64Array, Sa: number, Sb: number, p0: number, p1: number): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off + Sa + Sb;
    for (let j = base, e = base + run; j < e; j++) {
      re[j] = -re[j]!;
      im[j] = -im[j]!;
    }
  }
}

/** SWAP: exchanges |01> and |10>. */
export function swap(re: Float64Array, im: Float64Array, Sa: number, Sb: number, p0: number, p1: number): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off;
    for (let j = base + Sa, e = base + Sa + run; j < e; j++) {
      const k = j - Sa + Sb;
      const a = re[j]!, b = im[j]!;
      re[j] = re[k]!;
      im[j] = im[k]!;
      re[k] = a;
      im[k] = b;
    }
  }
}

/** Controlled one-qubit matrix (2x2 block on the target where the control is 1), batch-constant. */
export function cm1(
  re: Float64Array, im: Float64Array, Sc: number, St: number, p0: number, p1: number,
  ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number,
): void {
  const { lo, hi, mMask, lm } = quadShape(Sc, St);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off + Sc;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + St;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      im[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      re[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      im[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
    }
  }
}

/** Controlled one-qubit matrix per sample (8 numbers per sample). */
export function cm1ps(re: Float64Array, im: Float64Array, Sc: number, St: number, B: number, p0: number, p1: number, co: Float64Array): void {
  const { lo, hi, mMask, lm } = quadShape(Sc, St);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off + Sc;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + St;
      const c = b * 8;
      const ar = co[c]!, ai = co[c + 1]!, br = co[c + 2]!, bi = co[c + 3]!;
      const cr = co[c + 4]!, ci = co[c + 5]!, dr = co[c + 6]!, di = co[c + 7]!;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      re[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      im[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      re[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      im[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
      if (++b === B) b = 0;
    }
  }
}

/**
 * Two-qubit diagonal, coefficients `co[cs * b .. + 8)` = d00, d10, d01, d11 (local index
 * bitA + 2 bitB, complex); `cs = 0` for batch-constant.
 */
export function d2(re: Float64Array, im: Float64Array, Sa: number, Sb: number, B: number, p0: number, p1: number, co: Float64Array, cs: number): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const Sab = Sa + Sb;
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const c = b * cs;
      let x = re[j]!, y = im[j]!, ur = co[c]!, ui = co[c + 1]!;
      re[j] = ur * x - ui * y;
      im[j] = ur * y + ui * x;
      let k = j + Sa;
      x = re[k]!; y = im[k]!; ur = co[c + 2]!; ui = co[c + 3]!;
      re[k] = ur * x - ui * y;
      im[k] = ur * y + ui * x;
      k = j + Sb;
      x = re[k]!; y = im[k]!; ur = co[c + 4]!; ui = co[c + 5]!;
      re[k] = ur * x - ui * y;
      im[k] = ur * y + ui * x;
      k = j + Sab;
      x = re[k]!; y = im[k]!; ur = co[c + 6]!; ui = co[c + 7]!;
      re[k] = ur * x - ui * y;
      im[k] = ur * y + ui * x;
      if (++b === B) b = 0;
    }
  }
}

/** Two-qubit general 4x4 matrix, row-major complex (32 numbers per sample, stride `cs`; 0 = constant). */
export function m2(re: Float64Array, im: Float64Array, Sa: number, Sb: number, B: number, p0: number, p1: number, co: Float64Array, cs: number): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const Sab = Sa + Sb;
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const c = b * cs;
      const j1 = j + Sa, j2 = j + Sb, j3 = j + Sab;
      const xr0 = re[j]!, xi0 = im[j]!, xr1 = re[j1]!, xi1 = im[j1]!;
      const xr2 = re[j2]!, xi2 = im[j2]!, xr3 = re[j3]!, xi3 = im[j3]!;
      for (let row = 0; row < 4; row++) {
        const o = c + row * 8;
        const yr = co[o]! * xr0 - co[o + 1]! * xi0 + co[o + 2]! * xr1 - co[o + 3]! * xi1 + co[o + 4]! * xr2 - co[o + 5]! * xi2 + co[o + 6]! * xr3 - co[o + 7]! * xi3;
        const yi = co[o]! * xi0 + co[o + 1]! * xr0 + co[o + 2]! * xi1 + co[o + 3]! * xr1 + co[o + 4]! * xi2 + co[o + 5]! * xr2 + co[o + 6]! * xi3 + co[o + 7]! * xr3;
        const t = row === 0 ? j : row === 1 ? j1 : row === 2 ? j2 : j3;
        re[t] = yr;
        im[t] = yi;
      }
      if (++b === B) b = 0;
    }
  }
}

/*
 * Inner products for adjoint differentiation: out[b] += 2 Re <lambda_b | D_b psi_b>, where D is
 * a derivative matrix of a gate. Coefficient stride `cs` (0 = batch-constant).
 */

/** `D` a 2x2 matrix on one qubit. */
export function innerM1(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array,
  S: number, B: number, p0: number, p1: number, co: Float64Array, cs: number, out: Float64Array,
): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const c = b * cs;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      const yr0 = co[c]! * r0 - co[c + 1]! * i0 + co[c + 2]! * r1 - co[c + 3]! * i1;
      const yi0 = co[c]! * i0 + co[c + 1]! * r0 + co[c + 2]! * i1 + co[c + 3]! * r1;
      const yr1 = co[c + 4]! * r0 - co[c + 5]! * i0 + co[c + 6]! * r1 - co[c + 7]! * i1;
      const yi1 = co[c + 4]! * i0 + co[c + 5]! * r0 + co[c + 6]! * i1 + co[c + 7]! * r1;
      out[b] = out[b]! + 2 * (lre[j]! * yr0 + lim[j]! * yi0 + lre[k]! * yr1 + lim[k]! * yi1);
      if (++b === B) b = 0;
    }
  }
}

/** `D` a 2x2 block on the target, restricted to control = 1. */
export function innerCM1(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array,
  Sc: number, St: number, B: number, p0: number, p1: number, co: Float64Array, cs: number, out: Float64Array,
): void {
  const { lo, hi, mMask, lm } = quadShape(Sc, St);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off + Sc;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + St;
      const c = b * cs;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      const yr0 = co[c]! * r0 - co[c + 1]! * i0 + co[c + 2]! * r1 - co[c + 3]! * i1;
      const yi0 = co[c]! * i0 + co[c + 1]! * r0 + co[c + 2]! * i1 + co[c + 3]! * r1;
      const yr1 = co[c + 4]! * r0 - co[c + 5]! * i0 + co[c + 6]! * r1 - co[c + 7]! * i1;
      const yi1 = co[c + 4]! * i0 + co[c + 5]! * r0 + co[c + 6]! * i1 + co[c + 7]! * r1;
      out[b] = out[b]! + 2 * (lre[j]! * yr0 + lim[j]! * yi0 + lre[k]! * yr1 + lim[k]! * yi1);
      if (++b === B) b = 0;
    }
  }
}

/** `D` a 4x4 matrix on two qubits (32 numbers, row-major complex). */
export function innerM2(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array,
  Sa: number, Sb: number, B: number, p0: number, p1: number, co: Float64Array, cs: number, out: Float64Array,
): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const Sab = Sa + Sb;
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const c = b * cs;
      const j1 = j + Sa, j2 = j + Sb, j3 = j + Sab;
      const xr0 = re[j]!, xi0 = im[j]!, xr1 = re[j1]!, xi1 = im[j1]!;
      const xr2 = re[j2]!, xi2 = im[j2]!, xr3 = re[j3]!, xi3 = im[j3]!;
      let acc = 0;
      for (let row = 0; row < 4; row++) {
        const o = c + row * 8;
        const yr = co[o]! * xr0 - co[o + 1]! * xi0 + co[o + 2]! * xr1 - co[o + 3]! * xi1 + co[o + 4]! * xr2 - co[o + 5]! * xi2 + co[o + 6]! * xr3 - co[o + 7]! * xi3;
        const yi = co[o]! * xi0 + co[o + 1]! * xr0 + co[o + 2]! * xi1 + co[o + 3]! * xr1 + co[o + 4]! * xi2 + co[o + 5]! * xr2 + co[o + 6]! * xi3 + co[o + 7]! * xr3;
        const t = row === 0 ? j : row === 1 ? j1 : row === 2 ? j2 : j3;
        acc += lre[t]! * yr + lim[t]! * yi;
      }
      out[b] = out[b]! + 2 * acc;
      if (++b === B) b = 0;
    }
  }
}

/** Per-sample probability that the qubit with stride `S` is 1: out[b] += sum |a|^2 over its |1> half. */
export function prob1(re: Float64Array, im: Float64Array, S: number, B: number, p0: number, p1: number, out: Float64Array): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off + S;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      out[b] = out[b]! + re[j]! * re[j]! + im[j]! * im[j]!;
      if (++b === B) b = 0;
    }
  }
}

/*
 * Fused backward steps of adjoint differentiation: one pass over psi and lambda that applies the
 * inverse gate U to both and accumulates 2 Re <lambda_before | D psi_after>, where D is the
 * derivative of the gate. Three passes (and three loads of each amplitude) become one.
 */

/** One-qubit gate, batch-constant U and D; returns the summed inner product over the range. */
export function adj1(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array, S: number, p0: number, p1: number,
  u: Float64Array, d: Float64Array,
): number {
  const ar = u[0]!, ai = u[1]!, br = u[2]!, bi = u[3]!, cr = u[4]!, ci = u[5]!, dr = u[6]!, di = u[7]!;
  const er = d[0]!, ei = d[1]!, fr = d[2]!, fi = d[3]!, gr = d[4]!, gi = d[5]!, hr = d[6]!, hi = d[7]!;
  let acc = 0;
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      let r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      const x0 = ar * r0 - ai * i0 + br * r1 - bi * i1;
      const y0 = ar * i0 + ai * r0 + br * i1 + bi * r1;
      const x1 = cr * r0 - ci * i0 + dr * r1 - di * i1;
      const y1 = cr * i0 + ci * r0 + dr * i1 + di * r1;
      re[j] = x0; im[j] = y0; re[k] = x1; im[k] = y1;
      const zr0 = er * x0 - ei * y0 + fr * x1 - fi * y1;
      const zi0 = er * y0 + ei * x0 + fr * y1 + fi * x1;
      const zr1 = gr * x0 - gi * y0 + hr * x1 - hi * y1;
      const zi1 = gr * y0 + gi * x0 + hr * y1 + hi * x1;
      r0 = lre[j]!; i0 = lim[j]!; r1 = lre[k]!; i1 = lim[k]!;
      acc += r0 * zr0 + i0 * zi0 + r1 * zr1 + i1 * zi1;
      lre[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      lim[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      lre[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      lim[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
    }
  }
  return 2 * acc;
}

/** One-qubit gate with per-sample U and/or D (strides `us`, `ds`: 8 or 0); out[b] += inner product. */
export function adj1ps(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array, S: number, B: number, p0: number, p1: number,
  u: Float64Array, us: number, d: Float64Array, ds: number, out: Float64Array,
): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const c = b * us, g = b * ds;
      const ar = u[c]!, ai = u[c + 1]!, br = u[c + 2]!, bi = u[c + 3]!, cr = u[c + 4]!, ci = u[c + 5]!, dr = u[c + 6]!, di = u[c + 7]!;
      let r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      const x0 = ar * r0 - ai * i0 + br * r1 - bi * i1;
      const y0 = ar * i0 + ai * r0 + br * i1 + bi * r1;
      const x1 = cr * r0 - ci * i0 + dr * r1 - di * i1;
      const y1 = cr * i0 + ci * r0 + dr * i1 + di * r1;
      re[j] = x0; im[j] = y0; re[k] = x1; im[k] = y1;
      const er = d[g]!, ei = d[g + 1]!, fr = d[g + 2]!, fi = d[g + 3]!, gr = d[g + 4]!, gi = d[g + 5]!, hr = d[g + 6]!, hi = d[g + 7]!;
      const zr0 = er * x0 - ei * y0 + fr * x1 - fi * y1;
      const zi0 = er * y0 + ei * x0 + fr * y1 + fi * x1;
      const zr1 = gr * x0 - gi * y0 + hr * x1 - hi * y1;
      const zi1 = gr * y0 + gi * x0 + hr * y1 + hi * x1;
      r0 = lre[j]!; i0 = lim[j]!; r1 = lre[k]!; i1 = lim[k]!;
      out[b] = out[b]! + 2 * (r0 * zr0 + i0 * zi0 + r1 * zr1 + i1 * zi1);
      lre[j] = ar * r0 - ai * i0 + br * r1 - bi * i1;
      lim[j] = ar * i0 + ai * r0 + br * i1 + bi * r1;
      lre[k] = cr * r0 - ci * i0 + dr * r1 - di * i1;
      lim[k] = cr * i0 + ci * r0 + dr * i1 + di * r1;
      if (++b === B) b = 0;
    }
  }
}

/**
 * Two-qubit diagonal gate (RZZ): U and D are 4 diagonal entries each (strides `us`, `ds`: 8 or 0);
 * out[b] += 2 Re <lambda_b| D psi_b'>.
 */
export function adjD2(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array, Sa: number, Sb: number, B: number, p0: number, p1: number,
  u: Float64Array, us: number, d: Float64Array, ds: number, out: Float64Array,
): void {
  const { lo, hi, mMask, lm } = quadShape(Sa, Sb);
  const rFirst = Math.floor(p0 / lo), rLast = Math.floor((p1 - 1) / lo);
  for (let r = rFirst; r <= rLast; r++) {
    const off = r === rFirst ? p0 - r * lo : 0;
    const run = (r === rLast ? p1 - r * lo : lo) - off;
    const base = quadBase(r, lo, hi, mMask, lm) + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const c = b * us, g = b * ds;
      let acc = 0;
      for (let q = 0; q < 4; q++) {
        const t = q === 0 ? j : q === 1 ? j + Sa : q === 2 ? j + Sb : j + Sa + Sb;
        const ur = u[c + 2 * q]!, ui = u[c + 2 * q + 1]!, dr = d[g + 2 * q]!, di = d[g + 2 * q + 1]!;
        const x = re[t]!, y = im[t]!;
        const xr = ur * x - ui * y, xi = ur * y + ui * x;
        re[t] = xr; im[t] = xi;
        const lr = lre[t]!, li = lim[t]!;
        acc += lr * (dr * xr - di * xi) + li * (dr * xi + di * xr);
        lre[t] = ur * lr - ui * li;
        lim[t] = ur * li + ui * lr;
      }
      out[b] = out[b]! + 2 * acc;
      if (++b === B) b = 0;
    }
  }
}

/*
 * Backward steps for Pauli rotations R(t) = exp(-i t G / 2), G in {X, Y, Z}. The derivative is
 * dR/dt = -(i/2) G R, so 2 Re <lambda| dR psi_prev> = Im <lambda| G psi>, with psi the state after
 * the gate: no derivative matrix is applied, and the inverse R(-t) is a cheap real or diagonal map.
 * `c`, `s` are cos(t/2), sin(t/2) (batch-constant), or per sample in `cs[2b], cs[2b + 1]`.
 */

/** Pauli rotation about `axis` (0 = X, 1 = Y, 2 = Z), batch-constant angle; returns the summed inner product. */
export function adjRot(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array, S: number, p0: number, p1: number,
  axis: number, c: number, s: number,
): number {
  let acc = 0;
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    const e = base + run;
    if (axis === 1) {
      for (let j = base; j < e; j++) {
        const k = j + S;
        const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
        const a0 = lre[j]!, b0 = lim[j]!, a1 = lre[k]!, b1 = lim[k]!;
        acc += a1 * r0 + b1 * i0 - a0 * r1 - b0 * i1;
        // RY(-t) = [[c, s], [-s, c]]
        re[j] = c * r0 + s * r1; im[j] = c * i0 + s * i1;
        re[k] = c * r1 - s * r0; im[k] = c * i1 - s * i0;
        lre[j] = c * a0 + s * a1; lim[j] = c * b0 + s * b1;
        lre[k] = c * a1 - s * a0; lim[k] = c * b1 - s * b0;
      }
    } else if (axis === 2) {
      for (let j = base; j < e; j++) {
        const k = j + S;
        const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
        const a0 = lre[j]!, b0 = lim[j]!, a1 = lre[k]!, b1 = lim[k]!;
        acc += a0 * i0 - b0 * r0 - a1 * i1 + b1 * r1;
        // RZ(-t) = diag(e^{it/2}, e^{-it/2})
        re[j] = c * r0 - s * i0; im[j] = c * i0 + s * r0;
        re[k] = c * r1 + s * i1; im[k] = c * i1 - s * r1;
        lre[j] = c * a0 - s * b0; lim[j] = c * b0 + s * a0;
        lre[k] = c * a1 + s * b1; lim[k] = c * b1 - s * a1;
      }
    } else {
      for (let j = base; j < e; j++) {
        const k = j + S;
        const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
        const a0 = lre[j]!, b0 = lim[j]!, a1 = lre[k]!, b1 = lim[k]!;
        acc += a0 * i1 - b0 * r1 + a1 * i0 - b1 * r0;
        // RX(-t) = [[c, i s], [i s, c]]
        re[j] = c * r0 - s * i1; im[j] = c * i0 + s * r1;
        re[k] = c * r1 - s * i0; im[k] = c * i1 + s * r0;
        lre[j] = c * a0 - s * b1; lim[j] = c * b0 + s * a1;
        lre[k] = c * a1 - s * b0; lim[k] = c * b1 + s * a0;
      }
    }
  }
  return acc;
}

/** Pauli rotation with per-sample angles (cos, sin of t/2 at cs[2b], cs[2b + 1]); out[b] += inner product. */
export function adjRotPs(
  re: Float64Array, im: Float64Array, lre: Float64Array, lim: Float64Array, S: number, B: number, p0: number, p1: number,
  axis: number, cs: Float64Array, out: Float64Array,
): void {
  const bFirst = Math.floor(p0 / S), bLast = Math.floor((p1 - 1) / S);
  for (let blk = bFirst; blk <= bLast; blk++) {
    const off = blk === bFirst ? p0 - blk * S : 0;
    const run = (blk === bLast ? p1 - blk * S : S) - off;
    const base = blk * 2 * S + off;
    let b = base % B;
    for (let j = base, e = base + run; j < e; j++) {
      const k = j + S;
      const c = cs[2 * b]!, s = cs[2 * b + 1]!;
      const r0 = re[j]!, i0 = im[j]!, r1 = re[k]!, i1 = im[k]!;
      const a0 = lre[j]!, b0 = lim[j]!, a1 = lre[k]!, b1 = lim[k]!;
      if (axis === 1) {
        out[b] = out[b]! + (a1 * r0 + b1 * i0 - a0 * r1 - b0 * i1);
        re[j] = c * r0 + s * r1; im[j] = c * i0 + s * i1;
        re[k] = c * r1 - s * r0; im[k] = c * i1 - s * i0;
        lre[j] = c * a0 + s * a1; lim[j] = c * b0 + s * b1;
        lre[k] = c * a1 - s * a0; lim[k] = c * b1 - s * b0;
      } else if (axis === 2) {
        out[b] = out[b]! + (a0 * i0 - b0 * r0 - a1 * i1 + b1 * r1);
        re[j] = c * r0 - s * i0; im[j] = c * i0 + s * r0;
        re[k] = c * r1 + s * i1; im[k] = c * i1 - s * r1;
        lre[j] = c * a0 - s * b0; lim[j] = c * b0 + s * a0;
        lre[k] = c * a1 + s * b1; lim[k] = c * b1 - s * a1;
      } else {
        out[b] = out[b]! + (a0 * i1 - b0 * r1 + a1 * i0 - b1 * r0);
        re[j] = c * r0 - s * i1; im[j] = c * i0 + s * r1;
        re[k] = c * r1 - s * i0; im[k] = c * i1 + s * r0;
        lre[j] = c * a0 - s * b1; lim[j] = c * b0 + s * a1;
        lre[k] = c * a1 - s * b0; lim[k] = c * b1 + s * a0;
      }
      if (++b === B) b = 0;
    }
  }
}
