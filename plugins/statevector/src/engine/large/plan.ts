import { type CompiledCircuit, type CompiledGate, gateCoefs, mul2, type PauliMasks } from '@hqml/core';

/**
 * Plans a single-state run for the WebAssembly engine (`src/engine/wasm/state.c`, whose file
 * comment describes the plan words): angles are evaluated for one row, runs of one-qubit gates
 * are fused into one 2x2, each op gets the most specific kernel (diagonal, real, RX-like,
 * permutation), and the ops are grouped into passes over memory.
 *
 * Grouping (cache blocking across qubits, as qsim's fusion does): a pass owns `k` local qubits
 * (a 2^k-amplitude block, sized to the L2 cache). Ops are taken in order while the qubits they
 * must own fit; diagonal ops (CZ, RZ, RZZ, ...) and controls need no local qubit, since their
 * non-local bits are fixed within a block. The low qubits 0..2 are always local so that the
 * gathered runs are at least 8 amplitudes (a 64-byte cache line).
 */

/** Op codes, as in state.c. */
export const OP = { M1: 0, M1R: 1, M1X: 2, D1: 3, X: 4, Y: 5, CX: 6, CZ: 7, SWAP: 8, CM1: 9, D2: 10, M2: 11, DIAG: 12 } as const;
const PASS_INIT = 0, PASS_BLOCKED = 1, PASS_DIRECT = 2;

/** One gate for the engine: an op code, qubits (control first), and its coefficients. */
export interface PlanOp {
  readonly code: number;
  readonly qubits: readonly number[];
  readonly coef: readonly number[];
}

/** Options of a plan. */
export interface PlanOptions {
  /** Fuse runs of one-qubit gates on a qubit. */
  readonly fuse: boolean;
  /** Group ops into cache-blocked passes (false: one pass over the state per op). */
  readonly blocking: boolean;
  /** log2 of the block size in amplitudes (e.g. 14: 256 KiB of re and im). */
  readonly blockQubits: number;
  /** Threads of the team (blocks are split between them, so a pass has at least this many). */
  readonly threads: number;
  /** Fold runs of diagonal ops of a pass into one sweep (default true; false for measurements). */
  readonly diagonalGroups?: boolean;

}

/** Per-row values of a run: the angle shift of parameter-shift, and the initial amplitudes. */
export interface RowValues {
  readonly params: ArrayLike<number>;
  readonly inputs: ArrayLike<number> | undefined;
  readonly row: number;
  readonly shift: { readonly slot: number; readonly delta: number } | null;
}

/** The words and coefficients of a plan, ready to be copied into the engine's memory. */
export interface Plan {
  readonly words: Int32Array;
  readonly coef: Float64Array;
  /** Number of passes over memory (for tests and the README's accounting). */
  readonly passes: number;
}

/** Angle values of every gate for one row: vals[slot]. */
function angleValues(prog: CompiledCircuit, v: RowValues): Float64Array {
  const vals = new Float64Array(Math.max(1, prog.numSlots));
  const ni = prog.numInputs;
  for (const g of prog.gates) {
    g.angles.forEach((a, w) => {
      let x = a.constant;
      for (const t of a.terms) x += t.coeff * ((t.source === 'param' ? v.params[t.index] : v.inputs![v.row * ni + t.index]) as number);
      vals[g.slot + w] = x;
    });
  }
  if (v.shift) vals[v.shift.slot] = vals[v.shift.slot]! + v.shift.delta;
  return vals;
}

const scratch = new Float64Array(32);

function coefsOf(g: CompiledGate, vals: Float64Array, size: number): number[] {
  gateCoefs(g.gate, vals[g.slot] ?? 0, vals[g.slot + 1] ?? 0, vals[g.slot + 2] ?? 0, scratch, 0);
  const out = new Array<number>(size);
  for (let i = 0; i < size; i++) out[i] = scratch[i]!;
  return out;
}


/** The most specific kernel of a one-qubit matrix; null for the identity. */
function oneQubitOp(q: number, c: number[]): PlanOp | null {
  const offDiag = c[2] !== 0 || c[3] !== 0 || c[4] !== 0 || c[5] !== 0;
  if (!offDiag) {
    if (c[0] === 1 && c[1] === 0 && c[6] === 1 && c[7] === 0) return null;
    return { code: OP.D1, qubits: [q], coef: c };
  }
  const diag0 = c[0] === 0 && c[1] === 0 && c[6] === 0 && c[7] === 0;
  if (diag0 && c[2] === 1 && c[3] === 0 && c[4] === 1 && c[5] === 0) return { code: OP.X, qubits: [q], coef: [] };
  if (diag0 && c[2] === 0 && c[3] === -1 && c[4] === 0 && c[5] === 1) return { code: OP.Y, qubits: [q], coef: [] };
  if (c[1] === 0 && c[3] === 0 && c[5] === 0 && c[7] === 0) return { code: OP.M1R, qubits: [q], coef: c };
  if (c[1] === 0 && c[7] === 0 && c[2] === 0 && c[4] === 0) return { code: OP.M1X, qubits: [q], coef: c };
  return { code: OP.M1, qubits: [q], coef: c };
}

const X_MATRIX = [0, 0, 1, 0, 1, 0, 0, 0];
const Y_MATRIX = [0, 0, 0, -1, 0, 1, 0, 0];

/** The circuit's gates as engine ops for one row, with one-qubit fusion when `fuse`. */
export function planOps(prog: CompiledCircuit, v: RowValues, fuse: boolean): PlanOp[] {
  const vals = angleValues(prog, v);
  const ops: PlanOp[] = [];
  const pending: (number[] | null)[] = Array.from({ length: prog.numQubits }, () => null);
  const flush = (q: number): void => {
    const m = pending[q];
    if (!m) return;
    const op = oneQubitOp(q, m);
    if (op) ops.push(op);
    pending[q] = null;
  };
  for (const g of prog.gates) {
    const q = g.qubits;
    if (q.length === 1) {
      const m = g.kind === 'x' ? [...X_MATRIX] : g.kind === 'y' ? [...Y_MATRIX] : coefsOf(g, vals, 8);
      const cur = pending[q[0]!];
      if (cur) mul2(m, cur);
      else pending[q[0]!] = m;
      if (!fuse) flush(q[0]!);
      continue;
    }
    for (const x of q) flush(x);
    switch (g.kind) {
      case 'cx': ops.push({ code: OP.CX, qubits: q, coef: [] }); break;
      case 'cz': ops.push({ code: OP.CZ, qubits: q, coef: [] }); break;
      case 'swap': ops.push({ code: OP.SWAP, qubits: q, coef: [] }); break;
      case 'cm1': ops.push({ code: OP.CM1, qubits: q, coef: coefsOf(g, vals, 8) }); break;
      case 'd2': ops.push({ code: OP.D2, qubits: q, coef: coefsOf(g, vals, 8) }); break;
      case 'm2': ops.push({ code: OP.M2, qubits: q, coef: coefsOf(g, vals, 32) }); break;
      default: throw new Error(`no engine op for ${g.gate} on ${q.length} qubits`);
    }
  }
  for (let q = 0; q < prog.numQubits; q++) flush(q);
  return ops;
}

/** Qubits an op must own in a pass: targets of non-diagonal ops (controls and diagonal bits need not be local). */
function ownedQubits(op: PlanOp): readonly number[] {
  switch (op.code) {
    case OP.D1: case OP.CZ: case OP.D2: return [];
    case OP.CX: case OP.CM1: return [op.qubits[1]!];
    default: return op.qubits;
  }
}

/** Low local positions of a diagonal group's inner run (2^7 amplitudes, see diag() in state.c). */
const DIAG_LOW_BITS = 7;
/** Most high positions that terms crossing low and high positions may use (state.c sizes its table for 3). */
const DIAG_MAX_CROSSING = 3;

interface DiagTerm {
  readonly pa: number;
  readonly pb: number;
  readonly ga: number;
  readonly gb: number;
  /** Entries e[bitA + 2 bitB], complex (8 numbers). */
  readonly e: readonly number[];
}

function isDiagonal(op: PlanOp): boolean {
  return op.code === OP.D1 || op.code === OP.CZ || op.code === OP.D2;
}

/**
 * The longest run of diagonal ops from `from` (before `to`) that one diagonal group can take:
 * at most 3 distinct high positions in terms that cross the low/high split.
 */
function diagonalGroup(ops: readonly PlanOp[], from: number, to: number, pos: ReadonlyMap<number, number>, h: number): { count: number; terms: DiagTerm[]; crossing: number[]; real: boolean } {
  const terms: DiagTerm[] = [];
  const crossing: number[] = [];
  let real = true;
  let j = from;
  for (; j < to && isDiagonal(ops[j]!); j++) {
    const op = ops[j]!;
    const a = op.qubits[0]!, b = op.qubits[1];
    const pa = pos.get(a) ?? -1, pb = b === undefined ? -1 : pos.get(b) ?? -1;
    if (pa >= 0 && pb >= 0 && (pa < h) !== (pb < h)) {
      const hi = Math.max(pa, pb);
      if (!crossing.includes(hi)) {
        if (crossing.length === DIAG_MAX_CROSSING) break;
        crossing.push(hi);
      }
    }
    const c = op.coef;
    const e = op.code === OP.CZ ? [1, 0, 1, 0, 1, 0, -1, 0]
      : op.code === OP.D2 ? [...c]
      : [c[0]!, c[1]!, c[6]!, c[7]!, c[0]!, c[1]!, c[6]!, c[7]!];
    if (e[1] !== 0 || e[3] !== 0 || e[5] !== 0 || e[7] !== 0) real = false;
    terms.push({ pa, pb, ga: a, gb: b ?? -1, e });
  }
  return { count: j - from, terms, crossing, real };
}

/**
 * Reorders the ops of a pass so that diagonal ops come in long runs (which become one diagonal
 * group): any order that keeps every pair of non-commuting ops (sharing a qubit, not both
 * diagonal) in place is the same unitary. Kahn's algorithm with non-diagonal ops first: e.g. a
 * layer RX0 RX1 CZ01 RX2 CZ12 ... (the order one-qubit fusion leaves) becomes all RX, then the
 * whole CZ chain.
 */
export function diagonalLast(ops: readonly PlanOp[]): PlanOp[] {
  const L = ops.length;
  const succ: number[][] = Array.from({ length: L }, () => []);
  const indeg = new Int32Array(L);
  // per qubit: the last non-diagonal op, and the diagonal ops after it
  const lastNon = new Map<number, number>();
  const diagSince = new Map<number, number[]>();
  const edge = (from: number, to: number): void => {
    succ[from]!.push(to);
    indeg[to] = indeg[to]! + 1;
  };
  ops.forEach((op, i) => {
    const diag = isDiagonal(op);
    for (const q of op.qubits) {
      const prev = lastNon.get(q);
      if (prev !== undefined) edge(prev, i);
      if (diag) {
        const list = diagSince.get(q) ?? [];
        list.push(i);
        diagSince.set(q, list);
      } else {
        for (const d of diagSince.get(q) ?? []) edge(d, i);
        diagSince.set(q, []);
        lastNon.set(q, i);
      }
    }
  });
  const out: PlanOp[] = [];
  const readyNon: number[] = [], readyDiag: number[] = [];
  const push = (i: number): void => {
    (isDiagonal(ops[i]!) ? readyDiag : readyNon).push(i);
  };
  for (let i = 0; i < L; i++) if (indeg[i] === 0) push(i);
  let hn = 0, hd = 0;
  const emit = (i: number): void => {
    out.push(ops[i]!);
    for (const t of succ[i]!) {
      indeg[t] = indeg[t]! - 1;
      if (indeg[t] === 0) push(t);
    }
  };
  while (out.length < L) {
    if (hn < readyNon.length) {
      emit(readyNon[hn++]!);
      continue;
    }
    while (hd < readyDiag.length) emit(readyDiag[hd++]!);
  }
  return out;
}

/**
 * Builds the plan words: an init pass, the gate passes, and the Pauli terms whose partial sums
 * every thread writes. `amplitudes` (normalised, possibly shifted) replaces |0...0> when given.
 */
export function buildPlan(n: number, ops: readonly PlanOp[], opts: PlanOptions, amplitudes: Float64Array | null, terms: readonly PauliMasks[]): Plan {
  const words: number[] = [0];
  const coef: number[] = [];
  const diagWords: number[] = [];
  const diagRecords: number[] = [];
  let passes = 0;
  const coefAt = (c: readonly number[]): number => {
    const at = coef.length;
    for (const x of c) coef.push(x);
    return at;
  };
  // init
  words.push(PASS_INIT, 0, amplitudes ? amplitudes.length : 0, amplitudes ? coefAt(Array.from(amplitudes)) : 0);
  passes++;
  const tBits = Math.ceil(Math.log2(opts.threads));
  const k = Math.min(opts.blockQubits, n - tBits);
  const R = Math.min(3, k - 2);
  if (!opts.blocking || k < 2 || R < 0) {
    for (const op of ops) {
      words.push(PASS_DIRECT, 1, op.code, op.qubits[0]!, op.qubits[1] ?? -1, op.qubits[0]!, op.qubits[1] ?? -1, coefAt(op.coef));
      passes++;
    }
  } else {
    let i = 0;
    while (i < ops.length) {
      const local = new Set<number>();
      for (let q = 0; q < R; q++) local.add(q);
      const start = i;
      while (i < ops.length) {
        const own = ownedQubits(ops[i]!);
        let extra = 0;
        for (const q of own) if (!local.has(q)) extra++;
        if (local.size + extra > k) break;
        for (const q of own) local.add(q);
        i++;
      }
      // fill with the lowest free qubits: longer contiguous runs to gather
      for (let q = 0; local.size < k; q++) local.add(q);
      const sorted = [...local].sort((a, b) => a - b);
      let m = 0;
      while (m < sorted.length && sorted[m] === m) m++;
      const high = sorted.slice(m);
      const pos = new Map(sorted.map((q, p) => [q, p]));
      const nonLocal: number[] = [];
      for (let q = 0; q < n; q++) if (!local.has(q)) nonLocal.push(q);
      const records: number[][] = [];
      const h = Math.min(DIAG_LOW_BITS, k);
      const passOps = opts.diagonalGroups === false ? ops.slice(start, i) : diagonalLast(ops.slice(start, i));
      let j = 0;
      while (j < passOps.length) {
        const group = diagonalGroup(passOps, j, passOps.length, pos, h);
        if (group.count >= 2 && opts.diagonalGroups !== false) {
          const at = diagWords.length;
          diagWords.push(group.terms.length, h, group.crossing.length, ...[0, 1, 2].map((s) => group.crossing[s] ?? -1), group.real ? 1 : 0);
          for (const t of group.terms) diagWords.push(t.pa, t.pb, t.ga, t.gb);
          const ci = coefAt(group.terms.flatMap((t) => t.e));
          records.push([OP.DIAG, at, -1, -1, -1, ci]);
          j += group.count;
          continue;
        }
        const op = passOps[j]!;
        const a = op.qubits[0]!, b = op.qubits[1];
        records.push([op.code, pos.get(a) ?? -1, b === undefined ? -1 : pos.get(b) ?? -1, a, b ?? -1, coefAt(op.coef)]);
        j++;
      }
      words.push(PASS_BLOCKED, records.length, k, m, high.length, ...high, ...nonLocal);
      for (const r of records) {
        if (r[0] === OP.DIAG) diagRecords.push(words.length);
        words.push(...r);
      }
      passes++;
    }
  }
  words[0] = passes;
  words.push(terms.length);
  for (const t of terms) words.push(t.x, t.z, t.ny);
  // term lists of diagonal groups follow; their ops point at them by word index
  const base = words.length;
  for (const r of diagRecords) words[r + 1] = words[r + 1]! + base;
  for (const w of diagWords) words.push(w);
  return { words: new Int32Array(words), coef: new Float64Array(coef), passes };
}
