import { type CompiledCircuit, type CompiledGate, gateCoefs, type GateName, mul2, type PauliMasks } from '@hqml/core/browser';
import { fillAngleTable } from './angleTable.js';
import * as K from './kernels.js';
import { addPauli, pauliExpect } from './pauli.js';
import type { Task } from './sim.js';
import { BATCH_WASM_BASE64 } from './wasm/batch.generated.js';

/**
 * The batched small-circuit engine: many rows of a few qubits (the quantum students), noise-free.
 * States live in a per-thread WebAssembly memory and the hot kernels (fused one-qubit steps,
 * basis permutations, rotation backward steps, Z-string expectations) are WebAssembly SIMD, two
 * samples per f64x2 vector (see wasm/batch.c). What it adds over {@link Sim}:
 *
 * - one pass per permutation run: consecutive CNOT / X / SWAP gates (a CNOT ring) are one
 *   precomputed basis permutation, forward and backward;
 * - register-fused backward steps: two differentiable rotations on one qubit (RY then RZ of a
 *   hardware-efficient layer) are un-applied on psi and lambda and both gradients accumulated in
 *   one pass over memory;
 * - the final states can be kept row-major and restored, so a VJP after an expectation does not
 *   redo the forward pass (the backend's `expectationWithVjp`), and `amplitudes` is batched.
 *
 * Supported circuits: any one-qubit gate, CNOT, SWAP, CZ, RZZ, amplitude encoding; differentiable
 * angles only on RX, RY, RZ and RZZ. {@link batchPlan} returns null otherwise and the backend uses Sim.
 */

interface Exports {
  m1c(re: number, im: number, L: number, S: number, ar: number, ai: number, br: number, bi: number, cr: number, ci: number, dr: number, di: number): void;
  m1p(re: number, im: number, L: number, S: number, B: number, co: number): void;
  permute(dre: number, dim: number, sre: number, sim: number, N: number, B: number, perm: number): void;
  expzn(re: number, im: number, N: number, B: number, T: number, z: number, w: number, acc: number): void;
  addzn(re: number, im: number, lre: number, lim: number, N: number, B: number, T: number, z: number, W: number): void;
  adjrc(re: number, im: number, lre: number, lim: number, L: number, S: number, axis: number, c: number, s: number): number;
  adjrp(re: number, im: number, lre: number, lim: number, L: number, S: number, B: number, axis: number, cs: number, acc: number): void;
  adjrc2(re: number, im: number, lre: number, lim: number, L: number, S: number, ax1: number, c1: number, s1: number, ax2: number, c2: number, s2: number, out: number): void;
  gradrc(re: number, im: number, lre: number, lim: number, L: number, S: number, axis: number): number;
  zzc(re: number, im: number, N: number, B: number, ma: number, mb: number, c: number, s: number): void;
  zzp(re: number, im: number, N: number, B: number, ma: number, mb: number, cs: number): void;
  adjzzc(re: number, im: number, lre: number, lim: number, N: number, B: number, ma: number, mb: number, c: number, s: number): number;
  adjzzp(re: number, im: number, lre: number, lim: number, N: number, B: number, ma: number, mb: number, cs: number, acc: number): void;
  prodstate(re: number, im: number, n: number, B: number, u: number): void;
  sumc(re: number, im: number, lre: number, lim: number, L: number, S: number, out: number): void;
  sump(re: number, im: number, lre: number, lim: number, L: number, S: number, B: number, out: number): void;
  gradrp(re: number, im: number, lre: number, lim: number, L: number, S: number, B: number, axis: number, acc: number): void;
}

type M1Op = Extract<FwdOp, { readonly op: 'm1' }>;

type FwdOp =
  /** A fused one-qubit run, as segments of consecutive gates that are batch-constant or not (constant ones are multiplied once per chunk). */
  | { readonly op: 'm1'; readonly q: number; readonly gates: readonly CompiledGate[]; readonly perSample: boolean; readonly segs: readonly (readonly CompiledGate[])[] }
  | { readonly op: 'perm'; readonly table: number }
  | { readonly op: 'cz'; readonly a: number; readonly b: number }
  | { readonly op: 'zz'; readonly g: CompiledGate };

type BwdOp =
  /** `last`: nothing after it reads the un-applied states (only the gradient is computed). */
  | { readonly op: 'rot'; readonly g: CompiledGate; readonly axis: number; readonly last: boolean }
  /** `g1` then `g2` in the forward pass, both batch-constant rotations on one qubit. */
  | { readonly op: 'rot2'; readonly g1: CompiledGate; readonly ax1: number; readonly g2: CompiledGate; readonly ax2: number }
  | { readonly op: 'inv1'; readonly g: CompiledGate }
  | { readonly op: 'perm'; readonly table: number }
  | { readonly op: 'cz'; readonly a: number; readonly b: number }
  | { readonly op: 'zz'; readonly g: CompiledGate };

/** One segment of a blocked sweep: a basis permutation, or a block of one-qubit runs (one per qubit). */
type BlockSeg =
  | { readonly kind: 'perm'; readonly fwd: number; readonly inv: number }
  | { readonly kind: 'block'; readonly runs: readonly M1Op[] };

/** A program prepared for the batch engine. */
export interface BatchPlan {
  /**
   * The blocked sweep, for circuits of one-qubit gates and CNOT/SWAP only (no amplitude
   * encoding): the forward pass keeps psi at the end of every block of one-qubit gates, and the
   * backward pass never undoes gates on psi. At a block's end, every rotation gradient of a
   * qubit follows from four bilinear sums over that qubit's amplitude pairs (the rotation's
   * generator moved to the block's end by the qubit's later gates; gates on other qubits
   * cancel), and lambda alone goes back through the block. Null otherwise.
   */
  readonly blocked: { readonly segs: readonly BlockSeg[]; readonly blocks: number } | null;
  readonly fwd: readonly FwdOp[];
  /** Leading `fwd` ops that are one-qubit runs on distinct qubits (from |0...0>: a product state), 0 with amplitude encoding. */
  readonly prefix: number;
  readonly bwd: readonly BwdOp[];
  /** Permutation tables (dst[i] = src[table[i]]), N entries each. */
  readonly tables: readonly Int32Array[];
}

/** Widest circuit the batch engine takes (its per-row states must stay cache-sized). */
export const BATCH_MAX_QUBITS = 14;

const AXIS: Partial<Record<GateName, number>> = { RX: 0, RY: 1, RZ: 2 };
const PERM_GATES = new Set<GateName>(['X', 'CNOT', 'SWAP']);

function differentiable(g: CompiledGate): boolean {
  return g.angles.some((a) => a.terms.length > 0);
}

/** Where gate `g` sends basis index i (for X, CNOT, SWAP). */
function mapIndex(g: CompiledGate, i: number): number {
  const q = g.qubits;
  if (g.gate === 'X') return i ^ (1 << q[0]!);
  if (g.gate === 'CNOT') return (i >> q[0]!) & 1 ? i ^ (1 << q[1]!) : i;
  const a = (i >> q[0]!) & 1, b = (i >> q[1]!) & 1;
  return a === b ? i : i ^ (1 << q[0]!) ^ (1 << q[1]!);
}

/** Table of the permutation run `gates` (in forward order): forward (new[pi(i)] = old[i]) or its inverse. */
function permTable(gates: readonly CompiledGate[], N: number, inverse: boolean): Int32Array {
  const t = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    let j = i;
    for (const g of gates) j = mapIndex(g, j);
    if (inverse) t[i] = j; // un-apply: new[i] = old[pi(i)]
    else t[j] = i; // apply: new[pi(i)] = old[i]
  }
  return t;
}

/** One-qubit runs per qubit (in qubit order), with the segments of consecutive batch-constant gates. */
function qubitRuns(byQubit: Map<number, CompiledGate[]>): M1Op[] {
  return [...byQubit.entries()].sort((a, b) => a[0] - b[0]).map(([q, run]) => {
    const segs: CompiledGate[][] = [];
    for (const g of run) {
      const last = segs[segs.length - 1];
      if (last && !last[0]!.perSample && !g.perSample) last.push(g);
      else segs.push([g]);
    }
    return { op: 'm1', q, gates: run, perSample: run.some((g) => g.perSample), segs };
  });
}

/**
 * Narrowest circuit for the blocked sweep: below it the per-lane gradient bookkeeping and the
 * checkpoint copies cost more than undoing gates on psi (measured: 4 qubits 20-40% slower,
 * 6 qubits 5-15% faster, 8 qubits 10-15% faster).
 */
const BLOCKED_MIN_QUBITS = 6;

function blockedPlan(prog: CompiledCircuit, tables: Int32Array[]): BatchPlan['blocked'] {
  if (prog.amplitude || prog.numQubits < BLOCKED_MIN_QUBITS) return null;
  if (prog.gates.some((g) => g.qubits.length === 2 && !PERM_GATES.has(g.gate))) return null;
  const N = 2 ** prog.numQubits;
  const segs: BlockSeg[] = [];
  let block = new Map<number, CompiledGate[]>();
  let perm: CompiledGate[] = [];
  let blocks = 0;
  const flushBlock = (): void => {
    if (block.size === 0) return;
    segs.push({ kind: 'block', runs: qubitRuns(block) });
    blocks++;
    block = new Map();
  };
  const flushPerm = (): void => {
    if (perm.length === 0) return;
    tables.push(permTable(perm, N, false), permTable(perm, N, true));
    segs.push({ kind: 'perm', fwd: tables.length - 2, inv: tables.length - 1 });
    perm = [];
  };
  for (const g of prog.gates) {
    if (g.qubits.length === 1) {
      flushPerm();
      const run = block.get(g.qubits[0]!) ?? [];
      run.push(g);
      block.set(g.qubits[0]!, run);
    } else {
      flushBlock();
      perm.push(g);
    }
  }
  flushBlock();
  flushPerm();
  return { segs, blocks };
}

const PAULI: readonly Float64Array[] = [
  Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0), // X
  Float64Array.of(0, 0, 0, -1, 0, 1, 0, 0), // Y
  Float64Array.of(1, 0, 0, 0, 0, 0, -1, 0), // Z
];

/** o <- a * b for 2x2 complex matrices (8 numbers each; o may not alias a or b). */
function mul2x2(a: Float64Array, b: Float64Array, o: Float64Array): void {
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      const x0r = a[r * 4]!, x0i = a[r * 4 + 1]!, x1r = a[r * 4 + 2]!, x1i = a[r * 4 + 3]!;
      const y0r = b[c * 2]!, y0i = b[c * 2 + 1]!, y1r = b[4 + c * 2]!, y1i = b[4 + c * 2 + 1]!;
      o[r * 4 + c * 2] = x0r * y0r - x0i * y0i + x1r * y1r - x1i * y1i;
      o[r * 4 + c * 2 + 1] = x0r * y0i + x0i * y0r + x1r * y1i + x1i * y1r;
    }
  }
}

/** o <- a * b^dagger (o may not alias a or b). */
function mulAdj(a: Float64Array, b: Float64Array, o: Float64Array): void {
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      // (b^dagger)[k][c] = conj(b[c][k])
      const x0r = a[r * 4]!, x0i = a[r * 4 + 1]!, x1r = a[r * 4 + 2]!, x1i = a[r * 4 + 3]!;
      const y0r = b[c * 4]!, y0i = -b[c * 4 + 1]!, y1r = b[c * 4 + 2]!, y1i = -b[c * 4 + 3]!;
      o[r * 4 + c * 2] = x0r * y0r - x0i * y0i + x1r * y1r - x1i * y1i;
      o[r * 4 + c * 2 + 1] = x0r * y0i + x0i * y0r + x1r * y1i + x1i * y1r;
    }
  }
}

const plans = new WeakMap<CompiledCircuit, BatchPlan | null>();

/** The batch plan of a program, or null when the batch engine cannot run it. */
export function batchPlan(prog: CompiledCircuit): BatchPlan | null {
  const hit = plans.get(prog);
  if (hit !== undefined) return hit;
  const plan = makePlan(prog);
  plans.set(prog, plan);
  return plan;
}

function makePlan(prog: CompiledCircuit): BatchPlan | null {
  const n = prog.numQubits;
  if (n > BATCH_MAX_QUBITS) return null;
  for (const g of prog.gates) {
    if (g.qubits.length === 1) {
      if (differentiable(g) && AXIS[g.gate] === undefined) return null;
    } else if (!PERM_GATES.has(g.gate) && g.gate !== 'CZ' && g.gate !== 'RZZ') return null;
  }
  const N = 2 ** n;
  const tables: Int32Array[] = [];
  const fwd: FwdOp[] = [];
  // One-qubit gates are fused per qubit (as CompiledCircuit.fused does); a run of consecutive CNOT/SWAP
  // gates first flushes the pending runs of every qubit it touches, then becomes one permutation.
  const pending: CompiledGate[][] = Array.from({ length: n }, () => []);
  const flush = (q: number): void => {
    const run = pending[q]!;
    if (run.length === 0) return;
    const segs: CompiledGate[][] = [];
    for (const g of run) {
      const last = segs[segs.length - 1];
      if (last && !last[0]!.perSample && !g.perSample) last.push(g);
      else segs.push([g]);
    }
    fwd.push({ op: 'm1', q, gates: run, perSample: run.some((g) => g.perSample), segs });
    pending[q] = [];
  };
  const gates = prog.gates;
  for (let gi = 0; gi < gates.length; gi++) {
    const g = gates[gi]!;
    if (g.qubits.length === 1) {
      pending[g.qubits[0]!]!.push(g);
      continue;
    }
    if (g.gate === 'CZ' || g.gate === 'RZZ') {
      for (const q of g.qubits) flush(q);
      fwd.push(g.gate === 'CZ' ? { op: 'cz', a: g.qubits[0]!, b: g.qubits[1]! } : { op: 'zz', g });
      continue;
    }
    let hi = gi;
    while (hi + 1 < gates.length && gates[hi + 1]!.qubits.length === 2 && PERM_GATES.has(gates[hi + 1]!.gate)) hi++;
    const run = gates.slice(gi, hi + 1);
    for (const r of run) for (const q of r.qubits) flush(q);
    tables.push(permTable(run, N, false));
    fwd.push({ op: 'perm', table: tables.length - 1 });
    gi = hi;
  }
  for (let q = 0; q < n; q++) flush(q);
  const bwd: BwdOp[] = [];
  let gi = gates.length - 1;
  while (gi >= 0) {
    const g = gates[gi]!;
    if (PERM_GATES.has(g.gate)) {
      let lo = gi;
      while (lo > 0 && PERM_GATES.has(gates[lo - 1]!.gate)) lo--;
      tables.push(permTable(gates.slice(lo, gi + 1), N, true));
      bwd.push({ op: 'perm', table: tables.length - 1 });
      gi = lo - 1;
      continue;
    }
    if (g.gate === 'CZ') bwd.push({ op: 'cz', a: g.qubits[0]!, b: g.qubits[1]! });
    else if (g.gate === 'RZZ') bwd.push({ op: 'zz', g });
    else if (!differentiable(g)) bwd.push({ op: 'inv1', g });
    else {
      const prev = gi > 0 ? gates[gi - 1]! : null;
      const axis = AXIS[g.gate]!;
      if (prev && !g.perSample && !prev.perSample && differentiable(prev) && AXIS[prev.gate] !== undefined && prev.qubits[0] === g.qubits[0]) {
        bwd.push({ op: 'rot2', g1: prev, ax1: AXIS[prev.gate]!, g2: g, ax2: axis });
        gi -= 2;
        continue;
      }
      bwd.push({ op: 'rot', g, axis, last: false });
    }
    gi--;
  }
  // The tail of the sweep: one-qubit steps only, no amplitude encoding to differentiate. There a
  // qubit's last step needs no state update (steps on other qubits act on both states alike,
  // which leaves Im <lambda| G psi> unchanged), so rotations only read and constant gates vanish.
  if (!prog.amplitude) {
    const seen = new Set<number>();
    for (let k = bwd.length - 1; k >= 0; k--) {
      const op = bwd[k]!;
      if (op.op === 'perm' || op.op === 'cz' || op.op === 'zz') break;
      const q = op.op === 'rot2' ? op.g1.qubits[0]! : op.g.qubits[0]!;
      if (seen.has(q)) continue;
      seen.add(q);
      if (op.op === 'rot') bwd[k] = { ...op, last: true };
      else if (op.op === 'inv1') bwd.splice(k, 1);
    }
  }
  let prefix = 0;
  if (!prog.amplitude) {
    const seen = new Set<number>();
    for (const op of fwd) {
      if (op.op !== 'm1' || seen.has(op.q)) break;
      seen.add(op.q);
      prefix++;
    }
  }
  return { fwd, prefix, bwd, tables, blocked: blockedPlan(prog, tables) };
}

/**
 * The WebAssembly API of the JavaScript engine (Node has it as a global; the project's `lib`
 * setting, ES2023 without DOM, does not declare it, so the few members used are typed here).
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (desc: { initial: number }) => WasmMemory;
}
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let wasmModule: object | null = null;

function moduleBytes(): Uint8Array {
  // atob, not Node's Buffer: this engine also runs in a browser (`@hqml/statevector/browser`)
  return Uint8Array.from(atob(BATCH_WASM_BASE64), (c) => c.charCodeAt(0));
}

/** What one chunk of rows produces (arrays indexed by absolute row). */
export interface BatchOutputs {
  readonly observables: readonly (readonly PauliMasks[])[];
  /** rows x O expectation values (written unless `restore`). */
  readonly value: Float64Array;
  /** Final states, rows x 2^n row-major: written after the forward pass, or read instead of it with `restore`. */
  readonly keepRe: Float64Array | null;
  readonly keepIm: Float64Array | null;
  /**
   * Keep the states chunk by chunk as the engine holds them (chunk from row r0 at r0 * 2^n,
   * amplitude i of its lane b at i * B + b, B the chunk's even lane count): one block copy
   * instead of a transpose, for a restore by a job with the same chunks (the deferred VJP);
   * row-major otherwise (amplitudes). Chunked arrays are (rows + 1) x 2^n per region.
   */
  readonly keepChunked?: boolean;
  /**
   * With `keepChunked` and a blocked plan: also keep the psi checkpoints of the blocked sweep
   * (regions 1..blocks of `keepRe`/`keepIm`, each (`keepRows` + 1) x 2^n, after the final
   * states in region 0), so the restored VJP runs the blocked backward pass.
   */
  readonly keepBlocks?: number;
  readonly keepRows?: number;
  readonly restore: boolean;
  /** Adjoint pass: upstream rows x O, parameter gradients of this chunk (added), input gradients rows x numInputs (added). */
  readonly vjp: { readonly upstream: ArrayLike<number>; readonly gp: Float64Array; readonly gx: Float64Array } | null;
  /**
   * State VJP instead (core's `StateProvider`): dL/dRe psi and dL/dIm psi, rows x 2^n row-major;
   * the adjoint state starts as (upRe + i upIm) / 2 (see stateVjp.ts).
   */
  readonly stateUp?: { readonly re: ArrayLike<number>; readonly im: ArrayLike<number> } | null;
}

/**
 * The batch engine of one thread. Buffers (in WebAssembly memory) grow as needed and are reused,
 * so the hot loop never allocates.
 */
export class BatchSim {
  private readonly memory: WasmMemory = new WASM.Memory({ initial: 16 });
  private readonly x: Exports;
  private f64: Float64Array;
  private i32: Int32Array;
  private vals = new Float64Array(0);
  /** cos and sin of half the angle of per-sample RX/RY/RZ gates, slot-major as `vals` (computed once per chunk, used forward and backward). */
  private hc = new Float64Array(0);
  private hs = new Float64Array(0);
  private norms = new Float64Array(0);
  private readonly m = new Float64Array(8);
  private readonly m2 = new Float64Array(8);
  private readonly m3 = new Float64Array(8);
  private fixed = new Float64Array(8);
  // byte offsets of the regions
  private pRe = 0; private pIm = 0; private pLre = 0; private pLim = 0; private pTre = 0; private pTim = 0;
  private pCo = 0; private pCs = 0; private pAcc = 0; private pW = 0; private pOut = 0; private pTab = 0;
  private pZw = 0; private pZacc = 0; private pZ = 0; private pU = 0; private pSum = 0; private pCk = 0;
  private B = 0;
  private N = 0;
  private L = 0;

  constructor() {
    wasmModule ??= new WASM.Module(moduleBytes());
    this.x = new WASM.Instance(wasmModule, { env: { memory: this.memory } }).exports as Exports;
    this.f64 = new Float64Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Lays out the regions for B lanes of N amplitudes and grows the memory if needed. */
  private layout(plan: BatchPlan, N: number, B: number, T: number, checkpoints: number): void {
    const L = N * B;
    let at = 0;
    const take = (doubles: number): number => {
      const p = at;
      at += Math.ceil(doubles / 2) * 16;
      return p;
    };
    this.pRe = take(L); this.pIm = take(L); this.pLre = take(L); this.pLim = take(L); this.pTre = take(L); this.pTim = take(L);
    this.pCo = take(8 * B); this.pCs = take(2 * B); this.pAcc = take(B); this.pW = take(B); this.pOut = take(2);
    this.pZw = take(T); this.pZacc = take(T * B); this.pZ = take(T); this.pU = take(4 * Math.log2(N) * B);
    this.pSum = take(8 * B); this.pCk = take(checkpoints * 2 * L);
    this.pTab = at;
    at += plan.tables.length * N * 4;
    const need = at - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    if (this.f64.buffer !== this.memory.buffer) {
      this.f64 = new Float64Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    plan.tables.forEach((t, k) => this.i32.set(t, this.pTab / 4 + k * N));
    this.B = B;
    this.N = N;
    this.L = L;
  }

  /** Runs rows [r0, r1) of `task` (noise-free, no shifts) and writes `out`. */
  run(task: Task, plan: BatchPlan, r0: number, r1: number, out: BatchOutputs): void {
    const { prog } = task;
    const rows = r1 - r0;
    const B = rows + (rows & 1); // even: two samples per vector
    const N = 2 ** prog.numQubits;
    const zt = zTerms(out.observables);
    // the blocked sweep for a VJP from scratch (a restore has only the final states)
    const keepBlocks = out.keepChunked && plan.blocked ? (out.keepBlocks ?? 0) : 0;
    const blocked = plan.blocked !== null && ((out.vjp !== null && !out.restore) || keepBlocks > 0) ? plan.blocked : null;
    const region = ((out.keepRows ?? 0) + 1) * N;
    this.layout(plan, N, B, zt.z.length, blocked && (out.vjp !== null) ? blocked.blocks : 0);
    zt.z.forEach((z, t) => {
      this.i32[this.pZ / 4 + t] = z;
      this.f64[this.pZw / 8 + t] = zt.coeff[t]!;
    });
    this.evalAngles(task, r0, r1, B);
    const f = this.f64;
    const L = this.L;
    if (out.restore) {
      this.fromRows(out.keepRe!, 0, this.pRe, r0, rows, out.keepChunked === true);
      this.fromRows(out.keepIm!, 0, this.pIm, r0, rows, out.keepChunked === true);
      for (let k = 0; k < keepBlocks; k++) {
        this.fromRows(out.keepRe!, (k + 1) * region, this.pCk + 2 * k * L * 8, r0, rows, true);
        this.fromRows(out.keepIm!, (k + 1) * region, this.pCk + (2 * k + 1) * L * 8, r0, rows, true);
      }
      if (prog.amplitude) this.amplitudeNorms(task, r0, r1);
    } else {
      this.initState(task, r0, r1);
      if (blocked) this.forwardBlocked(blocked, keepBlocks > 0 ? { re: out.keepRe!, im: out.keepIm!, region, r0 } : null);
      else this.forward(plan);
      if (out.keepRe) this.toRows(this.pRe, out.keepRe, 0, r0, rows, out.keepChunked === true);
      if (out.keepIm) this.toRows(this.pIm, out.keepIm, 0, r0, rows, out.keepChunked === true);
      this.expect(out.observables, zt, out.value, r0, rows);
    }
    if (!out.vjp) return;
    const { upstream, gp, gx } = out.vjp;
    const O = out.observables.length;
    f.fill(0, this.pLre / 8, this.pLre / 8 + L);
    f.fill(0, this.pLim / 8, this.pLim / 8 + L);
    if (out.stateUp) {
      const { re: ur, im: ui } = out.stateUp;
      const lre = this.pLre / 8, lim = this.pLim / 8;
      for (let i = 0; i < N; i++) {
        for (let b = 0; b < rows; b++) {
          f[lre + i * B + b] = (ur[(r0 + b) * N + i] as number) / 2;
          f[lim + i * B + b] = (ui[(r0 + b) * N + i] as number) / 2;
        }
      }
      if (blocked) this.backwardBlocked(task, blocked, r0, rows, gp, gx);
      else this.backward(task, plan, r0, rows, gp, gx);
      return;
    }
    // lambda = sum_o upstream_o O_o psi: every Z string in one pass, other Pauli strings one by one
    const T = zt.z.length;
    if (T > 0) {
      const W = this.pZacc / 8;
      for (let t = 0; t < T; t++) {
        const o = zt.o[t]!, c = zt.coeff[t]!;
        for (let b = 0; b < B; b++) f[W + t * B + b] = b < rows ? c * (upstream[(r0 + b) * O + o] as number) : 0;
      }
      this.x.addzn(this.pRe, this.pIm, this.pLre, this.pLim, N, B, T, this.pZ, this.pZacc);
    }
    const w = this.pW / 8;
    for (const { o, t } of zt.other) {
      for (let b = 0; b < B; b++) f[w + b] = b < rows ? t.coeff * (upstream[(r0 + b) * O + o] as number) : 0;
      addPauli(this.view(this.pRe), this.view(this.pIm), this.view(this.pLre), this.view(this.pLim), B, 0, N, t, f.subarray(w, w + B));
    }
    if (blocked) this.backwardBlocked(task, blocked, r0, rows, gp, gx);
    else this.backward(task, plan, r0, rows, gp, gx);
  }

  private view(p: number): Float64Array {
    return this.f64.subarray(p / 8, p / 8 + this.L);
  }

  /**
   * Copies the chunk's state at byte offset `p` out to `dst` from element `base`: chunked, the
   * chunk's lanes as they are (one block copy of 2^n x B values at base + r0 * 2^n; regions are
   * (rows + 1) x 2^n long, room for a padded last chunk); else row-major (row b, amplitude i).
   */
  private toRows(p: number, dst: Float64Array, base: number, r0: number, rows: number, chunked: boolean): void {
    const { f64: f, N, B } = this;
    const s = p / 8;
    if (chunked) {
      dst.set(f.subarray(s, s + N * B), base + r0 * N);
      return;
    }
    for (let b = 0; b < rows; b++) {
      const o = base + (r0 + b) * N;
      for (let i = 0; i < N; i++) dst[o + i] = f[s + i * B + b]!;
    }
  }

  /** The inverse of {@link toRows} (the row-major form gives the padding lane |0>). */
  private fromRows(src: Float64Array, base: number, p: number, r0: number, rows: number, chunked: boolean): void {
    const { f64: f, N, B } = this;
    const s = p / 8;
    if (chunked) {
      f.set(src.subarray(base + r0 * N, base + r0 * N + N * B), s);
      return;
    }
    for (let i = 0; i < N; i++) {
      const at = s + i * B;
      for (let b = 0; b < rows; b++) f[at + b] = src[base + (r0 + b) * N + i]!;
      if (rows < B) f[at + rows] = i === 0 ? 1 : 0; // the padding lane: |0>
    }
  }

  /** Angle values, slot-major (slot * B + lane); the padding lane repeats the last row. */
  private evalAngles(task: Task, r0: number, r1: number, B: number): void {
    const { prog } = task;
    if (this.vals.length < prog.numSlots * B) this.vals = new Float64Array(Math.max(1, prog.numSlots * B));
    const vals = this.vals;
    fillAngleTable(task, r0, r1, B, vals);
    if (this.hc.length < vals.length) {
      this.hc = new Float64Array(vals.length);
      this.hs = new Float64Array(vals.length);
    }
    const { hc, hs } = this;
    for (const g of prog.gates) {
      if (!g.perSample || (AXIS[g.gate] === undefined && g.gate !== 'RZZ')) continue;
      for (let b = g.slot * B, e = b + B; b < e; b++) {
        hc[b] = Math.cos(vals[b]! / 2);
        hs[b] = Math.sin(vals[b]! / 2);
      }
    }
  }

  private amplitudeNorms(task: Task, r0: number, r1: number): void {
    const amp = task.prog.amplitude!;
    const { B } = this;
    const D = 2 ** amp.k;
    const ni = task.prog.numInputs;
    const x = task.inputs!;
    if (this.norms.length < B) this.norms = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const off = Math.floor(Math.min(r0 + b, r1 - 1) / task.rep) * ni + amp.inputOffset;
      let s = 0;
      for (let j = 0; j < D; j++) s += (x[off + j] as number) ** 2;
      this.norms[b] = Math.sqrt(s);
    }
  }

  private initState(task: Task, r0: number, r1: number): void {
    const { f64: f, B, L } = this;
    const re = this.pRe / 8;
    f.fill(0, re, re + L);
    f.fill(0, this.pIm / 8, this.pIm / 8 + L);
    const amp = task.prog.amplitude;
    if (!amp) {
      f.fill(1, re, re + B);
      return;
    }
    this.amplitudeNorms(task, r0, r1);
    const D = 2 ** amp.k;
    const ni = task.prog.numInputs;
    const x = task.inputs!;
    for (let b = 0; b < B; b++) {
      const off = Math.floor(Math.min(r0 + b, r1 - 1) / task.rep) * ni + amp.inputOffset;
      for (let j = 0; j < D; j++) f[re + j * B + b] = (x[off + j] as number) / this.norms[b]!;
    }
  }

  /** Matrix of a one-qubit run for lane b (M = G_k ... G_1) into `out` (`this.m3` is scratch). */
  private runMatrix(gates: readonly CompiledGate[], b: number, out: Float64Array): Float64Array {
    const { m3, vals, B } = this;
    for (let i = 0; i < gates.length; i++) {
      const g = gates[i]!;
      const s = g.slot * B + b;
      gateCoefs(g.gate, vals[s] ?? 0, vals[s + B] ?? 0, vals[s + 2 * B] ?? 0, i === 0 ? out : m3, 0);
      if (i > 0) mul2(m3, out);
    }
    return out;
  }

  /**
   * The state after the leading one-qubit runs (one per qubit, from |0...0>) as a product state in
   * one pass: each qubit contributes the first column of its run's matrix.
   */
  private productState(plan: BatchPlan): void {
    this.productOf(plan.fwd as readonly M1Op[], plan.prefix);
  }

  /** Applies a fused one-qubit run forward to the state (batch-constant or per-sample matrices). */
  private applyRun(op: M1Op, L: number): void {
    const { B, x } = this;
    const S = B << op.q;
    if (!op.perSample) {
      const m = this.runMatrix(op.gates, 0, this.m);
      x.m1c(this.pRe, this.pIm, L, S, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!);
    } else {
      this.laneCoefs(op);
      x.m1p(this.pRe, this.pIm, L, S, B, this.pCo);
    }
  }

  /** Per-sample matrices of a fused one-qubit run into the `co` region (entry k of lane b at k * B + b). */
  private laneCoefs(op: M1Op): void {
    const { B, f64: f } = this;
    const co = this.pCo / 8;
    const segs = op.segs;
    const fixed = this.fixed.length >= segs.length * 8 ? this.fixed : (this.fixed = new Float64Array(segs.length * 8));
    segs.forEach((seg, i) => {
      if (!seg[0]!.perSample) fixed.set(this.runMatrix(seg, 0, this.m), i * 8);
    });
    const { m, m2 } = this;
    const g0 = segs[0]![0]!;
    const axis = AXIS[g0.gate];
    if (segs[0]!.length === 1 && g0.perSample && axis !== undefined && (segs.length === 1 || (segs.length === 2 && !segs[1]![0]!.perSample))) {
      // the common case (angle encoding, then the first layer's batch-constant gates):
      // M = F R(t_b) with F fixed, in registers per lane from the cached half-angle cos/sin
      let fa = 1, fai = 0, fb = 0, fbi = 0, fc = 0, fci = 0, fd = 1, fdi = 0;
      if (segs.length === 2) {
        fa = fixed[8]!; fai = fixed[9]!; fb = fixed[10]!; fbi = fixed[11]!;
        fc = fixed[12]!; fci = fixed[13]!; fd = fixed[14]!; fdi = fixed[15]!;
      }
      const { hc, hs } = this;
      const at = g0.slot * B;
      for (let b = 0; b < B; b++) {
        const c = hc[at + b]!, sn = hs[at + b]!;
        // R = [[r00, r01], [r10, r11]] (complex)
        const r00 = c, r11 = c;
        let r00i = 0, r01 = 0, r01i = 0, r10 = 0, r10i = 0, r11i = 0;
        if (axis === 0) { r01i = -sn; r10i = -sn; } else if (axis === 1) { r01 = -sn; r10 = sn; } else { r00i = -sn; r11i = sn; }
        f[co + b] = fa * r00 - fai * r00i + fb * r10 - fbi * r10i;
        f[co + B + b] = fa * r00i + fai * r00 + fb * r10i + fbi * r10;
        f[co + 2 * B + b] = fa * r01 - fai * r01i + fb * r11 - fbi * r11i;
        f[co + 3 * B + b] = fa * r01i + fai * r01 + fb * r11i + fbi * r11;
        f[co + 4 * B + b] = fc * r00 - fci * r00i + fd * r10 - fdi * r10i;
        f[co + 5 * B + b] = fc * r00i + fci * r00 + fd * r10i + fdi * r10;
        f[co + 6 * B + b] = fc * r01 - fci * r01i + fd * r11 - fdi * r11i;
        f[co + 7 * B + b] = fc * r01i + fci * r01 + fd * r11i + fdi * r11;
      }
      return;
    }
    const { hc, hs } = this;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < segs.length; i++) {
        const seg = segs[i]!;
        const g = seg[0]!;
        const ax = AXIS[g.gate];
        if (seg.length === 1 && g.perSample && ax !== undefined) {
          // a per-sample rotation from the cached half-angle cos, sin: m <- R m
          if (i === 0) m.set(IDENTITY);
          leftRotate(m, ax, hc[g.slot * B + b]!, hs[g.slot * B + b]!);
          continue;
        }
        const into = i === 0 ? m : m2;
        if (!g.perSample) for (let k = 0; k < 8; k++) into[k] = fixed[i * 8 + k]!;
        else this.runMatrix(seg, b, into);
        if (i > 0) mul2(m2, m);
      }
      for (let k = 0; k < 8; k++) f[co + k * B + b] = m[k]!;
    }
  }

  /** Forward pass of the blocked sweep: keeps psi at the end of every block (checkpoint k at pCk + 2kL). */
  private forwardBlocked(bp: NonNullable<BatchPlan['blocked']>, keep: { re: Float64Array; im: Float64Array; region: number; r0: number } | null = null): void {
    const { x, B, L, N, f64: f } = this;
    let k = 0;
    bp.segs.forEach((seg, si) => {
      if (seg.kind === 'perm') {
        x.permute(this.pTre, this.pTim, this.pRe, this.pIm, N, B, this.pTab + seg.fwd * N * 4);
        [this.pRe, this.pTre] = [this.pTre, this.pRe];
        [this.pIm, this.pTim] = [this.pTim, this.pIm];
        return;
      }
      if (si === 0) this.productOf(seg.runs, seg.runs.length);
      else {
        for (const op of seg.runs) this.applyRun(op, L);
      }
      if (keep) {
        // kept for a later job (the deferred VJP): straight into the keep arrays, chunked
        this.toRows(this.pRe, keep.re, (k + 1) * keep.region, keep.r0, 0, true);
        this.toRows(this.pIm, keep.im, (k + 1) * keep.region, keep.r0, 0, true);
      } else {
        const ck = this.pCk / 8 + 2 * k * L;
        f.copyWithin(ck, this.pRe / 8, this.pRe / 8 + L);
        f.copyWithin(ck + L, this.pIm / 8, this.pIm / 8 + L);
      }
      k++;
    });
  }

  /** The product state of the first `count` ops (one-qubit runs on distinct qubits) applied to |0...0>. */
  private productOf(runs: readonly M1Op[], count: number): void {
    const { B, f64: f } = this;
    const n = Math.log2(this.N);
    const u = this.pU / 8;
    for (let q = 0; q < n; q++) {
      f.fill(1, u + 4 * q * B, u + 4 * q * B + B);
      f.fill(0, u + 4 * q * B + B, u + 4 * q * B + 4 * B);
    }
    for (let k = 0; k < count; k++) {
      const op = runs[k]!;
      const at = u + 4 * op.q * B;
      if (!op.perSample) {
        const m = this.runMatrix(op.gates, 0, this.m);
        f.fill(m[0]!, at, at + B);
        f.fill(m[1]!, at + B, at + 2 * B);
        f.fill(m[4]!, at + 2 * B, at + 3 * B);
        f.fill(m[5]!, at + 3 * B, at + 4 * B);
      } else {
        this.laneCoefs(op);
        const co = this.pCo / 8;
        f.copyWithin(at, co, co + 2 * B);
        f.copyWithin(at + 2 * B, co + 4 * B, co + 6 * B);
      }
    }
    this.x.prodstate(this.pRe, this.pIm, n, B, this.pU);
  }

  /**
   * Backward pass of the blocked sweep: per block (last first), the rotation gradients of each
   * qubit from the four sums of (checkpoint psi, lambda), then lambda alone back through the
   * block (not after the first block, which nothing reads) and through the permutation before it.
   */
  private backwardBlocked(task: Task, bp: NonNullable<BatchPlan['blocked']>, r0: number, rows: number, gp: Float64Array, gx: Float64Array): void {
    const { x, B, L, N, f64: f } = this;
    const ni = task.prog.numInputs;
    let k = bp.blocks - 1;
    for (let si = bp.segs.length - 1; si >= 0; si--) {
      const seg = bp.segs[si]!;
      if (seg.kind === 'perm') {
        x.permute(this.pTre, this.pTim, this.pLre, this.pLim, N, B, this.pTab + seg.inv * N * 4);
        [this.pLre, this.pTre] = [this.pTre, this.pLre];
        [this.pLim, this.pTim] = [this.pTim, this.pLim];
        continue;
      }
      const ckRe = this.pCk + 2 * k * L * 8, ckIm = ckRe + L * 8;
      for (const op of seg.runs) {
        if (!op.gates.some(differentiable)) continue;
        const S = B << op.q;
        const sum = this.pSum / 8;
        if (!op.perSample) {
          f.fill(0, sum, sum + 8);
          x.sumc(ckRe, ckIm, this.pLre, this.pLim, L, S, this.pSum);
        } else {
          f.fill(0, sum, sum + 8 * B);
          x.sump(ckRe, ckIm, this.pLre, this.pLim, L, S, B, this.pSum);
        }
        this.runGradients(op, rows, gp, gx, r0, ni);
      }
      if (si > 0) {
        for (const op of seg.runs) {
          const S = B << op.q;
          if (!op.perSample) {
            const m = this.runMatrix(op.gates, 0, this.m);
            x.m1c(this.pLre, this.pLim, L, S, m[0]!, -m[1]!, m[4]!, -m[5]!, m[2]!, -m[3]!, m[6]!, -m[7]!);
          } else {
            this.laneCoefs(op);
            // the conjugate transpose per lane: [[a*, c*], [b*, d*]]
            const co = this.pCo / 8;
            for (let b = 0; b < B; b++) {
              const br = f[co + 2 * B + b]!, bi = f[co + 3 * B + b]!;
              f[co + 2 * B + b] = f[co + 4 * B + b]!;
              f[co + 3 * B + b] = -f[co + 5 * B + b]!;
              f[co + 4 * B + b] = br;
              f[co + 5 * B + b] = -bi;
              f[co + B + b] = -f[co + B + b]!;
              f[co + 7 * B + b] = -f[co + 7 * B + b]!;
            }
            x.m1p(this.pLre, this.pLim, L, S, B, this.pCo);
          }
        }
      }
      k--;
    }
  }

  /**
   * Gradients of the differentiable rotations of one qubit's run from its sums (per lane when
   * the run has per-sample gates, else batch sums): walking the run backwards, W is the product
   * of the gates after gate j, H = W P_j W^dagger its generator moved to the block's end, and
   * d f / d t_j = Im sum_ac H_ac S_ac. H is batch-constant while no per-sample gate follows gate j
   * (the usual case: an encoding rotation followed by trained gates); only then is it computed once.
   */
  private runGradients(op: M1Op, rows: number, gp: Float64Array, gx: Float64Array, r0: number, ni: number): void {
    const { f64: f, B } = this;
    const sum = this.pSum / 8;
    const perLane = op.perSample;
    const W = this.w1, G = this.w2, T = this.w3, H = this.w4;
    const gates = op.gates;
    W.set(IDENTITY);
    let j = gates.length - 1;
    // the batch-constant tail: one W for all lanes
    for (; j >= 0; j--) {
      const g = gates[j]!;
      if (differentiable(g)) {
        mul2x2(W, PAULI[AXIS[g.gate]!]!, T);
        mulAdj(T, W, H);
        const terms = g.angles[0]!.terms;
        if (!perLane) {
          const d = H[0]! * f[sum + 1]! + H[1]! * f[sum]! + H[2]! * f[sum + 3]! + H[3]! * f[sum + 2]! + H[4]! * f[sum + 5]! + H[5]! * f[sum + 4]! + H[6]! * f[sum + 7]! + H[7]! * f[sum + 6]!;
          for (const t of terms) gp[t.index] = gp[t.index]! + t.coeff * d;
        } else {
          let total = 0;
          for (let b = 0; b < rows; b++) {
            const d = H[0]! * f[sum + B + b]! + H[1]! * f[sum + b]! + H[2]! * f[sum + 3 * B + b]! + H[3]! * f[sum + 2 * B + b]!
              + H[4]! * f[sum + 5 * B + b]! + H[5]! * f[sum + 4 * B + b]! + H[6]! * f[sum + 7 * B + b]! + H[7]! * f[sum + 6 * B + b]!;
            total += d;
            for (const t of terms) if (t.source === 'input') gx[(r0 + b) * ni + t.index] = gx[(r0 + b) * ni + t.index]! + t.coeff * d;
          }
          for (const t of terms) if (t.source === 'param') gp[t.index] = gp[t.index]! + t.coeff * total;
        }
      }
      if (g.perSample) break; // gates before this one see a per-sample W
      const sl = g.slot * B;
      gateCoefs(g.gate, this.vals[sl] ?? 0, this.vals[sl + B] ?? 0, this.vals[sl + 2 * B] ?? 0, G, 0);
      mul2x2(W, G, T);
      W.set(T);
    }
    if (j <= 0) return;
    // gates before a per-sample gate: W per lane
    for (let b = 0; b < rows; b++) {
      W.set(IDENTITY);
      for (let i = gates.length - 1; i >= 0; i--) {
        const g = gates[i]!;
        if (i < j && differentiable(g)) {
          mul2x2(W, PAULI[AXIS[g.gate]!]!, T);
          mulAdj(T, W, H);
          const d = H[0]! * f[sum + B + b]! + H[1]! * f[sum + b]! + H[2]! * f[sum + 3 * B + b]! + H[3]! * f[sum + 2 * B + b]!
            + H[4]! * f[sum + 5 * B + b]! + H[5]! * f[sum + 4 * B + b]! + H[6]! * f[sum + 7 * B + b]! + H[7]! * f[sum + 6 * B + b]!;
          for (const t of g.angles[0]!.terms) {
            if (t.source === 'param') gp[t.index] = gp[t.index]! + t.coeff * d;
            else gx[(r0 + b) * ni + t.index] = gx[(r0 + b) * ni + t.index]! + t.coeff * d;
          }
        }
        if (i === 0) break;
        const sl = g.slot * B + b;
        gateCoefs(g.gate, this.vals[sl] ?? 0, this.vals[sl + B] ?? 0, this.vals[sl + 2 * B] ?? 0, G, 0);
        mul2x2(W, G, T);
        W.set(T);
      }
    }
  }

  private readonly w1 = new Float64Array(8);
  private readonly w2 = new Float64Array(8);
  private readonly w3 = new Float64Array(8);
  private readonly w4 = new Float64Array(8);

  private forward(plan: BatchPlan): void {
    const { x, B, L, N } = this;
    let start = 0;
    if (plan.prefix >= 2) {
      this.productState(plan);
      start = plan.prefix;
    }
    for (let k = start; k < plan.fwd.length; k++) {
      const op = plan.fwd[k]!;
      if (op.op === 'm1') this.applyRun(op, L);
      else if (op.op === 'perm') {
        x.permute(this.pTre, this.pTim, this.pRe, this.pIm, N, B, this.pTab + op.table * N * 4);
        [this.pRe, this.pTre] = [this.pTre, this.pRe];
        [this.pIm, this.pTim] = [this.pTim, this.pIm];
      } else if (op.op === 'zz') {
        const g = op.g;
        const ma = 1 << g.qubits[0]!, mb = 1 << g.qubits[1]!;
        if (!g.perSample) {
          const t = this.vals[g.slot * B]!;
          x.zzc(this.pRe, this.pIm, N, B, ma, mb, Math.cos(t / 2), Math.sin(t / 2));
        } else {
          this.loadHalfAngles(g);
          x.zzp(this.pRe, this.pIm, N, B, ma, mb, this.pCs);
        }
      } else {
        K.cz(this.view(this.pRe), this.view(this.pIm), B << op.a, B << op.b, 0, L / 4);
      }
    }
  }

  /** Copies the cached cos, sin of half the per-sample angle of `g` into the `cs` region. */
  private loadHalfAngles(g: CompiledGate): void {
    const { B, f64: f } = this;
    const cs = this.pCs / 8;
    f.set(this.hc.subarray(g.slot * B, g.slot * B + B), cs);
    f.set(this.hs.subarray(g.slot * B, g.slot * B + B), cs + B);
  }

  /** Spreads per-sample angle derivatives (in the acc region) onto the angle's parameters (batch sum) and inputs (per row). */
  private scatterPerSample(g: CompiledGate, r0: number, rows: number, ni: number, gp: Float64Array, gx: Float64Array): void {
    const f = this.f64;
    const acc = this.pAcc / 8;
    let sum = 0;
    for (let b = 0; b < rows; b++) sum += f[acc + b]!;
    for (const t of g.angles[0]!.terms) {
      if (t.source === 'param') gp[t.index] = gp[t.index]! + t.coeff * sum;
      else for (let b = 0; b < rows; b++) gx[(r0 + b) * ni + t.index] = gx[(r0 + b) * ni + t.index]! + t.coeff * f[acc + b]!;
    }
  }

  /** Expectation values of rows [r0, r0 + rows): every Z string in one pass, other Pauli strings one by one. */
  private expect(obs: readonly (readonly PauliMasks[])[], zt: ZTerms, value: Float64Array, r0: number, rows: number): void {
    const { x, B, N, f64: f } = this;
    const O = obs.length;
    for (let b = 0; b < rows; b++) value.fill(0, (r0 + b) * O, (r0 + b + 1) * O);
    const T = zt.z.length;
    if (T > 0) {
      const acc = this.pZacc / 8;
      f.fill(0, acc, acc + T * B);
      x.expzn(this.pRe, this.pIm, N, B, T, this.pZ, this.pZw, this.pZacc);
      for (let t = 0; t < T; t++) {
        const o = zt.o[t]!;
        for (let b = 0; b < rows; b++) value[(r0 + b) * O + o] = value[(r0 + b) * O + o]! + f[acc + t * B + b]!;
      }
    }
    const acc = this.pAcc / 8;
    for (const { o, t } of zt.other) {
      f.fill(0, acc, acc + B);
      pauliExpect(this.view(this.pRe), this.view(this.pIm), B, 0, N, t, t.coeff, f.subarray(acc, acc + B));
      for (let b = 0; b < rows; b++) value[(r0 + b) * O + o] = value[(r0 + b) * O + o]! + f[acc + b]!;
    }
  }

  /** The adjoint sweep: un-applies every gate on psi and lambda, accumulating angle gradients. */
  private backward(task: Task, plan: BatchPlan, r0: number, rows: number, gp: Float64Array, gx: Float64Array): void {
    const { x, B, L, N, f64: f, vals } = this;
    const ni = task.prog.numInputs;
    const acc = this.pAcc / 8;
    for (const op of plan.bwd) {
      switch (op.op) {
        case 'rot': {
          const g = op.g;
          const S = B << g.qubits[0]!;
          if (!g.perSample) {
            const t = vals[g.slot * B]!;
            const d = op.last
              ? x.gradrc(this.pRe, this.pIm, this.pLre, this.pLim, L, S, op.axis)
              : x.adjrc(this.pRe, this.pIm, this.pLre, this.pLim, L, S, op.axis, Math.cos(t / 2), Math.sin(t / 2));
            scatterParams(g, d, gp);
          } else {
            this.loadHalfAngles(g);
            f.fill(0, acc, acc + B);
            if (op.last) x.gradrp(this.pRe, this.pIm, this.pLre, this.pLim, L, S, B, op.axis, this.pAcc);
            else x.adjrp(this.pRe, this.pIm, this.pLre, this.pLim, L, S, B, op.axis, this.pCs, this.pAcc);
            this.scatterPerSample(g, r0, rows, ni, gp, gx);
          }
          break;
        }
        case 'zz': {
          const g = op.g;
          const ma = 1 << g.qubits[0]!, mb = 1 << g.qubits[1]!;
          if (!g.perSample) {
            const t = vals[g.slot * B]!;
            const d = x.adjzzc(this.pRe, this.pIm, this.pLre, this.pLim, N, B, ma, mb, Math.cos(t / 2), Math.sin(t / 2));
            scatterParams(g, d, gp);
          } else {
            this.loadHalfAngles(g);
            f.fill(0, acc, acc + B);
            x.adjzzp(this.pRe, this.pIm, this.pLre, this.pLim, N, B, ma, mb, this.pCs, this.pAcc);
            this.scatterPerSample(g, r0, rows, ni, gp, gx);
          }
          break;
        }
        case 'rot2': {
          const t1 = vals[op.g1.slot * B]!, t2 = vals[op.g2.slot * B]!;
          const o = this.pOut / 8;
          f[o] = 0;
          f[o + 1] = 0;
          x.adjrc2(this.pRe, this.pIm, this.pLre, this.pLim, L, B << op.g1.qubits[0]!, op.ax1, Math.cos(t1 / 2), Math.sin(t1 / 2), op.ax2, Math.cos(t2 / 2), Math.sin(t2 / 2), this.pOut);
          scatterParams(op.g1, f[o]!, gp);
          scatterParams(op.g2, f[o + 1]!, gp);
          break;
        }
        case 'inv1': {
          const g = op.g;
          const s = g.slot * B;
          const m = this.m;
          gateCoefs(g.gate, vals[s] ?? 0, vals[s + B] ?? 0, vals[s + 2 * B] ?? 0, m, 0);
          // the inverse is the conjugate transpose [[a*, c*], [b*, d*]]
          const S = B << g.qubits[0]!;
          for (const p of [[this.pRe, this.pIm], [this.pLre, this.pLim]] as const) {
            x.m1c(p[0], p[1], L, S, m[0]!, -m[1]!, m[4]!, -m[5]!, m[2]!, -m[3]!, m[6]!, -m[7]!);
          }
          break;
        }
        case 'perm': {
          const tab = this.pTab + op.table * N * 4;
          x.permute(this.pTre, this.pTim, this.pRe, this.pIm, N, B, tab);
          [this.pRe, this.pTre] = [this.pTre, this.pRe];
          [this.pIm, this.pTim] = [this.pTim, this.pIm];
          x.permute(this.pTre, this.pTim, this.pLre, this.pLim, N, B, tab);
          [this.pLre, this.pTre] = [this.pTre, this.pLre];
          [this.pLim, this.pTim] = [this.pTim, this.pLim];
          break;
        }
        case 'cz':
          K.cz(this.view(this.pRe), this.view(this.pIm), B << op.a, B << op.b, 0, L / 4);
          K.cz(this.view(this.pLre), this.view(this.pLim), B << op.a, B << op.b, 0, L / 4);
          break;
      }
    }
    const amp = task.prog.amplitude;
    if (amp) {
      // d f / d psi0_j = 2 Re lambda0_j; psi0 = x / |x| so grad_x = (g - (g . psi0) psi0) / |x|
      const D = 2 ** amp.k;
      const re = this.pRe / 8, lre = this.pLre / 8;
      for (let b = 0; b < rows; b++) {
        let dot = 0;
        for (let j = 0; j < D; j++) dot += 2 * f[lre + j * B + b]! * f[re + j * B + b]!;
        const r = this.norms[b]!;
        const base = (r0 + b) * ni + amp.inputOffset;
        for (let j = 0; j < D; j++) gx[base + j] = gx[base + j]! + (2 * f[lre + j * B + b]! - dot * f[re + j * B + b]!) / r;
      }
    }
  }
}

/** The terms of a list of observables: Z strings (evaluated together) and the others. */
interface ZTerms {
  readonly o: number[];
  readonly coeff: number[];
  readonly z: number[];
  readonly other: { readonly o: number; readonly t: PauliMasks }[];
}

function zTerms(obs: readonly (readonly PauliMasks[])[]): ZTerms {
  const zt: ZTerms = { o: [], coeff: [], z: [], other: [] };
  obs.forEach((terms, o) => {
    for (const t of terms) {
      if (t.x === 0 && t.ny === 0) {
        zt.o.push(o);
        zt.coeff.push(t.coeff);
        zt.z.push(t.z);
      } else zt.other.push({ o, t });
    }
  });
  return zt;
}

/** Adds a batch-summed angle derivative to the gate's parameters (batch-constant angles have no input terms). */
function scatterParams(g: CompiledGate, d: number, gp: Float64Array): void {
  for (const t of g.angles[0]!.terms) gp[t.index] = gp[t.index]! + t.coeff * d;
}

const IDENTITY = Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0);

/** m <- R m for the rotation R about `axis` (0 = X, 1 = Y, 2 = Z) with half-angle cos c and sin s. */
function leftRotate(m: Float64Array, axis: number, c: number, s: number): void {
  const a = m[0]!, ai = m[1]!, b = m[2]!, bi = m[3]!, d = m[4]!, di = m[5]!, e = m[6]!, ei = m[7]!;
  if (axis === 0) {
    // [[c, -i s], [-i s, c]]: -i s (x + i y) = s y - i s x
    m[0] = c * a + s * di; m[1] = c * ai - s * d; m[2] = c * b + s * ei; m[3] = c * bi - s * e;
    m[4] = c * d + s * ai; m[5] = c * di - s * a; m[6] = c * e + s * bi; m[7] = c * ei - s * b;
  } else if (axis === 1) {
    m[0] = c * a - s * d; m[1] = c * ai - s * di; m[2] = c * b - s * e; m[3] = c * bi - s * ei;
    m[4] = s * a + c * d; m[5] = s * ai + c * di; m[6] = s * b + c * e; m[7] = s * bi + c * ei;
  } else {
    // diag(c - i s, c + i s)
    m[0] = c * a + s * ai; m[1] = c * ai - s * a; m[2] = c * b + s * bi; m[3] = c * bi - s * b;
    m[4] = c * d - s * di; m[5] = c * di + s * d; m[6] = c * e - s * ei; m[7] = c * ei + s * e;
  }
}


let threadSim: BatchSim | null = null;

/** This thread's batch engine (one per thread, created on first use). */
export function threadBatchSim(): BatchSim {
  threadSim ??= new BatchSim();
  return threadSim;
}
