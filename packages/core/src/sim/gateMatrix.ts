import type { GateName } from '../circuit/gates.js';

/**
 * How a statevector engine applies a gate: which kernel, and the shape of its coefficients.
 * - `m1`: 2x2 matrix (8 numbers); `d1`: diagonal, read from a 2x2 layout; `x`, `y`: permutations;
 * - `cx`, `cz`, `swap`: two-qubit permutations / sign flips;
 * - `cm1`: controlled 2x2 block on the target (8 numbers);
 * - `d2`: two-qubit diagonal (8 numbers); `m2`: 4x4 matrix (32 numbers).
 */
export type KernelKind = 'm1' | 'd1' | 'x' | 'y' | 'cx' | 'cz' | 'swap' | 'cm1' | 'd2' | 'm2' | 'id';

/** The kernel of each gate. */
export const GATE_KERNEL: Readonly<Record<GateName, KernelKind>> = {
  I: 'id', H: 'm1', X: 'x', Y: 'y', Z: 'd1', S: 'd1', Sdg: 'd1', T: 'd1', Tdg: 'd1', SX: 'm1',
  RX: 'm1', RY: 'm1', RZ: 'd1', P: 'd1', U3: 'm1',
  CNOT: 'cx', CZ: 'cz', SWAP: 'swap', CRX: 'cm1', CRY: 'cm1', CRZ: 'cm1', RXX: 'm2', RYY: 'm2', RZZ: 'd2',
};

/** Number of coefficients of a kernel kind (per sample). */
export function coefSize(kind: KernelKind): number {
  return kind === 'm2' ? 32 : 8;
}

/** The kernel kind of the derivative of a gate w.r.t. one of its angles (used by `inner*`). */
export function derivKind(gate: GateName): 'm1' | 'cm1' | 'd2' | 'm2' {
  const k = GATE_KERNEL[gate];
  if (k === 'cm1') return 'cm1';
  if (k === 'm2') return 'm2';
  if (k === 'd2') return 'd2';
  return 'm1';
}

const R2 = Math.SQRT1_2;

function set2(o: Float64Array, at: number, ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number): void {
  o[at] = ar; o[at + 1] = ai; o[at + 2] = br; o[at + 3] = bi;
  o[at + 4] = cr; o[at + 5] = ci; o[at + 6] = dr; o[at + 7] = di;
}

/**
 * Writes the coefficients of `gate` with angle values `t0, t1, t2` at `o[at..]`: a 2x2 matrix for
 * one-qubit gates and the target block of controlled gates, 4 diagonal entries for RZZ, a
 * row-major 4x4 for RXX/RYY. Permutation gates write nothing.
 */
export function gateCoefs(gate: GateName, t0: number, t1: number, t2: number, o: Float64Array, at: number): void {
  switch (gate) {
    case 'I': set2(o, at, 1, 0, 0, 0, 0, 0, 1, 0); return;
    case 'H': set2(o, at, R2, 0, R2, 0, R2, 0, -R2, 0); return;
    case 'X': set2(o, at, 0, 0, 1, 0, 1, 0, 0, 0); return;
    case 'Y': set2(o, at, 0, 0, 0, -1, 0, 1, 0, 0); return;
    case 'Z': set2(o, at, 1, 0, 0, 0, 0, 0, -1, 0); return;
    case 'S': set2(o, at, 1, 0, 0, 0, 0, 0, 0, 1); return;
    case 'Sdg': set2(o, at, 1, 0, 0, 0, 0, 0, 0, -1); return;
    case 'T': set2(o, at, 1, 0, 0, 0, 0, 0, R2, R2); return;
    case 'Tdg': set2(o, at, 1, 0, 0, 0, 0, 0, R2, -R2); return;
    case 'SX': set2(o, at, 0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5); return;
    case 'RX': case 'CRX': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      set2(o, at, c, 0, 0, -s, 0, -s, c, 0); return;
    }
    case 'RY': case 'CRY': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      set2(o, at, c, 0, -s, 0, s, 0, c, 0); return;
    }
    case 'RZ': case 'CRZ': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      set2(o, at, c, -s, 0, 0, 0, 0, c, s); return;
    }
    case 'P': set2(o, at, 1, 0, 0, 0, 0, 0, Math.cos(t0), Math.sin(t0)); return;
    case 'U3': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      set2(o, at, c, 0, -Math.cos(t2) * s, -Math.sin(t2) * s, Math.cos(t1) * s, Math.sin(t1) * s, Math.cos(t1 + t2) * c, Math.sin(t1 + t2) * c);
      return;
    }
    case 'RZZ': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      // local index bitA + 2 bitB: parity even -> e^{-it/2}, odd -> e^{+it/2}
      set2(o, at, c, -s, c, s, c, s, c, -s); return;
    }
    case 'RXX': case 'RYY': {
      const c = Math.cos(t0 / 2), s = Math.sin(t0 / 2);
      o.fill(0, at, at + 32);
      for (let k = 0; k < 4; k++) o[at + k * 8 + k * 2] = c;
      // XX pairs k <-> 3 - k with -i s; YY: -i s (-1) for 00<->11, -i s (+1) for 01<->10
      const outer = gate === 'RXX' ? -s : s;
      o[at + 0 * 8 + 3 * 2 + 1] = outer;
      o[at + 3 * 8 + 0 * 2 + 1] = outer;
      o[at + 1 * 8 + 2 * 2 + 1] = -s;
      o[at + 2 * 8 + 1 * 2 + 1] = -s;
      return;
    }
    default:
      // CNOT, CZ, SWAP: permutations with dedicated kernels, no coefficients.
      return;
  }
}

/**
 * Writes the derivative of the coefficients of `gate` w.r.t. angle `which` (0, 1, 2), in the
 * shape of {@link derivKind}: 2x2 for one-qubit gates and controlled blocks, 4 diagonal entries
 * for RZZ, 4x4 for RXX/RYY.
 */
export function gateDerivCoefs(gate: GateName, which: number, t0: number, t1: number, t2: number, o: Float64Array, at: number): void {
  const c = Math.cos(t0 / 2) / 2, s = Math.sin(t0 / 2) / 2;
  switch (gate) {
    case 'RX': case 'CRX': set2(o, at, -s, 0, 0, -c, 0, -c, -s, 0); return;
    case 'RY': case 'CRY': set2(o, at, -s, 0, -c, 0, c, 0, -s, 0); return;
    // d/dt e^{-it/2} = (-i/2) e^{-it/2} = (-s' - i c') with c' = cos/2, s' = sin/2
    case 'RZ': case 'CRZ': set2(o, at, -s, -c, 0, 0, 0, 0, -s, c); return;
    case 'P': set2(o, at, 0, 0, 0, 0, 0, 0, -Math.sin(t0), Math.cos(t0)); return;
    case 'U3': {
      const C = Math.cos(t0 / 2), S = Math.sin(t0 / 2);
      if (which === 0) {
        set2(o, at, -S / 2, 0, -Math.cos(t2) * C / 2, -Math.sin(t2) * C / 2, Math.cos(t1) * C / 2, Math.sin(t1) * C / 2, -Math.cos(t1 + t2) * S / 2, -Math.sin(t1 + t2) * S / 2);
      } else if (which === 1) {
        // d/dphi: i e^{i phi} s on (1,0), i e^{i(phi+lambda)} c on (1,1)
        set2(o, at, 0, 0, 0, 0, -Math.sin(t1) * S, Math.cos(t1) * S, -Math.sin(t1 + t2) * C, Math.cos(t1 + t2) * C);
      } else {
        // d/dlambda: -i e^{i lambda} s on (0,1), i e^{i(phi+lambda)} c on (1,1)
        set2(o, at, 0, 0, Math.sin(t2) * S, -Math.cos(t2) * S, 0, 0, -Math.sin(t1 + t2) * C, Math.cos(t1 + t2) * C);
      }
      return;
    }
    case 'RZZ': set2(o, at, -s, -c, -s, c, -s, c, -s, -c); return;
    case 'RXX': case 'RYY': {
      o.fill(0, at, at + 32);
      for (let k = 0; k < 4; k++) o[at + k * 8 + k * 2] = -s;
      const outer = gate === 'RXX' ? -c : c;
      o[at + 0 * 8 + 3 * 2 + 1] = outer;
      o[at + 3 * 8 + 0 * 2 + 1] = outer;
      o[at + 1 * 8 + 2 * 2 + 1] = -c;
      o[at + 2 * 8 + 1 * 2 + 1] = -c;
      return;
    }
    default:
      o.fill(0, at, at + 8);
  }
}

/** Replaces the coefficients at `o[at..]` (kind `kind`) by those of the adjoint (inverse) gate. */
export function adjointCoefs(kind: KernelKind, o: Float64Array, at: number): void {
  if (kind === 'm1' || kind === 'cm1') {
    // conjugate transpose of [[a, b], [c, d]]
    const br = o[at + 2]!, bi = o[at + 3]!;
    o[at + 1] = -o[at + 1]!;
    o[at + 2] = o[at + 4]!; o[at + 3] = -o[at + 5]!;
    o[at + 4] = br; o[at + 5] = -bi;
    o[at + 7] = -o[at + 7]!;
  } else if (kind === 'd1' || kind === 'd2') {
    for (let k = 1; k < 8; k += 2) o[at + k] = -o[at + k]!;
  } else if (kind === 'm2') {
    for (let r = 0; r < 4; r++) {
      for (let c = r; c < 4; c++) {
        const a = at + r * 8 + c * 2, b = at + c * 8 + r * 2;
        const xr = o[a]!, xi = o[a + 1]!;
        o[a] = o[b]!; o[a + 1] = -o[b + 1]!;
        o[b] = xr; o[b + 1] = -xi;
      }
    }
  }
}

/**
 * b <- a * b for 2x2 complex matrices (8 numbers each, row-major re/im pairs): composes a
 * one-qubit gate `a` applied after `b` (fusion of one-qubit runs in every engine).
 */
export function mul2(a: ArrayLike<number>, b: { [i: number]: number; readonly length: number }): void {
  const a0r = a[0]!, a0i = a[1]!, a1r = a[2]!, a1i = a[3]!, a2r = a[4]!, a2i = a[5]!, a3r = a[6]!, a3i = a[7]!;
  const b0r = b[0]!, b0i = b[1]!, b1r = b[2]!, b1i = b[3]!, b2r = b[4]!, b2i = b[5]!, b3r = b[6]!, b3i = b[7]!;
  b[0] = a0r * b0r - a0i * b0i + a1r * b2r - a1i * b2i;
  b[1] = a0r * b0i + a0i * b0r + a1r * b2i + a1i * b2r;
  b[2] = a0r * b1r - a0i * b1i + a1r * b3r - a1i * b3i;
  b[3] = a0r * b1i + a0i * b1r + a1r * b3i + a1i * b3r;
  b[4] = a2r * b0r - a2i * b0i + a3r * b2r - a3i * b2i;
  b[5] = a2r * b0i + a2i * b0r + a3r * b2i + a3i * b2r;
  b[6] = a2r * b1r - a2i * b1i + a3r * b3r - a3i * b3i;
  b[7] = a2r * b1i + a2i * b1r + a3r * b3i + a3i * b3r;
}
