import { type AngleShift, type CompiledGate, type GateName, adjointCoefs, derivKind, gateCoefs, gateDerivCoefs, mul2 } from '@hqml/core/browser';
import type { Block } from './blocks.js';

/**
 * The per-row angle values of a compiled circuit: what a batch of rows needs to build its gate
 * matrices (parameters shared, inputs per row, at most one shifted slot).
 */
export interface AngleSource {
  readonly params: Float64Array;
  readonly inputs: Float64Array | null;
  readonly numInputs: number;
  /** Index of the launch's first row in `inputs`. */
  readonly row0: number;
  readonly shift: AngleShift | null;
}

/** Angle `w` of gate `g` for row `row` of the launch (affine in parameters and inputs, plus a shift). */
export function angleValue(g: CompiledGate, w: number, row: number, src: AngleSource): number {
  const a = g.angles[w]!;
  let v = a.constant;
  for (const t of a.terms) {
    v += t.coeff * (t.source === 'param' ? src.params[t.index]! : src.inputs![(src.row0 + row) * src.numInputs + t.index]!);
  }
  if (src.shift && src.shift.slot === g.slot + w) v += src.shift.delta;
  return v;
}

function angles(g: CompiledGate, row: number, src: AngleSource): [number, number, number] {
  return [g.angles.length > 0 ? angleValue(g, 0, row, src) : 0, g.angles.length > 1 ? angleValue(g, 1, row, src) : 0, g.angles.length > 2 ? angleValue(g, 2, row, src) : 0];
}

/** Whether a step's matrix is the same for every row (no angle depends on an input, nothing shifted into it per row). */
function rowConstant(gates: readonly CompiledGate[]): boolean {
  return gates.every((g) => !g.perSample);
}

/**
 * Writes a two-qubit gate's 4x4 matrix (row-major re/im, local index `bit(qubits[0]) + 2
 * bit(qubits[1])`) from core's kernel-shaped coefficients into `m` (32 values).
 */
export function twoQubitMatrix(gate: GateName, kind: string, t: readonly [number, number, number], m: Float64Array): void {
  m.fill(0);
  const set = (r: number, c: number, re: number, im: number): void => {
    m[r * 8 + c * 2] = re;
    m[r * 8 + c * 2 + 1] = im;
  };
  switch (kind) {
    case 'cx': set(0, 0, 1, 0); set(2, 2, 1, 0); set(1, 3, 1, 0); set(3, 1, 1, 0); return;
    case 'cz': set(0, 0, 1, 0); set(1, 1, 1, 0); set(2, 2, 1, 0); set(3, 3, -1, 0); return;
    case 'swap': set(0, 0, 1, 0); set(1, 2, 1, 0); set(2, 1, 1, 0); set(3, 3, 1, 0); return;
    case 'cm1': {
      // control qubits[0] (bit 0 of the local index), target qubits[1]: the 2x2 acts where the control is 1
      const b = new Float64Array(8);
      gateCoefs(gate, t[0], t[1], t[2], b, 0);
      set(0, 0, 1, 0); set(2, 2, 1, 0);
      set(1, 1, b[0]!, b[1]!); set(1, 3, b[2]!, b[3]!); set(3, 1, b[4]!, b[5]!); set(3, 3, b[6]!, b[7]!);
      return;
    }
    case 'd2': {
      const b = new Float64Array(8);
      gateCoefs(gate, t[0], t[1], t[2], b, 0);
      for (let l = 0; l < 4; l++) set(l, l, b[2 * l]!, b[2 * l + 1]!);
      return;
    }
    case 'm2':
      gateCoefs(gate, t[0], t[1], t[2], m, 0);
      return;
    default:
      throw new Error(`internal: ${gate} (${kind}) is not a two-qubit kernel`);
  }
}

/** The derivative of a gate's matrix w.r.t. its angle `w`, as a 2x2 (one-qubit gates) or 4x4 (two-qubit gates). */
export function derivativeMatrix(g: CompiledGate, w: number, t: readonly [number, number, number], m: Float64Array): void {
  const dk = derivKind(g.gate);
  if (g.qubits.length === 1) {
    gateDerivCoefs(g.gate, w, t[0], t[1], t[2], m, 0);
    return;
  }
  m.fill(0, 0, 32);
  if (dk === 'm2') {
    gateDerivCoefs(g.gate, w, t[0], t[1], t[2], m, 0);
    return;
  }
  const b = new Float64Array(8);
  gateDerivCoefs(g.gate, w, t[0], t[1], t[2], b, 0);
  const set = (r: number, c: number, k: number): void => {
    m[r * 8 + c * 2] = b[k]!;
    m[r * 8 + c * 2 + 1] = b[k + 1]!;
  };
  if (dk === 'cm1') {
    // d/dt of |1><1| (x) U: the control-0 block is constant
    set(1, 1, 0); set(1, 3, 2); set(3, 1, 4); set(3, 3, 6);
  } else {
    for (let l = 0; l < 4; l++) set(l, l, 2 * l);
  }
}

/** Conjugate transpose of an s x s complex matrix (row-major re/im) in place. */
export function conjugateTranspose(m: Float64Array, s: 2 | 4): void {
  if (s === 2) {
    adjointCoefs('m1', m, 0);
    return;
  }
  adjointCoefs('m2', m, 0);
}

/** c <- a * b for 4x4 complex matrices (row-major re/im, 32 values each). */
function mul4(a: Float64Array, b: Float64Array, c: Float64Array): void {
  for (let r = 0; r < 4; r++) {
    for (let k = 0; k < 4; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < 4; j++) {
        const ar = a[r * 8 + j * 2]!, ai = a[r * 8 + j * 2 + 1]!, br = b[j * 8 + k * 2]!, bi = b[j * 8 + k * 2 + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      c[r * 8 + k * 2] = re;
      c[r * 8 + k * 2 + 1] = im;
    }
  }
}

/** Swaps bits 0 and 1 of a local index: a two-qubit gate whose qubits are the block's in reverse order. */
const SWAP_BITS = [0, 2, 1, 3] as const;

/**
 * A gate of a two-qubit block as the block's 4x4 (local index `bit(qubits[0]) + 2 bit(qubits[1])`):
 * a one-qubit gate U on the first qubit is I (x) U, on the second U (x) I; a two-qubit gate on
 * the pair in reverse order has its local bits swapped.
 */
function embed(g: CompiledGate, blockQubits: readonly number[], t: readonly [number, number, number], out: Float64Array, scratch: Float64Array): void {
  out.fill(0);
  if (g.qubits.length === 1) {
    gateCoefs(g.gate, t[0], t[1], t[2], scratch, 0);
    const low = g.qubits[0] === blockQubits[0];
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const same = low ? (r >> 1) === (c >> 1) : (r & 1) === (c & 1);
        if (!same) continue;
        const ur = low ? r & 1 : r >> 1, uc = low ? c & 1 : c >> 1;
        out[r * 8 + c * 2] = scratch[ur * 4 + uc * 2]!;
        out[r * 8 + c * 2 + 1] = scratch[ur * 4 + uc * 2 + 1]!;
      }
    }
    return;
  }
  twoQubitMatrix(g.gate, g.kind, t, scratch);
  if (g.qubits[0] === blockQubits[0]) {
    out.set(scratch.subarray(0, 32));
    return;
  }
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      out[r * 8 + c * 2] = scratch[SWAP_BITS[r]! * 8 + SWAP_BITS[c]! * 2]!;
      out[r * 8 + c * 2 + 1] = scratch[SWAP_BITS[r]! * 8 + SWAP_BITS[c]! * 2 + 1]!;
    }
  }
}

/**
 * The coefficients of one launch: for each of `rows` rows the block's matrix (2x2 = 8 values or
 * 4x4 = 32), its gates multiplied in float64 and the product stored as float32, optionally
 * conjugate-transposed (the adjoint sweep undoes blocks).
 */
export function blockCoefficients(block: Block, rows: number, src: AngleSource, adjoint: boolean): Float32Array {
  const two = block.qubits.length === 2;
  const size = two ? 32 : 8;
  const out = new Float32Array(rows * size);
  const m = new Float64Array(size);
  const g1 = new Float64Array(32);
  const e = new Float64Array(32);
  const tmp = new Float64Array(32);
  const shifted = src.shift !== null && block.gates.some((g) => src.shift!.slot >= g.slot && src.shift!.slot < g.slot + g.angles.length);
  const constant = rowConstant(block.gates) && !shifted;
  for (let r = 0; r < rows; r++) {
    if (constant && r > 0) {
      out.copyWithin(r * size, 0, size);
      continue;
    }
    if (two) {
      m.fill(0);
      for (let l = 0; l < 4; l++) m[l * 8 + l * 2] = 1;
      for (const g of block.gates) {
        embed(g, block.qubits, angles(g, r, src), e, g1);
        mul4(e, m, tmp);
        m.set(tmp);
      }
    } else {
      m.set([1, 0, 0, 0, 0, 0, 1, 0]);
      for (const g of block.gates) {
        const t = angles(g, r, src);
        gateCoefs(g.gate, t[0], t[1], t[2], g1, 0);
        mul2(g1, m);
      }
    }
    if (adjoint) conjugateTranspose(m, two ? 4 : 2);
    out.set(m, r * size);
  }
  return out;
}

/** The derivative coefficients of gate `g` w.r.t. its angle `w`, per row (8 or 32 values each, float32). */
export function derivativeCoefficients(g: CompiledGate, w: number, rows: number, src: AngleSource): Float32Array {
  const size = g.qubits.length === 2 ? 32 : 8;
  const out = new Float32Array(rows * size);
  const m = new Float64Array(size);
  for (let r = 0; r < rows; r++) {
    if (!g.perSample && r > 0) {
      out.copyWithin(r * size, 0, size);
      continue;
    }
    derivativeMatrix(g, w, angles(g, r, src), m);
    out.set(m, r * size);
  }
  return out;
}
