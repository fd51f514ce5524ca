// Batched small-circuit kernels (WebAssembly SIMD, f64x2 = two samples per vector).
//
// Layout as in kernels.ts: split re/im, sample-innermost (amplitude i of sample b at i * B + b),
// so a gate with the same coefficients for every sample applies them to consecutive samples and
// a per-sample gate reads its coefficients as contiguous vectors (structure of arrays: entry k of
// sample b at co[k * B + b]). Every size is even: B (the caller pads the batch to an even number
// of rows), every stride S = B << q, and the state length L = N * B. Pointers are byte offsets
// into the module's (per-thread, non-shared) memory, 16-byte aligned. Kernels never allocate.

#include <wasm_simd128.h>

typedef v128_t V;
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store((p), (v))
#define MUL wasm_f64x2_mul
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define SPL wasm_f64x2_splat

// One-qubit complex 2x2 [[a, b], [c, d]], the same for every sample.
void m1c(double *re, double *im, int L, int S, double ar, double ai, double br, double bi, double cr, double ci, double dr, double di) {
  V Ar = SPL(ar), Ai = SPL(ai), Br = SPL(br), Bi = SPL(bi), Cr = SPL(cr), Ci = SPL(ci), Dr = SPL(dr), Di = SPL(di);
  for (int base = 0; base < L; base += 2 * S) {
    for (int j = base, e = base + S; j < e; j += 2) {
      int k = j + S;
      V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
      ST(re + j, ADD(SUB(MUL(Ar, r0), MUL(Ai, i0)), SUB(MUL(Br, r1), MUL(Bi, i1))));
      ST(im + j, ADD(ADD(MUL(Ar, i0), MUL(Ai, r0)), ADD(MUL(Br, i1), MUL(Bi, r1))));
      ST(re + k, ADD(SUB(MUL(Cr, r0), MUL(Ci, i0)), SUB(MUL(Dr, r1), MUL(Di, i1))));
      ST(im + k, ADD(ADD(MUL(Cr, i0), MUL(Ci, r0)), ADD(MUL(Dr, i1), MUL(Di, r1))));
    }
  }
}

// One-qubit complex 2x2 per sample: entry k (ar, ai, br, bi, cr, ci, dr, di) of sample b at co[k * B + b].
void m1p(double *re, double *im, int L, int S, int B, const double *co) {
  const double *car = co, *cai = co + B, *cbr = co + 2 * B, *cbi = co + 3 * B;
  const double *ccr = co + 4 * B, *cci = co + 5 * B, *cdr = co + 6 * B, *cdi = co + 7 * B;
  for (int base = 0; base < L; base += 2 * S) {
    for (int blk = base, e = base + S; blk < e; blk += B) {
      for (int b = 0; b < B; b += 2) {
        int j = blk + b, k = j + S;
        V Ar = LD(car + b), Ai = LD(cai + b), Br = LD(cbr + b), Bi = LD(cbi + b);
        V Cr = LD(ccr + b), Ci = LD(cci + b), Dr = LD(cdr + b), Di = LD(cdi + b);
        V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
        ST(re + j, ADD(SUB(MUL(Ar, r0), MUL(Ai, i0)), SUB(MUL(Br, r1), MUL(Bi, i1))));
        ST(im + j, ADD(ADD(MUL(Ar, i0), MUL(Ai, r0)), ADD(MUL(Br, i1), MUL(Bi, r1))));
        ST(re + k, ADD(SUB(MUL(Cr, r0), MUL(Ci, i0)), SUB(MUL(Dr, r1), MUL(Di, i1))));
        ST(im + k, ADD(ADD(MUL(Cr, i0), MUL(Ci, r0)), ADD(MUL(Dr, i1), MUL(Di, r1))));
      }
    }
  }
}

// dst[i * B + b] = src[perm[i] * B + b]: a basis permutation (a run of CNOTs, Xs, SWAPs) in one pass.
void permute(double *dre, double *dim, const double *sre, const double *sim, int N, int B, const int *perm) {
  for (int i = 0; i < N; i++) {
    const double *fr = sre + perm[i] * B, *fi = sim + perm[i] * B;
    double *tr = dre + i * B, *ti = dim + i * B;
    for (int b = 0; b < B; b += 2) {
      ST(tr + b, LD(fr + b));
      ST(ti + b, LD(fi + b));
    }
  }
}

// Several Z strings in one pass: acc[t * B + b] += w[t] sum_i (-1)^popcount(i & z[t]) |psi_b[i]|^2.
void expzn(const double *re, const double *im, int N, int B, int T, const int *z, const double *w, double *acc) {
  for (int i = 0; i < N; i++) {
    for (int b = 0; b < B; b += 2) {
      V r = LD(re + i * B + b), m = LD(im + i * B + b);
      V p = ADD(MUL(r, r), MUL(m, m));
      for (int t = 0; t < T; t++) {
        V wp = MUL(SPL((__builtin_popcount(i & z[t]) & 1) ? -w[t] : w[t]), p);
        ST(acc + t * B + b, ADD(LD(acc + t * B + b), wp));
      }
    }
  }
}

// Several Z strings in one pass: lambda_b[i] += (sum_t W[t * B + b] (-1)^popcount(i & z[t])) psi_b[i].
void addzn(const double *re, const double *im, double *lre, double *lim, int N, int B, int T, const int *z, const double *W) {
  for (int i = 0; i < N; i++) {
    for (int b = 0; b < B; b += 2) {
      V f = SPL(0);
      for (int t = 0; t < T; t++) {
        V wt = LD(W + t * B + b);
        f = (__builtin_popcount(i & z[t]) & 1) ? SUB(f, wt) : ADD(f, wt);
      }
      int j = i * B + b;
      ST(lre + j, ADD(LD(lre + j), MUL(f, LD(re + j))));
      ST(lim + j, ADD(LD(lim + j), MUL(f, LD(im + j))));
    }
  }
}

// Un-applies R(t) = exp(-i t G / 2) (axis 0 = X, 1 = Y, 2 = Z; C, Sn = cos, sin of t/2) on a psi
// pair (r0 + i i0, r1 + i i1) and a lambda pair (a0 + i b0, a1 + i b1) in registers, and sets g to
// Im <lambda| G psi> taken before (psi after the gate): d f / d t by the generator form, as
// kernels.ts adjRot.
static inline __attribute__((always_inline)) void rot_back(int axis, V C, V Sn, V *r0, V *i0, V *r1, V *i1, V *a0, V *b0, V *a1, V *b1, V *g) {
  V R0 = *r0, I0 = *i0, R1 = *r1, I1 = *i1, A0 = *a0, B0 = *b0, A1 = *a1, B1 = *b1;
  if (axis == 1) {
    *g = SUB(ADD(MUL(A1, R0), MUL(B1, I0)), ADD(MUL(A0, R1), MUL(B0, I1)));
    *r0 = ADD(MUL(C, R0), MUL(Sn, R1)); *i0 = ADD(MUL(C, I0), MUL(Sn, I1));
    *r1 = SUB(MUL(C, R1), MUL(Sn, R0)); *i1 = SUB(MUL(C, I1), MUL(Sn, I0));
    *a0 = ADD(MUL(C, A0), MUL(Sn, A1)); *b0 = ADD(MUL(C, B0), MUL(Sn, B1));
    *a1 = SUB(MUL(C, A1), MUL(Sn, A0)); *b1 = SUB(MUL(C, B1), MUL(Sn, B0));
  } else if (axis == 2) {
    *g = ADD(SUB(MUL(A0, I0), MUL(B0, R0)), SUB(MUL(B1, R1), MUL(A1, I1)));
    *r0 = SUB(MUL(C, R0), MUL(Sn, I0)); *i0 = ADD(MUL(C, I0), MUL(Sn, R0));
    *r1 = ADD(MUL(C, R1), MUL(Sn, I1)); *i1 = SUB(MUL(C, I1), MUL(Sn, R1));
    *a0 = SUB(MUL(C, A0), MUL(Sn, B0)); *b0 = ADD(MUL(C, B0), MUL(Sn, A0));
    *a1 = ADD(MUL(C, A1), MUL(Sn, B1)); *b1 = SUB(MUL(C, B1), MUL(Sn, A1));
  } else {
    *g = SUB(ADD(MUL(A0, I1), MUL(A1, I0)), ADD(MUL(B0, R1), MUL(B1, R0)));
    *r0 = SUB(MUL(C, R0), MUL(Sn, I1)); *i0 = ADD(MUL(C, I0), MUL(Sn, R1));
    *r1 = SUB(MUL(C, R1), MUL(Sn, I0)); *i1 = ADD(MUL(C, I1), MUL(Sn, R0));
    *a0 = SUB(MUL(C, A0), MUL(Sn, B1)); *b0 = ADD(MUL(C, B0), MUL(Sn, A1));
    *a1 = SUB(MUL(C, A1), MUL(Sn, B0)); *b1 = ADD(MUL(C, B1), MUL(Sn, A0));
  }
}

// Backward step of one rotation with the same angle for every sample; returns the batch sum of d f / d t.
static inline __attribute__((always_inline)) double adjrc_axis(double *re, double *im, double *lre, double *lim, int L, int S, const int axis, V C, V Sn) {
  V acc = SPL(0), g;
  for (int base = 0; base < L; base += 2 * S) {
    for (int j = base, e = base + S; j < e; j += 2) {
      int k = j + S;
      V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
      V a0 = LD(lre + j), b0 = LD(lim + j), a1 = LD(lre + k), b1 = LD(lim + k);
      rot_back(axis, C, Sn, &r0, &i0, &r1, &i1, &a0, &b0, &a1, &b1, &g);
      acc = ADD(acc, g);
      ST(re + j, r0); ST(im + j, i0); ST(re + k, r1); ST(im + k, i1);
      ST(lre + j, a0); ST(lim + j, b0); ST(lre + k, a1); ST(lim + k, b1);
    }
  }
  return wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
}

double adjrc(double *re, double *im, double *lre, double *lim, int L, int S, int axis, double c, double s) {
  V C = SPL(c), Sn = SPL(s);
  if (axis == 0) return adjrc_axis(re, im, lre, lim, L, S, 0, C, Sn);
  if (axis == 1) return adjrc_axis(re, im, lre, lim, L, S, 1, C, Sn);
  return adjrc_axis(re, im, lre, lim, L, S, 2, C, Sn);
}

// The same with per-sample angles: cos(t_b/2) at cs[b], sin(t_b/2) at cs[B + b]; acc[b] += d f_b / d t_b.
static inline __attribute__((always_inline)) void adjrp_axis(double *re, double *im, double *lre, double *lim, int L, int S, int B, const int axis, const double *cs, double *acc) {
  V g;
  for (int base = 0; base < L; base += 2 * S) {
    for (int blk = base, e = base + S; blk < e; blk += B) {
      for (int b = 0; b < B; b += 2) {
        int j = blk + b, k = j + S;
        V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
        V a0 = LD(lre + j), b0 = LD(lim + j), a1 = LD(lre + k), b1 = LD(lim + k);
        rot_back(axis, LD(cs + b), LD(cs + B + b), &r0, &i0, &r1, &i1, &a0, &b0, &a1, &b1, &g);
        ST(acc + b, ADD(LD(acc + b), g));
        ST(re + j, r0); ST(im + j, i0); ST(re + k, r1); ST(im + k, i1);
        ST(lre + j, a0); ST(lim + j, b0); ST(lre + k, a1); ST(lim + k, b1);
      }
    }
  }
}

void adjrp(double *re, double *im, double *lre, double *lim, int L, int S, int B, int axis, const double *cs, double *acc) {
  if (axis == 0) adjrp_axis(re, im, lre, lim, L, S, B, 0, cs, acc);
  else if (axis == 1) adjrp_axis(re, im, lre, lim, L, S, B, 1, cs, acc);
  else adjrp_axis(re, im, lre, lim, L, S, B, 2, cs, acc);
}

// Two rotations on one qubit in one backward pass: the forward applied R1(t1) then R2(t2)
// (axes ax1, ax2; c1, s1, c2, s2 = cos, sin of half angles). psi is after R2: g2 = Im <lambda|G2 psi>,
// then psi, lambda go through R2(-t2), g1 = Im <lambda'|G1 psi'>, then through R1(-t1), all per
// amplitude pair in registers. out[0] += g1, out[1] += g2 (batch sums).
// The pass body with the axes as compile-time constants (always inlined into one loop per axis pair,
// so no branch is left inside the loop).
static inline __attribute__((always_inline)) void adjrc2_axes(double *re, double *im, double *lre, double *lim, int L, int S, const int ax1, V C1, V S1, const int ax2, V C2, V S2, double *out) {
  V acc1 = SPL(0), acc2 = SPL(0), g;
  for (int base = 0; base < L; base += 2 * S) {
    for (int j = base, e = base + S; j < e; j += 2) {
      int k = j + S;
      V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
      V a0 = LD(lre + j), b0 = LD(lim + j), a1 = LD(lre + k), b1 = LD(lim + k);
      rot_back(ax2, C2, S2, &r0, &i0, &r1, &i1, &a0, &b0, &a1, &b1, &g);
      acc2 = ADD(acc2, g);
      rot_back(ax1, C1, S1, &r0, &i0, &r1, &i1, &a0, &b0, &a1, &b1, &g);
      acc1 = ADD(acc1, g);
      ST(re + j, r0); ST(im + j, i0); ST(re + k, r1); ST(im + k, i1);
      ST(lre + j, a0); ST(lim + j, b0); ST(lre + k, a1); ST(lim + k, b1);
    }
  }
  out[0] += wasm_f64x2_extract_lane(acc1, 0) + wasm_f64x2_extract_lane(acc1, 1);
  out[1] += wasm_f64x2_extract_lane(acc2, 0) + wasm_f64x2_extract_lane(acc2, 1);
}

void adjrc2(double *re, double *im, double *lre, double *lim, int L, int S, int ax1, double c1, double s1, int ax2, double c2, double s2, double *out) {
  V C1 = SPL(c1), S1 = SPL(s1), C2 = SPL(c2), S2 = SPL(s2);
#define CASE(a, b) \
  if (ax1 == a && ax2 == b) { adjrc2_axes(re, im, lre, lim, L, S, a, C1, S1, b, C2, S2, out); return; }
  CASE(1, 2) CASE(2, 1) CASE(2, 2) CASE(1, 1) CASE(0, 0) CASE(0, 1) CASE(0, 2) CASE(1, 0) CASE(2, 0)
#undef CASE
}

// Gradient only (psi and lambda are left as they are): for a last backward step on its qubit,
// whose un-applied states nothing reads (gates on other qubits do not change Im <lambda| G psi>).
static inline __attribute__((always_inline)) V rot_grad(const int axis, V r0, V i0, V r1, V i1, V a0, V b0, V a1, V b1) {
  if (axis == 1) return SUB(ADD(MUL(a1, r0), MUL(b1, i0)), ADD(MUL(a0, r1), MUL(b0, i1)));
  if (axis == 2) return ADD(SUB(MUL(a0, i0), MUL(b0, r0)), SUB(MUL(b1, r1), MUL(a1, i1)));
  return SUB(ADD(MUL(a0, i1), MUL(a1, i0)), ADD(MUL(b0, r1), MUL(b1, r0)));
}

static inline __attribute__((always_inline)) void gradrp_axis(const double *re, const double *im, const double *lre, const double *lim, int L, int S, int B, const int axis, double *acc) {
  for (int base = 0; base < L; base += 2 * S) {
    for (int blk = base, e = base + S; blk < e; blk += B) {
      for (int b = 0; b < B; b += 2) {
        int j = blk + b, k = j + S;
        V g = rot_grad(axis, LD(re + j), LD(im + j), LD(re + k), LD(im + k), LD(lre + j), LD(lim + j), LD(lre + k), LD(lim + k));
        ST(acc + b, ADD(LD(acc + b), g));
      }
    }
  }
}

// acc[b] += Im <lambda_b| G psi_b> per sample, states untouched.
void gradrp(const double *re, const double *im, const double *lre, const double *lim, int L, int S, int B, int axis, double *acc) {
  if (axis == 0) gradrp_axis(re, im, lre, lim, L, S, B, 0, acc);
  else if (axis == 1) gradrp_axis(re, im, lre, lim, L, S, B, 1, acc);
  else gradrp_axis(re, im, lre, lim, L, S, B, 2, acc);
}

static inline __attribute__((always_inline)) double gradrc_axis(const double *re, const double *im, const double *lre, const double *lim, int L, int S, const int axis) {
  V acc = SPL(0);
  for (int base = 0; base < L; base += 2 * S) {
    for (int j = base, e = base + S; j < e; j += 2) {
      int k = j + S;
      acc = ADD(acc, rot_grad(axis, LD(re + j), LD(im + j), LD(re + k), LD(im + k), LD(lre + j), LD(lim + j), LD(lre + k), LD(lim + k)));
    }
  }
  return wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
}

// Batch sum of Im <lambda| G psi>, states untouched.
double gradrc(const double *re, const double *im, const double *lre, const double *lim, int L, int S, int axis) {
  if (axis == 0) return gradrc_axis(re, im, lre, lim, L, S, 0);
  if (axis == 1) return gradrc_axis(re, im, lre, lim, L, S, 1);
  return gradrc_axis(re, im, lre, lim, L, S, 2);
}

// RZZ(t) = exp(-i t ZZ / 2) on qubits with bit masks ma, mb: amplitude i times c - i s z(i), z = +1
// where the two bits agree and -1 where they differ; the same angle for every sample.
void zzc(double *re, double *im, int N, int B, int ma, int mb, double c, double s) {
  V C = SPL(c), Sp = SPL(s), Sm = SPL(-s);
  for (int i = 0; i < N; i++) {
    V Sz = ((i & ma) != 0) == ((i & mb) != 0) ? Sp : Sm;
    for (int b = 0; b < B; b += 2) {
      int j = i * B + b;
      V r = LD(re + j), m = LD(im + j);
      ST(re + j, ADD(MUL(C, r), MUL(Sz, m)));
      ST(im + j, SUB(MUL(C, m), MUL(Sz, r)));
    }
  }
}

// RZZ with per-sample angles: cos(t_b/2) at cs[b], sin(t_b/2) at cs[B + b].
void zzp(double *re, double *im, int N, int B, int ma, int mb, const double *cs) {
  for (int i = 0; i < N; i++) {
    int agree = ((i & ma) != 0) == ((i & mb) != 0);
    for (int b = 0; b < B; b += 2) {
      int j = i * B + b;
      V C = LD(cs + b), Sz = LD(cs + B + b);
      if (!agree) Sz = wasm_f64x2_neg(Sz);
      V r = LD(re + j), m = LD(im + j);
      ST(re + j, ADD(MUL(C, r), MUL(Sz, m)));
      ST(im + j, SUB(MUL(C, m), MUL(Sz, r)));
    }
  }
}

// Backward step of RZZ (same angle for every sample): returns the batch sum of
// Im <lambda| ZZ psi> = sum_i z(i) (Re lambda_i Im psi_i - Im lambda_i Re psi_i) (psi after the
// gate), and multiplies psi and lambda by c + i s z(i) (the inverse).
double adjzzc(double *re, double *im, double *lre, double *lim, int N, int B, int ma, int mb, double c, double s) {
  V C = SPL(c), Sp = SPL(s), Sm = SPL(-s), accp = SPL(0), accm = SPL(0);
  for (int i = 0; i < N; i++) {
    int agree = ((i & ma) != 0) == ((i & mb) != 0);
    V Sz = agree ? Sp : Sm;
    for (int b = 0; b < B; b += 2) {
      int j = i * B + b;
      V r = LD(re + j), m = LD(im + j), a = LD(lre + j), bb = LD(lim + j);
      V g = SUB(MUL(a, m), MUL(bb, r));
      if (agree) accp = ADD(accp, g); else accm = ADD(accm, g);
      ST(re + j, SUB(MUL(C, r), MUL(Sz, m)));
      ST(im + j, ADD(MUL(C, m), MUL(Sz, r)));
      ST(lre + j, SUB(MUL(C, a), MUL(Sz, bb)));
      ST(lim + j, ADD(MUL(C, bb), MUL(Sz, a)));
    }
  }
  V acc = SUB(accp, accm);
  return wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
}

// The same with per-sample angles (cs as in zzp); acc[b] += d f_b / d t_b.
void adjzzp(double *re, double *im, double *lre, double *lim, int N, int B, int ma, int mb, const double *cs, double *acc) {
  for (int i = 0; i < N; i++) {
    int agree = ((i & ma) != 0) == ((i & mb) != 0);
    for (int b = 0; b < B; b += 2) {
      int j = i * B + b;
      V C = LD(cs + b), Sz = LD(cs + B + b);
      V r = LD(re + j), m = LD(im + j), a = LD(lre + j), bb = LD(lim + j);
      V g = SUB(MUL(a, m), MUL(bb, r));
      if (!agree) {
        Sz = wasm_f64x2_neg(Sz);
        g = wasm_f64x2_neg(g);
      }
      ST(acc + b, ADD(LD(acc + b), g));
      ST(re + j, SUB(MUL(C, r), MUL(Sz, m)));
      ST(im + j, ADD(MUL(C, m), MUL(Sz, r)));
      ST(lre + j, SUB(MUL(C, a), MUL(Sz, bb)));
      ST(lim + j, ADD(MUL(C, bb), MUL(Sz, a)));
    }
  }
}

// The product state (u_0 ⊗ ... ⊗ u_{n-1}) per sample, built by doubling: u for qubit q holds
// four rows of B values at u + 4 q B: Re u_q[0], Im u_q[0], Re u_q[1], Im u_q[1] (the first
// column of the qubit's first one-qubit matrix; (1, 0) for an untouched qubit).
void prodstate(double *re, double *im, int n, int B, const double *u) {
  for (int b = 0; b < B; b += 2) {
    ST(re + b, SPL(1));
    ST(im + b, SPL(0));
  }
  for (int q = 0; q < n; q++) {
    const double *uq = u + 4 * q * B;
    int half = 1 << q;
    for (int i = 0; i < half; i++) {
      for (int b = 0; b < B; b += 2) {
        int j = i * B + b, k = (i + half) * B + b;
        V r = LD(re + j), m = LD(im + j);
        V a = LD(uq + b), ai = LD(uq + B + b), c = LD(uq + 2 * B + b), ci = LD(uq + 3 * B + b);
        ST(re + k, SUB(MUL(r, c), MUL(m, ci)));
        ST(im + k, ADD(MUL(r, ci), MUL(m, c)));
        ST(re + j, SUB(MUL(r, a), MUL(m, ai)));
        ST(im + j, ADD(MUL(r, ai), MUL(m, a)));
      }
    }
  }
}

// The four bilinear sums of one qubit's amplitude pairs, S_ac = sum conj(lambda_a) psi_c (a, c in
// {0, 1}: the pair (i, i + S)), over all pairs and samples: out = Re S00, Im S00, Re S01, Im S01,
// Re S10, Im S10, Re S11, Im S11 (added). Every rotation gradient on the qubit follows from them:
// Im <lambda| H psi> = Im sum_ac H_ac S_ac for the Hermitian H of a generator moved to this point.
void sumc(const double *re, const double *im, const double *lre, const double *lim, int L, int S, double *out) {
  V s0 = SPL(0), s1 = SPL(0), s2 = SPL(0), s3 = SPL(0), s4 = SPL(0), s5 = SPL(0), s6 = SPL(0), s7 = SPL(0);
  for (int base = 0; base < L; base += 2 * S) {
    for (int j = base, e = base + S; j < e; j += 2) {
      int k = j + S;
      V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
      V a0 = LD(lre + j), b0 = LD(lim + j), a1 = LD(lre + k), b1 = LD(lim + k);
      s0 = ADD(s0, ADD(MUL(a0, r0), MUL(b0, i0))); s1 = ADD(s1, SUB(MUL(a0, i0), MUL(b0, r0)));
      s2 = ADD(s2, ADD(MUL(a0, r1), MUL(b0, i1))); s3 = ADD(s3, SUB(MUL(a0, i1), MUL(b0, r1)));
      s4 = ADD(s4, ADD(MUL(a1, r0), MUL(b1, i0))); s5 = ADD(s5, SUB(MUL(a1, i0), MUL(b1, r0)));
      s6 = ADD(s6, ADD(MUL(a1, r1), MUL(b1, i1))); s7 = ADD(s7, SUB(MUL(a1, i1), MUL(b1, r1)));
    }
  }
#define HSUM(v) (wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1))
  out[0] += HSUM(s0); out[1] += HSUM(s1); out[2] += HSUM(s2); out[3] += HSUM(s3);
  out[4] += HSUM(s4); out[5] += HSUM(s5); out[6] += HSUM(s6); out[7] += HSUM(s7);
#undef HSUM
}

// The same per sample: entry m (order as in sumc) of sample b at out[m * B + b] (added).
void sump(const double *re, const double *im, const double *lre, const double *lim, int L, int S, int B, double *out) {
  for (int base = 0; base < L; base += 2 * S) {
    for (int blk = base, e = base + S; blk < e; blk += B) {
      for (int b = 0; b < B; b += 2) {
        int j = blk + b, k = j + S;
        V r0 = LD(re + j), i0 = LD(im + j), r1 = LD(re + k), i1 = LD(im + k);
        V a0 = LD(lre + j), b0 = LD(lim + j), a1 = LD(lre + k), b1 = LD(lim + k);
        double *o = out + b;
        ST(o, ADD(LD(o), ADD(MUL(a0, r0), MUL(b0, i0)))); o += B;
        ST(o, ADD(LD(o), SUB(MUL(a0, i0), MUL(b0, r0)))); o += B;
        ST(o, ADD(LD(o), ADD(MUL(a0, r1), MUL(b0, i1)))); o += B;
        ST(o, ADD(LD(o), SUB(MUL(a0, i1), MUL(b0, r1)))); o += B;
        ST(o, ADD(LD(o), ADD(MUL(a1, r0), MUL(b1, i0)))); o += B;
        ST(o, ADD(LD(o), SUB(MUL(a1, i0), MUL(b1, r0)))); o += B;
        ST(o, ADD(LD(o), ADD(MUL(a1, r1), MUL(b1, i1)))); o += B;
        ST(o, ADD(LD(o), SUB(MUL(a1, i1), MUL(b1, r1))));
      }
    }
  }
}
