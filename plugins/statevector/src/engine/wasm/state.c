// wasm: shared-memory
/*
 * Single-state engine of @hqml/statevector (large n): split re/im complex128 amplitudes in a
 * shared WebAssembly memory, run by every thread of a team on the same state.
 *
 * A plan (built by src/engine/large/plan.ts) is a list of passes:
 *  - a BLOCKED pass owns k "local" qubits: the low m qubits and r higher ones. For each
 *    assignment of the other n - k qubits (a block), the 2^k amplitudes are gathered into a
 *    cache-sized buffer (2^r runs of 2^m contiguous amplitudes; in place when r = 0), every op
 *    of the pass is applied there, and the buffer is written back: one pass over memory for many
 *    gates. Diagonal gates and controls may name non-local qubits: their bits are fixed in a
 *    block, so they reduce to a simpler op (or nothing) on the local bits. Threads take
 *    contiguous ranges of blocks and meet at one barrier per pass.
 *  - a DIRECT pass applies one op to the whole state (no blocking), threads split its pairs or
 *    quads and meet at a barrier after it.
 *  - an INIT pass zeroes the state and writes the initial amplitudes.
 * After the passes each thread adds up its share of the Pauli expectation terms.
 *
 * Every function is a leaf with scalar locals only: no C stack is used, so every thread can run
 * the same module instance layout on the one shared memory (all instances share __stack_pointer's
 * region; nothing here touches it).
 *
 * Plan words (int32): [numPasses, pass...]; pass = [type, numOps, ...]:
 *   INIT:    [0, 0, ampCount, coefIndex]            (ampCount = 0: |0...0>)
 *   BLOCKED: [1, numOps, k, m, r, h[r], nl[n-k], op[numOps]]
 *   DIRECT:  [2, 1, op]
 * op = [code, p0, p1, g0, g1, coefIndex]: local positions (-1 if not local) and global qubits;
 * for a diagonal group p0 is the word index of its term list (see diag()).
 * Terms after the passes: [numTerms, (x, z, ny) ...].
 */
#include <wasm_simd128.h>

typedef double f64;
typedef unsigned int u32;
typedef int i32;

enum { OP_M1 = 0, OP_M1R = 1, OP_M1X = 2, OP_D1 = 3, OP_X = 4, OP_Y = 5, OP_CX = 6, OP_CZ = 7, OP_SWAP = 8, OP_CM1 = 9, OP_D2 = 10, OP_M2 = 11, OP_DIAG = 12 };
enum { PASS_INIT = 0, PASS_BLOCKED = 1, PASS_DIRECT = 2 };
/* control words (int32 index): barrier arrived, generation, abort flag */
enum { CTL_ARRIVED = 0, CTL_GEN = 1, CTL_ABORT = 2 };

static inline u32 insert0(u32 x, i32 p) { return ((x >> p) << (p + 1)) | (x & ((1u << p) - 1u)); }

/* ---------------------------------------------------------------- barrier */

/** Waits until all T threads arrive; returns nonzero when a thread has aborted. */
static i32 barrier(i32 *ctl, i32 T) {
  if (T == 1) return 0;
  i32 gen = __atomic_load_n(&ctl[CTL_GEN], __ATOMIC_SEQ_CST);
  if (__atomic_fetch_add(&ctl[CTL_ARRIVED], 1, __ATOMIC_SEQ_CST) == T - 1) {
    __atomic_store_n(&ctl[CTL_ARRIVED], 0, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&ctl[CTL_GEN], 1, __ATOMIC_SEQ_CST);
    __builtin_wasm_memory_atomic_notify(&ctl[CTL_GEN], 0xffffffffu);
    return __atomic_load_n(&ctl[CTL_ABORT], __ATOMIC_SEQ_CST);
  }
  u32 spins = 0;
  while (__atomic_load_n(&ctl[CTL_GEN], __ATOMIC_SEQ_CST) == gen) {
    if (__atomic_load_n(&ctl[CTL_ABORT], __ATOMIC_SEQ_CST)) return 1;
    if (++spins < 20000u) continue;
    __builtin_wasm_memory_atomic_wait32(&ctl[CTL_GEN], gen, 1000000LL); /* 1 ms, then re-check abort */
  }
  return __atomic_load_n(&ctl[CTL_ABORT], __ATOMIC_SEQ_CST);
}

/* ---------------------------------------------------------------- one-qubit kernels
 * Pair index i in [i0, i1) -> amplitudes j = insert0(i, p) and j + 2^p. For p >= 1 the pairs are
 * walked in contiguous runs (i0, i1 even), two pairs per f64x2 vector. */

#define RUNS(p, i0, i1, ...)                                                  \
  {                                                                            \
    const u32 S_ = 1u << (p);                                                  \
    if (S_ == 2) { /* runs of one vector: pairs (j, j + 2), (j + 1, j + 3) */  \
      for (u32 j = 2 * (i0); j < 2 * (i1); j += 4) { __VA_ARGS__ }             \
    } else if ((((i0) | (i1)) & (S_ - 1u)) == 0) { /* whole runs */            \
      for (u32 b_ = 2 * (i0); b_ < 2 * (i1); b_ += 2 * S_)                    \
        for (u32 j = b_, e_ = b_ + S_; j < e_; j += 2) { __VA_ARGS__ }         \
    } else                                                                     \
    for (u32 i_ = (i0); i_ < (i1);) {                                          \
      const u32 off_ = i_ & (S_ - 1u);                                         \
      u32 run_ = S_ - off_;                                                    \
      if (run_ > (i1) - i_) run_ = (i1) - i_;                                  \
      const u32 base_ = ((i_ >> (p)) << ((p) + 1)) + off_;                     \
      for (u32 j = base_, e_ = base_ + run_; j < e_; j += 2) { __VA_ARGS__ }          \
      i_ += run_;                                                              \
    }                                                                          \
  }

#define LD(a, j) wasm_v128_load((a) + (j))
#define ST(a, j, v) wasm_v128_store((a) + (j), (v))
#define MUL wasm_f64x2_mul
#define ADD wasm_f64x2_add
#define SUB wasm_f64x2_sub
#define SPL wasm_f64x2_splat

/** General 2x2 [[a, b], [c, d]] (c[0..7] = ar ai br bi cr ci dr di). */
static void m1(f64 *re, f64 *im, i32 p, u32 i0, u32 i1, const f64 *c) {
  if (p == 0) {
    /* one pair per vector: lanes (x0, x1); out = (a, d) x + (b, c) swap(x) */
    const v128_t Ar = wasm_f64x2_make(c[0], c[6]), Ai = wasm_f64x2_make(c[1], c[7]);
    const v128_t Br = wasm_f64x2_make(c[2], c[4]), Bi = wasm_f64x2_make(c[3], c[5]);
    for (u32 i = i0; i < i1; i++) {
      const u32 j = 2 * i;
      const v128_t xr = LD(re, j), xi = LD(im, j);
      const v128_t sr = wasm_i64x2_shuffle(xr, xr, 1, 0), si = wasm_i64x2_shuffle(xi, xi, 1, 0);
      ST(re, j, ADD(SUB(MUL(Ar, xr), MUL(Ai, xi)), SUB(MUL(Br, sr), MUL(Bi, si))));
      ST(im, j, ADD(ADD(MUL(Ar, xi), MUL(Ai, xr)), ADD(MUL(Br, si), MUL(Bi, sr))));
    }
    return;
  }
  const u32 S = 1u << p;
  const v128_t ar = SPL(c[0]), ai = SPL(c[1]), br = SPL(c[2]), bi = SPL(c[3]);
  const v128_t cr = SPL(c[4]), ci = SPL(c[5]), dr = SPL(c[6]), di = SPL(c[7]);
  RUNS(p, i0, i1, {
    const u32 k = j + S;
    const v128_t r0 = LD(re, j), i0v = LD(im, j), r1 = LD(re, k), i1v = LD(im, k);
    ST(re, j, ADD(SUB(MUL(ar, r0), MUL(ai, i0v)), SUB(MUL(br, r1), MUL(bi, i1v))));
    ST(im, j, ADD(ADD(MUL(ar, i0v), MUL(ai, r0)), ADD(MUL(br, i1v), MUL(bi, r1))));
    ST(re, k, ADD(SUB(MUL(cr, r0), MUL(ci, i0v)), SUB(MUL(dr, r1), MUL(di, i1v))));
    ST(im, k, ADD(ADD(MUL(cr, i0v), MUL(ci, r0)), ADD(MUL(dr, i1v), MUL(di, r1))));
  })
}

/** Real 2x2 (RY, H): c[0], c[2], c[4], c[6]. */
static void m1r(f64 *re, f64 *im, i32 p, u32 i0, u32 i1, const f64 *c) {
  if (p == 0) {
    const v128_t A = wasm_f64x2_make(c[0], c[6]), B = wasm_f64x2_make(c[2], c[4]);
    for (u32 i = i0; i < i1; i++) {
      const u32 j = 2 * i;
      const v128_t xr = LD(re, j), xi = LD(im, j);
      ST(re, j, ADD(MUL(A, xr), MUL(B, wasm_i64x2_shuffle(xr, xr, 1, 0))));
      ST(im, j, ADD(MUL(A, xi), MUL(B, wasm_i64x2_shuffle(xi, xi, 1, 0))));
    }
    return;
  }
  const u32 S = 1u << p;
  const v128_t a = SPL(c[0]), b = SPL(c[2]), cc = SPL(c[4]), d = SPL(c[6]);
  RUNS(p, i0, i1, {
    const u32 k = j + S;
    const v128_t r0 = LD(re, j), i0v = LD(im, j), r1 = LD(re, k), i1v = LD(im, k);
    ST(re, j, ADD(MUL(a, r0), MUL(b, r1)));
    ST(im, j, ADD(MUL(a, i0v), MUL(b, i1v)));
    ST(re, k, ADD(MUL(cc, r0), MUL(d, r1)));
    ST(im, k, ADD(MUL(cc, i0v), MUL(d, i1v)));
  })
}

/** Real diagonal, imaginary off-diagonal (RX): [[a, i b], [i c, d]] with a = c[0], b = c[3], c = c[5], d = c[6]. */
static void m1x(f64 *re, f64 *im, i32 p, u32 i0, u32 i1, const f64 *c) {
  if (p == 0) {
    const v128_t A = wasm_f64x2_make(c[0], c[6]), B = wasm_f64x2_make(c[3], c[5]);
    for (u32 i = i0; i < i1; i++) {
      const u32 j = 2 * i;
      const v128_t xr = LD(re, j), xi = LD(im, j);
      const v128_t sr = wasm_i64x2_shuffle(xr, xr, 1, 0), si = wasm_i64x2_shuffle(xi, xi, 1, 0);
      ST(re, j, SUB(MUL(A, xr), MUL(B, si)));
      ST(im, j, ADD(MUL(A, xi), MUL(B, sr)));
    }
    return;
  }
  const u32 S = 1u << p;
  const v128_t a = SPL(c[0]), b = SPL(c[3]), cc = SPL(c[5]), d = SPL(c[6]);
  RUNS(p, i0, i1, {
    const u32 k = j + S;
    const v128_t r0 = LD(re, j), i0v = LD(im, j), r1 = LD(re, k), i1v = LD(im, k);
    ST(re, j, SUB(MUL(a, r0), MUL(b, i1v)));
    ST(im, j, ADD(MUL(a, i0v), MUL(b, r1)));
    ST(re, k, SUB(MUL(d, r1), MUL(cc, i0v)));
    ST(im, k, ADD(MUL(d, i1v), MUL(cc, r0)));
  })
}

/** Diagonal diag(u, v) (u = (ur, ui), v = (vr, vi)); the bit-0 half is skipped when u = 1. */
static void d1(f64 *re, f64 *im, i32 p, u32 i0, u32 i1, f64 ur, f64 ui, f64 vr, f64 vi) {
  const i32 skip0 = ur == 1.0 && ui == 0.0;
  if (p == 0) {
    const v128_t A = wasm_f64x2_make(ur, vr), B = wasm_f64x2_make(ui, vi);
    for (u32 i = i0; i < i1; i++) {
      const u32 j = 2 * i;
      const v128_t xr = LD(re, j), xi = LD(im, j);
      ST(re, j, SUB(MUL(A, xr), MUL(B, xi)));
      ST(im, j, ADD(MUL(A, xi), MUL(B, xr)));
    }
    return;
  }
  const u32 S = 1u << p;
  const v128_t a = SPL(ur), b = SPL(ui), cc = SPL(vr), d = SPL(vi);
  if (skip0) {
    RUNS(p, i0, i1, {
      const u32 k = j + S;
      const v128_t r1 = LD(re, k), i1v = LD(im, k);
      ST(re, k, SUB(MUL(cc, r1), MUL(d, i1v)));
      ST(im, k, ADD(MUL(cc, i1v), MUL(d, r1)));
    })
    return;
  }
  RUNS(p, i0, i1, {
    const u32 k = j + S;
    const v128_t r0 = LD(re, j), i0v = LD(im, j), r1 = LD(re, k), i1v = LD(im, k);
    ST(re, j, SUB(MUL(a, r0), MUL(b, i0v)));
    ST(im, j, ADD(MUL(a, i0v), MUL(b, r0)));
    ST(re, k, SUB(MUL(cc, r1), MUL(d, i1v)));
    ST(im, k, ADD(MUL(cc, i1v), MUL(d, r1)));
  })
}

/** X (swap the halves) and Y (swap with phases: |0> -> i|1>, |1> -> -i|0>). */
static void px(f64 *re, f64 *im, i32 p, u32 i0, u32 i1, i32 y) {
  if (p == 0) {
    for (u32 i = i0; i < i1; i++) {
      const u32 j = 2 * i;
      const v128_t xr = LD(re, j), xi = LD(im, j);
      const v128_t sr = wasm_i64x2_shuffle(xr, xr, 1, 0), si = wasm_i64x2_shuffle(xi, xi, 1, 0);
      if (!y) {
        ST(re, j, sr);
        ST(im, j, si);
      } else {
        /* new0 = -i x1 = (x1i, -x1r); new1 = i x0 = (-x0i, x0r) */
        const v128_t sg = wasm_f64x2_make(1.0, -1.0);
        ST(re, j, MUL(sg, si));
        ST(im, j, MUL(wasm_f64x2_neg(sg), sr));
      }
    }
    return;
  }
  const u32 S = 1u << p;
  if (!y) {
    RUNS(p, i0, i1, {
      const u32 k = j + S;
      const v128_t r0 = LD(re, j), i0v = LD(im, j);
      ST(re, j, LD(re, k));
      ST(im, j, LD(im, k));
      ST(re, k, r0);
      ST(im, k, i0v);
    })
    return;
  }
  RUNS(p, i0, i1, {
    const u32 k = j + S;
    const v128_t r0 = LD(re, j), i0v = LD(im, j), r1 = LD(re, k), i1v = LD(im, k);
    ST(re, j, i1v);
    ST(im, j, wasm_f64x2_neg(r1));
    ST(re, k, wasm_f64x2_neg(i0v));
    ST(im, k, r0);
  })
}

/* ---------------------------------------------------------------- two-qubit kernels
 * Quad index i in [i0, i1) -> j = index with zero bits at a and b; the four amplitudes are
 * j, j + Sa, j + Sb, j + Sa + Sb (bitA + 2 bitB). Runs along the lower of the two bits are
 * contiguous; plain loops, auto-vectorised by clang. */

#define QUADS(a, b, i0, i1, ...)                                              \
  {                                                                            \
    const i32 lo_ = (a) < (b) ? (a) : (b), hi_ = (a) < (b) ? (b) : (a);        \
    const u32 L_ = 1u << lo_;                                                  \
    for (u32 i_ = (i0); i_ < (i1);) {                                          \
      const u32 off_ = i_ & (L_ - 1u);                                         \
      u32 run_ = L_ - off_;                                                    \
      if (run_ > (i1) - i_) run_ = (i1) - i_;                                  \
      const u32 base_ = insert0(insert0(i_, lo_), hi_);                        \
      for (u32 j = base_, e_ = base_ + run_; j < e_; j++) { __VA_ARGS__ }             \
      i_ += run_;                                                              \
    }                                                                          \
  }

/* the same walk, two quads (one f64x2 vector) per step: the lower bit is at least 1, i0 and i1 even */
#define QUADV(a, b, i0, i1, ...)                                              \
  {                                                                            \
    const i32 lo_ = (a) < (b) ? (a) : (b), hi_ = (a) < (b) ? (b) : (a);        \
    const u32 L_ = 1u << lo_, H_ = 1u << hi_;                                  \
    if ((((i0) | (i1)) & ((H_ >> 1) - 1u)) == 0) { /* whole blocks: nested */  \
      for (u32 hb_ = 4 * (i0); hb_ < 4 * (i1); hb_ += 2 * H_)                 \
        for (u32 lb_ = hb_; lb_ < hb_ + H_; lb_ += 2 * L_)                     \
          for (u32 j = lb_, e_ = lb_ + L_; j < e_; j += 2) { __VA_ARGS__ }     \
    } else                                                                     \
    for (u32 i_ = (i0); i_ < (i1);) {                                          \
      const u32 off_ = i_ & (L_ - 1u);                                         \
      u32 run_ = L_ - off_;                                                    \
      if (run_ > (i1) - i_) run_ = (i1) - i_;                                  \
      const u32 base_ = insert0(insert0(i_, lo_), hi_);                        \
      for (u32 j = base_, e_ = base_ + run_; j < e_; j += 2) { __VA_ARGS__ }   \
      i_ += run_;                                                              \
    }                                                                          \
  }

#define VEC_OK(a, b) ((a) >= 1 && (b) >= 1)

static void cx(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1) {
  const u32 Sa = 1u << a, Sb = 1u << b;
  if (VEC_OK(a, b)) {
    QUADV(a, b, i0, i1, {
      const u32 x = j + Sa, y = x + Sb;
      const v128_t r = LD(re, x), m = LD(im, x);
      ST(re, x, LD(re, y));
      ST(im, x, LD(im, y));
      ST(re, y, r);
      ST(im, y, m);
    })
    return;
  }
  QUADS(a, b, i0, i1, {
    const u32 x = j + Sa, y = x + Sb;
    const f64 r = re[x], m = im[x];
    re[x] = re[y];
    im[x] = im[y];
    re[y] = r;
    im[y] = m;
  })
}

static void cz(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1) {
  const u32 S = (1u << a) + (1u << b);
  if (VEC_OK(a, b)) {
    QUADV(a, b, i0, i1, {
      ST(re, j + S, wasm_f64x2_neg(LD(re, j + S)));
      ST(im, j + S, wasm_f64x2_neg(LD(im, j + S)));
    })
    return;
  }
  QUADS(a, b, i0, i1, {
    re[j + S] = -re[j + S];
    im[j + S] = -im[j + S];
  })
}

static void swp(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1) {
  const u32 Sa = 1u << a, Sb = 1u << b;
  if (VEC_OK(a, b)) {
    QUADV(a, b, i0, i1, {
      const u32 x = j + Sa, y = j + Sb;
      const v128_t r = LD(re, x), m = LD(im, x);
      ST(re, x, LD(re, y));
      ST(im, x, LD(im, y));
      ST(re, y, r);
      ST(im, y, m);
    })
    return;
  }
  QUADS(a, b, i0, i1, {
    const u32 x = j + Sa, y = j + Sb;
    const f64 r = re[x], m = im[x];
    re[x] = re[y];
    im[x] = im[y];
    re[y] = r;
    im[y] = m;
  })
}

static void cm1(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1, const f64 *c) {
  const u32 Sa = 1u << a, Sb = 1u << b;
  if (VEC_OK(a, b)) {
    const v128_t ar = SPL(c[0]), ai = SPL(c[1]), br = SPL(c[2]), bi = SPL(c[3]);
    const v128_t cr = SPL(c[4]), ci = SPL(c[5]), dr = SPL(c[6]), di = SPL(c[7]);
    QUADV(a, b, i0, i1, {
      const u32 x = j + Sa, y = x + Sb;
      const v128_t r0 = LD(re, x), q0 = LD(im, x), r1 = LD(re, y), q1 = LD(im, y);
      ST(re, x, ADD(SUB(MUL(ar, r0), MUL(ai, q0)), SUB(MUL(br, r1), MUL(bi, q1))));
      ST(im, x, ADD(ADD(MUL(ar, q0), MUL(ai, r0)), ADD(MUL(br, q1), MUL(bi, r1))));
      ST(re, y, ADD(SUB(MUL(cr, r0), MUL(ci, q0)), SUB(MUL(dr, r1), MUL(di, q1))));
      ST(im, y, ADD(ADD(MUL(cr, q0), MUL(ci, r0)), ADD(MUL(dr, q1), MUL(di, r1))));
    })
    return;
  }
  const f64 ar = c[0], ai = c[1], br = c[2], bi = c[3], cr = c[4], ci = c[5], dr = c[6], di = c[7];
  QUADS(a, b, i0, i1, {
    const u32 x = j + Sa, y = x + Sb;
    const f64 r0 = re[x], q0 = im[x], r1 = re[y], q1 = im[y];
    re[x] = ar * r0 - ai * q0 + br * r1 - bi * q1;
    im[x] = ar * q0 + ai * r0 + br * q1 + bi * r1;
    re[y] = cr * r0 - ci * q0 + dr * r1 - di * q1;
    im[y] = cr * q0 + ci * r0 + dr * q1 + di * r1;
  })
}

/* (x + iy) *= (cr + i ci) on the vector at offset k */
#define CMULV(k, cr, ci)                                                       \
  {                                                                            \
    const v128_t x_ = LD(re, k), y_ = LD(im, k);                               \
    ST(re, k, SUB(MUL(cr, x_), MUL(ci, y_)));                                  \
    ST(im, k, ADD(MUL(cr, y_), MUL(ci, x_)));                                  \
  }

static void d2(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1, const f64 *c) {
  const u32 Sa = 1u << a, Sb = 1u << b;
  if (VEC_OK(a, b)) {
    const v128_t c0 = SPL(c[0]), c1 = SPL(c[1]), c2 = SPL(c[2]), c3 = SPL(c[3]);
    const v128_t c4 = SPL(c[4]), c5 = SPL(c[5]), c6 = SPL(c[6]), c7 = SPL(c[7]);
    QUADV(a, b, i0, i1, {
      CMULV(j, c0, c1)
      CMULV(j + Sa, c2, c3)
      CMULV(j + Sb, c4, c5)
      CMULV(j + Sa + Sb, c6, c7)
    })
    return;
  }
  const f64 c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7];
  QUADS(a, b, i0, i1, {
    f64 x = re[j], y = im[j];
    re[j] = c0 * x - c1 * y;
    im[j] = c0 * y + c1 * x;
    u32 k = j + Sa;
    x = re[k]; y = im[k];
    re[k] = c2 * x - c3 * y;
    im[k] = c2 * y + c3 * x;
    k = j + Sb;
    x = re[k]; y = im[k];
    re[k] = c4 * x - c5 * y;
    im[k] = c4 * y + c5 * x;
    k = j + Sa + Sb;
    x = re[k]; y = im[k];
    re[k] = c6 * x - c7 * y;
    im[k] = c6 * y + c7 * x;
  })
}

static void m2(f64 *restrict re, f64 *restrict im, i32 a, i32 b, u32 i0, u32 i1, const f64 *c) {
  const u32 Sa = 1u << a, Sb = 1u << b;
  QUADS(a, b, i0, i1, {
    const u32 j1 = j + Sa, j2 = j + Sb, j3 = j + Sa + Sb;
    const f64 xr0 = re[j], xi0 = im[j], xr1 = re[j1], xi1 = im[j1], xr2 = re[j2], xi2 = im[j2], xr3 = re[j3], xi3 = im[j3];
    for (i32 row = 0; row < 4; row++) {
      const f64 *o = c + row * 8;
      const f64 yr = o[0] * xr0 - o[1] * xi0 + o[2] * xr1 - o[3] * xi1 + o[4] * xr2 - o[5] * xi2 + o[6] * xr3 - o[7] * xi3;
      const f64 yi = o[0] * xi0 + o[1] * xr0 + o[2] * xi1 + o[3] * xr1 + o[4] * xi2 + o[5] * xr2 + o[6] * xi3 + o[7] * xr3;
      const u32 t = row == 0 ? j : row == 1 ? j1 : row == 2 ? j2 : j3;
      re[t] = yr;
      im[t] = yi;
    }
  })
}

/** Multiplies amplitudes [i0, i1) by the complex scalar (sr, si). */
static void scale(f64 *re, f64 *im, u32 i0, u32 i1, f64 sr, f64 si) {
  if (sr == 1.0 && si == 0.0) return;
  for (u32 j = i0; j < i1; j++) {
    const f64 x = re[j], y = im[j];
    re[j] = sr * x - si * y;
    im[j] = sr * y + si * x;
  }
}


/* ---------------------------------------------------------------- diagonal groups
 * A run of diagonal gates (CZ, RZ, RZZ, P, ...) of a blocked pass, applied in one sweep. Each
 * term depends on at most two qubits: entries e[bitA + 2 bitB] (complex). With the block's
 * non-local bits substituted, a term is a constant, or a factor on local positions. The local
 * positions split into a low part (positions < h, the contiguous inner run) and a high part:
 * factors on low positions go into table TL, on high positions into TH, and a factor that
 * crosses (one low, one high position) goes into TL with its high bit as an extra table bit
 * (at most 3 such high bits; the planner splits groups to keep that). The sweep then multiplies
 * each inner run of 2^h amplitudes by one row of TL times one entry of TH: one complex (or, for
 * sign-only groups such as CZ chains, real) multiply per amplitude for the whole group.
 *
 * words: [numTerms, h, c, crossingPositions[3], real, (pa, pb, ga, gb) per term]
 * coef: 8 numbers per term. Tables in `tab`: TL (2^(h+3) complex), TH (2^(k-h) complex), row (2 x 2^h).
 */
static void cmulin(f64 *t, f64 er, f64 ei) {
  const f64 x = t[0], y = t[1];
  t[0] = x * er - y * ei;
  t[1] = x * ei + y * er;
}

static void diag(const i32 *w, const f64 *e, f64 *re, f64 *im, u32 bits, i32 k, f64 *tab) {
  const i32 nt = w[0], h = w[1], c = w[2], real = w[6];
  const i32 *cp = w + 3, *tm = w + 7;
  const u32 NL = 1u << (h + c), NH = 1u << (k - h), H = 1u << h;
  f64 *tl = tab, *th = tab + (2u << (h + 3)), *rr = th + (2u << (k - h)), *ri = rr + H;
  for (u32 i = 0; i < NL; i++) { tl[2 * i] = 1.0; tl[2 * i + 1] = 0.0; }
  for (u32 i = 0; i < NH; i++) { th[2 * i] = 1.0; th[2 * i + 1] = 0.0; }
  f64 gr = 1.0, gi = 0.0;
  for (i32 t = 0; t < nt; t++) {
    const i32 pa = tm[4 * t], pb = tm[4 * t + 1], ga = tm[4 * t + 2], gb = tm[4 * t + 3];
    const f64 *E = e + 8 * t;
    const i32 fa = pa < 0 ? (i32)((bits >> ga) & 1u) : -1;
    const i32 fb = gb < 0 ? 0 : pb < 0 ? (i32)((bits >> gb) & 1u) : -1;
    if (fa >= 0 && fb >= 0) {
      const i32 idx = fa + 2 * fb;
      const f64 x = gr;
      gr = x * E[2 * idx] - gi * E[2 * idx + 1];
      gi = x * E[2 * idx + 1] + gi * E[2 * idx];
      continue;
    }
    f64 *table;
    u32 size;
    i32 ba = -1, bb = -1;
    if ((fa >= 0 || pa < h) && (fb >= 0 || pb < h)) {
      table = tl; size = NL;
      if (fa < 0) ba = pa;
      if (fb < 0) bb = pb;
    } else if ((fa >= 0 || pa >= h) && (fb >= 0 || pb >= h)) {
      table = th; size = NH;
      if (fa < 0) ba = pa - h;
      if (fb < 0) bb = pb - h;
    } else {
      /* crossing: the high position becomes table bit h + slot */
      table = tl; size = NL;
      i32 hiPos = pa >= h ? pa : pb, slot = 0;
      for (i32 s = 0; s < c; s++) if (cp[s] == hiPos) slot = s;
      ba = pa >= h ? h + slot : pa;
      bb = pb >= h ? h + slot : pb;
    }
    for (u32 i = 0; i < size; i++) {
      const i32 va = ba >= 0 ? (i32)((i >> ba) & 1u) : fa, vb = bb >= 0 ? (i32)((i >> bb) & 1u) : fb;
      const i32 idx = va + 2 * vb;
      cmulin(table + 2 * i, E[2 * idx], E[2 * idx + 1]);
    }
  }
  for (u32 uh = 0; uh < NH; uh++) {
    u32 sel = 0;
    for (i32 s = 0; s < c; s++) sel |= ((uh >> (cp[s] - h)) & 1u) << s;
    const f64 *src = tl + 2 * (sel << h);
    const f64 pr = gr * th[2 * uh] - gi * th[2 * uh + 1], pi = gr * th[2 * uh + 1] + gi * th[2 * uh];
    f64 *xr = re + (uh << h), *xi = im + (uh << h);
    if (real) {
      for (u32 j = 0; j < H; j++) rr[j] = pr * src[2 * j];
      if (H == 1) { xr[0] *= rr[0]; xi[0] *= rr[0]; continue; }
      for (u32 j = 0; j < H; j += 2) {
        const v128_t f = LD(rr, j);
        ST(xr, j, MUL(LD(xr, j), f));
        ST(xi, j, MUL(LD(xi, j), f));
      }
    } else {
      for (u32 j = 0; j < H; j++) {
        rr[j] = pr * src[2 * j] - pi * src[2 * j + 1];
        ri[j] = pr * src[2 * j + 1] + pi * src[2 * j];
      }
      if (H == 1) {
        const f64 x = xr[0], y = xi[0];
        xr[0] = x * rr[0] - y * ri[0];
        xi[0] = x * ri[0] + y * rr[0];
        continue;
      }
      for (u32 j = 0; j < H; j += 2) {
        const v128_t fr = LD(rr, j), fi = LD(ri, j), x = LD(xr, j), y = LD(xi, j);
        ST(xr, j, SUB(MUL(x, fr), MUL(y, fi)));
        ST(xi, j, ADD(MUL(x, fi), MUL(y, fr)));
      }
    }
  }
}

/* ---------------------------------------------------------------- op dispatch */

/**
 * Applies op `o` to the amplitudes `re, im` (a block, or the whole state) for the pair/quad range
 * [i0, i1) of its own kernel. `bits` is the global index of the block's first amplitude (the
 * values of non-local qubits); `len` the number of amplitudes (for whole-block scalings).
 * A direct op always has local positions; a blocked op may not (see the file comment).
 */
static void apply(const i32 *o, const i32 *plan, const f64 *coef, f64 *re, f64 *im, u32 bits, u32 len, u32 i0, u32 i1, i32 whole, f64 *tab) {
  const i32 code = o[0], p0 = o[1], p1 = o[2], g0 = o[3], g1 = o[4];
  const f64 *c = coef + o[5];
  /* values of non-local qubits in this block */
  const i32 v0 = (i32)((bits >> g0) & 1u), v1 = g1 >= 0 ? (i32)((bits >> g1) & 1u) : 0;
  /* whole = 1: [i0, i1) is "the full range" of whatever kernel ends up running (blocked passes) */
#define R1 (whole ? 0u : i0), (whole ? len / 2 : i1)
#define R2 (whole ? 0u : i0), (whole ? len / 4 : i1)
  switch (code) {
    case OP_M1: m1(re, im, p0, R1, c); return;
    case OP_M1R: m1r(re, im, p0, R1, c); return;
    case OP_M1X: m1x(re, im, p0, R1, c); return;
    case OP_X: px(re, im, p0, R1, 0); return;
    case OP_Y: px(re, im, p0, R1, 1); return;
    case OP_D1:
      if (p0 >= 0) d1(re, im, p0, R1, c[0], c[1], c[6], c[7]);
      else if (v0) scale(re, im, 0, len, c[6], c[7]);
      else scale(re, im, 0, len, c[0], c[1]);
      return;
    case OP_CX: /* control p0/g0, target p1 (always local) */
      if (p0 >= 0) cx(re, im, p0, p1, R2);
      else if (v0) px(re, im, p1, R1, 0);
      return;
    case OP_CM1:
      if (p0 >= 0) cm1(re, im, p0, p1, R2, c);
      else if (v0) m1(re, im, p1, R1, c);
      return;
    case OP_CZ:
      if (p0 >= 0 && p1 >= 0) cz(re, im, p0, p1, R2);
      else if (p0 >= 0) { if (v1) d1(re, im, p0, R1, 1.0, 0.0, -1.0, 0.0); }
      else if (p1 >= 0) { if (v0) d1(re, im, p1, R1, 1.0, 0.0, -1.0, 0.0); }
      else if (v0 && v1) scale(re, im, 0, len, -1.0, 0.0);
      return;
    case OP_D2: /* entries c[2 (bitA + 2 bitB)] */
      if (p0 >= 0 && p1 >= 0) d2(re, im, p0, p1, R2, c);
      else if (p0 >= 0) d1(re, im, p0, R1, c[4 * v1], c[4 * v1 + 1], c[4 * v1 + 2], c[4 * v1 + 3]);
      else if (p1 >= 0) d1(re, im, p1, R1, c[2 * v0], c[2 * v0 + 1], c[2 * v0 + 4], c[2 * v0 + 5]);
      else scale(re, im, 0, len, c[2 * v0 + 4 * v1], c[2 * v0 + 4 * v1 + 1]);
      return;
    case OP_SWAP: swp(re, im, p0, p1, R2); return;
    case OP_M2: m2(re, im, p0, p1, R2, c); return;
    case OP_DIAG: diag(plan + p0, c, re, im, bits, __builtin_ctz(len), tab); return;
  }
#undef R1
#undef R2
}

/** Number of work items (pairs or quads) of a direct op on 2^n amplitudes. */
static u32 items(i32 code, i32 n) {
  return (code >= OP_CX) ? (1u << (n - 2)) : (1u << (n - 1));
}

/** Copies `count` doubles (count even, or 1). */
static void copy(f64 *restrict dst, const f64 *restrict src, u32 count) {
  if (count == 1) {
    dst[0] = src[0];
    return;
  }
  for (u32 j = 0; j < count; j += 2) ST(dst, j, LD(src, j));
}

/**
 * Runs thread t's share of a plan (all passes, then the expectation terms). `scr` is this
 * thread's scratch: 2^kmax doubles re, 2^kmax doubles im, 2^kmax u32 gather offsets, then the
 * tables of diagonal groups.
 * Returns 0, or 1 when a peer aborted.
 */
i32 run(const i32 *plan, const f64 *coef, f64 *re, f64 *im, i32 n, i32 t, i32 T, i32 *ctl, f64 *scr, i32 kmax, f64 *partial) {
  const u32 N = 1u << n;
  f64 *sre = scr, *sim = scr + (1u << kmax);
  u32 *offs = (u32 *)(scr + (2u << kmax));
  f64 *tab = scr + (2u << kmax) + (1u << kmax) / 2u; /* diagonal-group tables: 2^11 + 2^(kmax-6) + 2^8 doubles */
  i32 at = 1;
  const i32 passes = plan[0];
  for (i32 ps = 0; ps < passes; ps++) {
    const i32 type = plan[at], nops = plan[at + 1];
    if (type == PASS_INIT) {
      const u32 amps = (u32)plan[at + 2];
      const f64 *src = coef + plan[at + 3];
      const u32 a0 = (u32)(((unsigned long long)N * t) / T), a1 = (u32)(((unsigned long long)N * (t + 1)) / T);
      for (u32 j = a0; j < a1; j++) { re[j] = 0.0; im[j] = 0.0; }
      if (barrier(ctl, T)) return 1;
      if (t == 0) {
        if (amps == 0) re[0] = 1.0;
        for (u32 j = 0; j < amps; j++) re[j] = src[j];
      }
      if (barrier(ctl, T)) return 1;
      at += 4;
      continue;
    }
    if (type == PASS_DIRECT) {
      const i32 *o = plan + at + 2;
      const u32 cnt = items(o[0], n);
      /* split at multiples of 64 items (whole cache lines, even for the vector kernels) */
      const u32 chunks = (cnt + 63u) / 64u;
      u32 c0 = (u32)(((unsigned long long)chunks * t) / T) * 64u, c1 = (u32)(((unsigned long long)chunks * (t + 1)) / T) * 64u;
      if (c1 > cnt) c1 = cnt;
      if (c0 < c1) apply(o, plan, coef, re, im, 0u, N, c0, c1, 0, tab);
      if (barrier(ctl, T)) return 1;
      at += 2 + 6;
      continue;
    }
    /* blocked pass */
    const i32 k = plan[at + 2], m = plan[at + 3], r = plan[at + 4];
    const i32 *h = plan + at + 5, *nl = h + r, *ops = nl + (n - k);
    const u32 nb = 1u << (n - k), K = 1u << k, run = 1u << m;
    const u32 b0 = (u32)(((unsigned long long)nb * t) / T), b1 = (u32)(((unsigned long long)nb * (t + 1)) / T);
    if (r > 0) {
      for (u32 cidx = 0; cidx < (1u << r); cidx++) {
        u32 off = 0;
        for (i32 s = 0; s < r; s++) off |= ((cidx >> s) & 1u) << h[s];
        offs[cidx] = off;
      }
    }
    for (u32 b = b0; b < b1; b++) {
      u32 base = 0;
      for (i32 s = 0; s < n - k; s++) base |= ((b >> s) & 1u) << nl[s];
      f64 *bre, *bim;
      if (r == 0) {
        bre = re + base;
        bim = im + base;
      } else {
        for (u32 cidx = 0; cidx < (1u << r); cidx++) {
          copy(sre + (cidx << m), re + base + offs[cidx], run);
          copy(sim + (cidx << m), im + base + offs[cidx], run);
        }
        bre = sre;
        bim = sim;
      }
      for (i32 q = 0; q < nops; q++) apply(ops + 6 * q, plan, coef, bre, bim, base, K, 0, 0, 1, tab);
      if (r > 0) {
        for (u32 cidx = 0; cidx < (1u << r); cidx++) {
          copy(re + base + offs[cidx], sre + (cidx << m), run);
          copy(im + base + offs[cidx], sim + (cidx << m), run);
        }
      }
    }
    if (barrier(ctl, T)) return 1;
    at += 5 + r + (n - k) + 6 * nops;
  }
  /* expectation terms: partial[t * numTerms + j] = Re sum_{i in share} conj(psi[i ^ x]) phase(i) psi[i] */
  const i32 nterms = plan[at];
  const u32 a0 = (u32)(((unsigned long long)N * t) / T), a1 = (u32)(((unsigned long long)N * (t + 1)) / T);
  for (i32 q = 0; q < nterms; q++) {
    const u32 x = (u32)plan[at + 1 + 3 * q], z = (u32)plan[at + 2 + 3 * q];
    const i32 ny = plan[at + 3 + 3 * q];
    f64 s = 0.0;
    if (x == 0) {
      if (z == 0) {
        for (u32 i = a0; i < a1; i++) s += re[i] * re[i] + im[i] * im[i];
      } else {
        for (u32 i = a0; i < a1; i++) {
          const f64 pr = re[i] * re[i] + im[i] * im[i];
          s += (__builtin_popcount(i & z) & 1) ? -pr : pr;
        }
      }
      if (ny == 2) s = -s;
    } else {
      f64 sa = 0.0, sc = 0.0;
      for (u32 i = a0; i < a1; i++) {
        const u32 k2 = i ^ x;
        const f64 ri = re[i], ii = im[i], rk = re[k2], ik = im[k2];
        const f64 av = rk * ri + ik * ii, cv = rk * ii - ik * ri;
        if (__builtin_popcount(i & z) & 1) { sa -= av; sc -= cv; }
        else { sa += av; sc += cv; }
      }
      s = ny == 0 ? sa : ny == 1 ? -sc : ny == 2 ? -sa : sc;
    }
    partial[t * nterms + q] = s;
  }
  return 0;
}
