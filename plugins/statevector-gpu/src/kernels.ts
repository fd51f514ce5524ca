/**
 * The gpu.js kernels of the GPU statevector, as JavaScript source text. gpu.js parses a kernel's
 * source and translates it (GLSL on GL, WebAssembly bytecode on webasm, JavaScript on cpu);
 * keeping the text out of the TypeScript build means no compiler or bundler rewrites it (number
 * literals, helper names, `this` typing) before gpu.js sees it.
 *
 * Layout shared by every kernel: a launch holds R rows (samples); a state is a 3-D array
 * `[part][row][i]` (part 0 = real, 1 = imaginary; amplitude i, qubit q = bit q of i), flat
 * `i + 2^n (row + R part)`: the real parts of every row, then the imaginary parts. State kernels
 * have output `[2^n, R, 2]`, probabilities `[2^n, 1, R]` and reductions `[C, 1, R]`. Why in that
 * order: gpu.js gives a 2-D output `[w, h]`, and a 3-D one `[w, h, 1]`, a texture of exactly w x h
 * texels on GL, so a 2^n-wide one fails past `maxTextureSize` (8192 on SwiftShader: n >= 14 for
 * one state); any other shape gets a near-square texture, which holds up to maxTextureSize^2.
 * Why 3-D: gpu.js stores every local variable that an integer expression initialises as a float32
 * ("int-typed initializers decay to float declarations", in its WebGL and WebAssembly backends
 * alike), so a local index is exact only below 2^24. Each coordinate (amplitude, row, part) stays
 * below 2^24 for n <= 24, and gpu.js itself combines them into the flat index in integer
 * arithmetic. A flat 1-D layout read rows past the 2^24-th float from the wrong place.
 *
 * Reductions never loop over a whole state: a launch writes one partial sum per chunk of
 * 2^chunkBits amplitudes, whose loop bound the runtime passes to gpu.js as `loopMaxIterations`
 * (gpu.js caps loops whose bound is not a literal at 1000, silently, in every mode); the host
 * adds the partial sums in float64.
 */

/**
 * A state from the host onto the device (GL): cell (i, row, part) of `flat`, the state's flat
 * layout. Used only where a launch holds at most 2^24 cells (GL), so the flat index is exact.
 */
export const UPLOAD = `function upload(flat, N, R) {
  const i = this.thread.x;
  const row = this.thread.y;
  const part = this.thread.z;
  return flat[i + N * (row + R * part)];
}`;

/** Cell (i, row, part) of a state-shaped output `[2^n, R, 2]`. */
const CELL = `
  const i = this.thread.x;
  const row = this.thread.y;
  const part = this.thread.z;`;

/** The amplitude pair of i under a one-qubit matrix on q, from `psi`, and the offset `c` of the row's matrix row. */
const PAIR = (psi: string): string => `
    const bit = (i >> q) & 1;
    const i0 = i - (bit << q);
    const i1 = i0 + (1 << q);
    const c = (row << 3) + (bit << 2);
    const r0 = ${psi}[0][row][i0];
    const m0 = ${psi}[1][row][i0];
    const r1 = ${psi}[0][row][i1];
    const m1 = ${psi}[1][row][i1];`;

/** Real and imaginary part of row c of a 2x2 matrix times the pair. */
const PAIR_RE = 'coef[c] * r0 - coef[c + 1] * m0 + coef[c + 2] * r1 - coef[c + 3] * m1';
const PAIR_IM = 'coef[c] * m0 + coef[c + 1] * r0 + coef[c + 2] * m1 + coef[c + 3] * r1';

/** The four amplitudes of i's group under a two-qubit matrix on (qa, qb), from `psi`, and the offset `c` of the row's matrix row. */
const QUAD = (psi: string): string => `
    const ba = (i >> qa) & 1;
    const bb = (i >> qb) & 1;
    const j0 = i - (ba << qa) - (bb << qb);
    const j1 = j0 + (1 << qa);
    const j2 = j0 + (1 << qb);
    const j3 = j1 + (1 << qb);
    const c = (row << 5) + ((ba + (bb << 1)) << 3);
    const r0 = ${psi}[0][row][j0];
    const m0 = ${psi}[1][row][j0];
    const r1 = ${psi}[0][row][j1];
    const m1 = ${psi}[1][row][j1];
    const r2 = ${psi}[0][row][j2];
    const m2 = ${psi}[1][row][j2];
    const r3 = ${psi}[0][row][j3];
    const m3 = ${psi}[1][row][j3];`;

/** Real and imaginary part of row c of a 4x4 matrix times the group. */
const QUAD_RE = `${PAIR_RE}
      + coef[c + 4] * r2 - coef[c + 5] * m2 + coef[c + 6] * r3 - coef[c + 7] * m3`;
const QUAD_IM = `${PAIR_IM}
      + coef[c + 4] * m2 + coef[c + 5] * r2 + coef[c + 6] * m3 + coef[c + 7] * r3`;

/**
 * A one-qubit gate on qubit q: out = M psi, with M the row's 2x2 complex matrix at
 * `coef[row * 8 ..]` (row-major re/im pairs, as core's `gateCoefs`).
 */
export const APPLY_ONE = `function applyOne(state, coef, q) {${CELL}${PAIR('state')}
  if (part === 0) {
    return ${PAIR_RE};
  }
  return ${PAIR_IM};
}`;

/**
 * A two-qubit block on qubits (qa, qb): out = M psi with M the row's 4x4 complex matrix at
 * `coef[row * 32 ..]`, row-major, local index `bit(qa) + 2 bit(qb)` (controlled gates, CNOT,
 * CZ, SWAP, RZZ, RXX, RYY and fused blocks all take this kernel).
 */
export const APPLY_TWO = `function applyTwo(state, coef, qa, qb) {${CELL}${QUAD('state')}
  if (part === 0) {
    return ${QUAD_RE};
  }
  return ${QUAD_IM};
}`;

/** |psi_i|^2 per amplitude: output `[2^n, 1, R]`. */
export const PROBABILITIES = `function probabilities(state) {
  const i = this.thread.x;
  const row = this.thread.z;
  const re = state[0][row][i];
  const im = state[1][row][i];
  return re * re + im * im;
}`;

/** Parity of popcount(v) with integer operators (v below 2^24, so its float32 local is exact). */
const PARITY = `
    v = v ^ (v >> 16);
    v = v ^ (v >> 8);
    v = v ^ (v >> 4);
    v = v ^ (v >> 2);
    v = v ^ (v >> 1);`;

/** Chunk c = thread.x of row = thread.z: amplitudes start + k, k < 2^chunkBits. */
const CHUNK = `
  const row = this.thread.z;
  const start = this.thread.x << chunkBits;
  const len = 1 << chunkBits;
  let sum = 0.0;`;

/**
 * Partial sums of `Re(phase * sum_i conj(psi_{i ^ xm}) (-1)^{popcount(i & zm)} psi_i)` over chunks
 * of 2^chunkBits amplitudes: `<psi|P|psi>` of a Pauli string with masks (xm, zm) and phase
 * `(pr + i pi) = i^ny`. Output `[2^(n - chunkBits), 1, R]`.
 */
export const PAULI_PARTIAL = `function pauliPartial(state, xm, zm, pr, pi, chunkBits) {${CHUNK}
  for (let k = 0; k < len; k++) {
    const i = start + k;
    const j = i ^ xm;
    let v = i & zm;${PARITY}
    const sgn = 1 - ((v & 1) << 1);
    const ri = state[0][row][i];
    const mi = state[1][row][i];
    const rj = state[0][row][j];
    const mj = state[1][row][j];
    const a = rj * ri + mj * mi;
    const b = rj * mi - mj * ri;
    sum += sgn * (pr * a - pi * b);
  }
  return sum;
}`;

/**
 * `acc + w_row (pr + i pi) (-1)^{popcount((i ^ xm) & zm)} psi_{i ^ xm}`: adds a weighted Pauli
 * string applied to psi (the adjoint state `lambda = sum_o upstream_o O_o psi`). Output `[2^n, R, 2]`.
 */
export const PAULI_ACCUMULATE = `function pauliAccumulate(acc, state, w, xm, zm, pr, pi) {${CELL}
  const k = i ^ xm;
  let v = k & zm;${PARITY}
  const s = (1 - ((v & 1) << 1)) * w[row];
  const rk = state[0][row][k];
  const mk = state[1][row][k];
  if (part === 0) {
    return acc[0][row][i] + s * (pr * rk - pi * mk);
  }
  return acc[1][row][i] + s * (pr * mk + pi * rk);
}`;

/**
 * Partial sums of `Re <lambda| M psi>` for the row's 2x2 matrix M on qubit q (a gate's
 * derivative), over chunks of 2^chunkBits amplitudes. Output `[2^(n - chunkBits), 1, R]`.
 */
export const INNER_ONE = `function innerOne(lam, psi, coef, q, chunkBits) {${CHUNK}
  for (let k = 0; k < len; k++) {
    const i = start + k;${PAIR('psi')}
    sum += lam[0][row][i] * (${PAIR_RE}) + lam[1][row][i] * (${PAIR_IM});
  }
  return sum;
}`;

/** As {@link INNER_ONE} for the row's 4x4 matrix on qubits (qa, qb). */
export const INNER_TWO = `function innerTwo(lam, psi, coef, qa, qb, chunkBits) {${CHUNK}
  for (let k = 0; k < len; k++) {
    const i = start + k;${QUAD('psi')}
    sum += lam[0][row][i] * (${QUAD_RE}) + lam[1][row][i] * (${QUAD_IM});
  }
  return sum;
}`;
