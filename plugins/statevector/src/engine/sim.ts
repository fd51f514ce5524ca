import { adjointCoefs, coefSize, type CompiledCircuit, type CompiledGate, type CompiledStep, derivKind, gateCoefs, gateDerivCoefs, type KernelKind, mul2, type NoiseEvent, type PauliMasks, Rng } from '@hqml/core/browser';
import { fillAngleTable } from './angleTable.js';
import * as K from './kernels.js';
import { addPauli, pauliExpect } from './pauli.js';

/**
 * The threads that share one state (amplitude-block parallelism). Every member runs the same
 * control flow on its own index range and meets the others at barriers; `sum` adds a vector
 * over the members in a fixed order, so every member gets bit-identical totals (which keeps
 * random choices of noise trajectories identical across members).
 */
export interface Team {
  readonly t: number;
  readonly T: number;
  barrier(): void;
  sum(v: Float64Array, len: number): void;
}

/** Amplitudes per cache block (2^14 complex128 = 256 KiB, re and im). */
const BLOCK = 2 ** 14;

/** A team of one: the single-threaded case and each thread of batch parallelism. */
export const SOLO: Team = Object.freeze({ t: 0, T: 1, barrier(): void {}, sum(): void {} });

/** What to run: a program with its values and the options of this execution. */
export interface Task {
  readonly prog: CompiledCircuit;
  readonly params: ArrayLike<number>;
  readonly inputs: ArrayLike<number> | undefined;
  /** Rows per input row (noise trajectories repeat each sample); 1 otherwise. */
  readonly rep: number;
  /** Parameter-shift: add `delta` to angle slot `slot` for every row. */
  readonly shift: { readonly slot: number; readonly delta: number } | null;
  /** Amplitude-encoding shift: add `delta` to amplitude `j` of the normalised input (no renormalisation). */
  readonly ampShift: { readonly j: number; readonly delta: number } | null;
  /** Channels after each gate (by position in `prog.gates`) for trajectories; null without noise. */
  readonly noise: readonly (readonly NoiseEvent[])[] | null;
  readonly seed: number;
  /** Use single-qubit fusion (ignored with noise). */
  readonly fuse: boolean;
  /** Apply runs of low-qubit gates block by block (cache blocking). */
  readonly blocking: boolean;
}

/** Shared state buffers of a team (SharedArrayBuffer-backed). */
export interface SharedBuffers {
  readonly re: Float64Array;
  readonly im: Float64Array;
  readonly lre: Float64Array;
  readonly lim: Float64Array;
}

/** A row-specific stream for noise trajectories: independent of how rows are split over threads. */
export function rowSeed(seed: number, row: number): number {
  let h = (seed ^ Math.imul(row + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A Float64Array over an ArrayBuffer or a SharedArrayBuffer. */
export type F64 = Float64Array<ArrayBufferLike>;

function grow(a: F64, len: number): F64 {
  return a.length >= len ? a : new Float64Array(len);
}

/** Start of this member's share when `count` items are split evenly over the team. */
function partStart(count: number, team: Team): number {
  return team.T === 1 ? 0 : Math.floor((count * team.t) / team.T);
}

/** End (exclusive) of this member's share (two functions rather than a tuple: no allocation per gate). */
function partEnd(count: number, team: Team): number {
  return team.T === 1 ? count : Math.floor((count * (team.t + 1)) / team.T);
}

/**
 * The simulator of one thread: runs tasks on chunks of rows (a sub-batch, sample-innermost) and
 * writes expectation values, probabilities and gradients. Buffers are reused between calls, so
 * the hot loop never allocates.
 */
export class Sim {
  private re: F64 = new Float64Array(0);
  private im: F64 = new Float64Array(0);
  private lre: F64 = new Float64Array(0);
  private lim: F64 = new Float64Array(0);
  private coef: F64 = new Float64Array(32);
  private vals: F64 = new Float64Array(0);
  private acc: F64 = new Float64Array(1);
  private norms: F64 = new Float64Array(1);
  private readonly m = new Float64Array(8);
  private readonly m2 = new Float64Array(8);
  private rngs: Rng[] = [];
  private B = 0;
  private L = 0;

  constructor(
    private readonly team: Team = SOLO,
    private readonly shared: SharedBuffers | null = null,
  ) {}

  private buffers(len: number, adjoint: boolean): void {
    if (this.shared) {
      this.re = this.shared.re;
      this.im = this.shared.im;
      this.lre = this.shared.lre;
      this.lim = this.shared.lim;
      return;
    }
    this.re = grow(this.re, len);
    this.im = grow(this.im, len);
    if (adjoint) {
      this.lre = grow(this.lre, len);
      this.lim = grow(this.lim, len);
    }
  }

  /** Runs the forward pass for rows [r0, r1), leaving the states in the buffers. */
  forward(task: Task, r0: number, r1: number, adjoint = false): void {
    const { prog } = task;
    const B = r1 - r0;
    const N = 2 ** prog.numQubits;
    this.B = B;
    this.L = N * B;
    this.buffers(this.L, adjoint);
    this.acc = grow(this.acc, B);
    this.evalAngles(task, r0, B);
    this.initState(task, r0, B);
    if (task.noise) {
      this.rngs = [];
      for (let b = 0; b < B; b++) this.rngs.push(Rng.from(rowSeed(task.seed, r0 + b)));
      prog.gates.forEach((g, gi) => {
        this.applyStep(prog.plain[gi]!, false);
        for (const ev of task.noise![gi]!) this.applyNoise(ev);
      });
    } else {
      this.runSteps(task.fuse ? prog.fused : prog.plain, task.blocking);
    }
  }

  /**
   * Runs forward steps. Consecutive steps that act only on qubits whose flat strides stay inside
   * one cache block (BLOCK amplitudes, a quarter of the L2 cache) are applied block by block, so
   * that the whole group costs one pass over memory instead of one pass per gate (cache blocking,
   * as qsim does by gate fusion). Blocks are independent, so threads need no barrier inside a group.
   */
  private runSteps(steps: readonly CompiledStep[], blocking: boolean): void {
    const { L } = this;
    if (!blocking || L < 4 * BLOCK || L % BLOCK !== 0) {
      for (const step of steps) this.applyStep(step, false);
      return;
    }
    let i = 0;
    while (i < steps.length) {
      let j = i;
      while (j < steps.length && this.inBlock(steps[j]!)) j++;
      if (j - i < 2) {
        this.applyStep(steps[i]!, false);
        i++;
        continue;
      }
      this.applyBlocked(steps, i, j);
      i = j;
    }
  }

  private inBlock(step: CompiledStep): boolean {
    let top = 0;
    for (const q of step.gates[0]!.qubits) top = Math.max(top, q);
    const span = 2 * this.B * 2 ** top;
    return span <= BLOCK && BLOCK % span === 0;
  }

  private applyBlocked(steps: readonly CompiledStep[], i0: number, i1: number): void {
    const { L, team } = this;
    // coefficients of every step of the group, side by side
    const offs: number[] = [];
    const strides: number[] = [];
    let total = 0;
    for (let i = i0; i < i1; i++) {
      const s = steps[i]!;
      const cs = coefSize(s.kind) * (s.perSample ? this.B : 1);
      offs.push(total);
      total += cs;
    }
    this.groupCoef = grow(this.groupCoef, total);
    for (let i = i0; i < i1; i++) {
      const s = steps[i]!;
      const needsCoef = s.kind === 'm1' || s.kind === 'd1' || s.kind === 'cm1' || s.kind === 'd2' || s.kind === 'm2';
      strides.push(needsCoef ? this.stepCoefs(s, false) : 0);
      if (needsCoef) this.groupCoef.set(this.coef.subarray(0, coefSize(s.kind) * (s.perSample ? this.B : 1)), offs[i - i0]!);
    }
    const views = offs.map((o, k) => this.groupCoef.subarray(o, o + coefSize(steps[i0 + k]!.kind) * (steps[i0 + k]!.perSample ? this.B : 1)));
    const c0 = partStart(L / BLOCK, team), c1 = partEnd(L / BLOCK, team);
    for (let c = c0; c < c1; c++) {
      for (let i = i0; i < i1; i++) {
        const s = steps[i]!;
        const q = s.gates[0]!.qubits;
        const per = q.length > 1 ? BLOCK / 4 : BLOCK / 2;
        this.kernelRange(s.kind, q, strides[i - i0]!, views[i - i0]!, this.re, this.im, c * per, (c + 1) * per);
      }
    }
    team.barrier();
  }

  private groupCoef: F64 = new Float64Array(8);

  private evalAngles(task: Task, r0: number, B: number): void {
    this.vals = grow(this.vals, Math.max(1, task.prog.numSlots * B));
    const vals = this.vals;
    fillAngleTable(task, r0, r0 + B, B, vals);
    if (task.shift) {
      const base = task.shift.slot * B;
      for (let b = 0; b < B; b++) vals[base + b] = vals[base + b]! + task.shift.delta;
    }
  }

  private initState(task: Task, r0: number, B: number): void {
    const { re, im, team, L } = this;
    const a0 = partStart(L, team), a1 = partEnd(L, team);
    re.fill(0, a0, a1);
    im.fill(0, a0, a1);
    team.barrier();
    const amp = task.prog.amplitude;
    if (!amp) {
      if (team.t === 0) for (let b = 0; b < B; b++) re[b] = 1;
    } else {
      const D = 2 ** amp.k;
      const ni = task.prog.numInputs;
      const x = task.inputs!;
      this.norms = grow(this.norms, B);
      for (let b = 0; b < B; b++) {
        const off = Math.floor((r0 + b) / task.rep) * ni + amp.inputOffset;
        let s = 0;
        for (let j = 0; j < D; j++) s += (x[off + j] as number) ** 2;
        this.norms[b] = Math.sqrt(s);
      }
      const j0 = partStart(D, team), j1 = partEnd(D, team);
      for (let j = j0; j < j1; j++) {
        for (let b = 0; b < B; b++) {
          const off = Math.floor((r0 + b) / task.rep) * ni + amp.inputOffset;
          re[j * B + b] = (x[off + j] as number) / this.norms[b]!;
        }
      }
      const sh = task.ampShift;
      if (sh && sh.j >= j0 && sh.j < j1) for (let b = 0; b < B; b++) re[sh.j * B + b] = re[sh.j * B + b]! + sh.delta;
    }
    team.barrier();
  }

  /** Fills `coef` for a step (per sample when the step is per-sample), optionally inverted. */
  private stepCoefs(step: CompiledStep, inverse: boolean): number {
    const kind = step.kind;
    const cs = coefSize(kind);
    const rows = step.perSample ? this.B : 1;
    this.coef = grow(this.coef, rows * cs);
    const { coef, vals, B, m, m2 } = this;
    const gates = step.gates;
    if (gates.length === 1) {
      const g = gates[0]!;
      const s0 = g.slot * B, s1 = s0 + B, s2 = s1 + B;
      const na = g.angles.length;
      for (let b = 0; b < rows; b++) {
        gateCoefs(g.gate, na > 0 ? vals[s0 + b]! : 0, na > 1 ? vals[s1 + b]! : 0, na > 2 ? vals[s2 + b]! : 0, coef, b * cs);
        if (inverse) adjointCoefs(kind, coef, b * cs);
      }
      return step.perSample ? cs : 0;
    }
    // a fused run: batch-constant factors are computed once, per-sample ones per row
    const fixed = (this.fixed = grow(this.fixed, gates.length * 8));
    gates.forEach((g, i) => {
      if (!g.perSample) gateCoefs(g.gate, vals[g.slot * B] ?? 0, vals[(g.slot + 1) * B] ?? 0, vals[(g.slot + 2) * B] ?? 0, fixed, i * 8);
    });
    for (let b = 0; b < rows; b++) {
      const at = b * cs;
      // product of the run, first gate applied first: M = G_k ... G_1
      for (let i = 0; i < gates.length; i++) {
        const g = gates[i]!;
        if (g.perSample) gateCoefs(g.gate, vals[g.slot * B + b] ?? 0, vals[(g.slot + 1) * B + b] ?? 0, vals[(g.slot + 2) * B + b] ?? 0, m2, 0);
        else for (let k = 0; k < 8; k++) m2[k] = fixed[i * 8 + k]!;
        if (i === 0) m.set(m2);
        else mul2(m2, m);
      }
      for (let i = 0; i < 8; i++) coef[at + i] = m[i]!;
      if (inverse) adjointCoefs(kind, coef, at);
    }
    return step.perSample ? cs : 0;
  }

  private fixed: F64 = new Float64Array(8);

  private applyStep(step: CompiledStep, inverse: boolean, useLambda = false): void {
    const kind = step.kind;
    const needsCoef = kind === 'm1' || kind === 'd1' || kind === 'cm1' || kind === 'd2' || kind === 'm2';
    const cs = needsCoef ? this.stepCoefs(step, inverse) : 0;
    const q = step.gates[0]!.qubits;
    this.kernel(kind, q, cs, useLambda ? this.lre : this.re, useLambda ? this.lim : this.im);
    this.team.barrier();
  }

  private kernel(kind: KernelKind, q: readonly number[], cs: number, re: Float64Array, im: Float64Array): void {
    const p0 = partStart(q.length > 1 ? this.L / 4 : this.L / 2, this.team), p1 = partEnd(q.length > 1 ? this.L / 4 : this.L / 2, this.team);
    this.kernelRange(kind, q, cs, this.coef, re, im, p0, p1);
  }

  /** Applies one kernel to the work items [p0, p1) with coefficients `c`. */
  private kernelRange(kind: KernelKind, q: readonly number[], cs: number, c: F64, re: Float64Array, im: Float64Array, p0: number, p1: number): void {
    const B = this.B;
    const Sa = B * 2 ** q[0]!;
    const Sb = q.length > 1 ? B * 2 ** q[1]! : 0;
    switch (kind) {
      case 'm1':
        if (cs !== 0) K.m1ps(re, im, Sa, B, p0, p1, c);
        else if (c[1] === 0 && c[3] === 0 && c[5] === 0 && c[7] === 0) K.m1real(re, im, Sa, p0, p1, c[0]!, c[2]!, c[4]!, c[6]!);
        else K.m1(re, im, Sa, p0, p1, c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
        return;
      case 'd1':
        if (cs !== 0) K.d1ps(re, im, Sa, B, p0, p1, c);
        else K.d1(re, im, Sa, p0, p1, c[0]!, c[1]!, c[6]!, c[7]!);
        return;
      case 'x': K.px(re, im, Sa, p0, p1); return;
      case 'y': K.py(re, im, Sa, p0, p1); return;
      case 'cx': K.cx(re, im, Sa, Sb, p0, p1); return;
      case 'cz': K.cz(re, im, Sa, Sb, p0, p1); return;
      case 'swap': K.swap(re, im, Sa, Sb, p0, p1); return;
      case 'cm1':
        if (cs !== 0) K.cm1ps(re, im, Sa, Sb, B, p0, p1, c);
        else K.cm1(re, im, Sa, Sb, p0, p1, c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
        return;
      case 'd2': K.d2(re, im, Sa, Sb, B, p0, p1, c, cs); return;
      case 'm2': K.m2(re, im, Sa, Sb, B, p0, p1, c, cs); return;
      case 'id': return;
    }
  }

  /** One quantum-trajectory step: picks a Kraus operator per row and applies it, renormalised. */
  private applyNoise(ev: NoiseEvent): void {
    const { B, L, team, rngs } = this;
    const S = B * 2 ** ev.qubit;
    const p0 = partStart(L / 2, team), p1 = partEnd(L / 2, team);
    const acc = this.acc;
    const damping = ev.kind === 'amplitude-damping' || ev.kind === 'phase-damping';
    if (damping) {
      acc.fill(0, 0, B);
      K.prob1(this.re, this.im, S, B, p0, p1, acc);
      team.sum(acc, B);
    }
    this.coef = grow(this.coef, B * 8);
    const c = this.coef;
    let any = false;
    for (let b = 0; b < B; b++) {
      const u = rngs[b]!.float();
      const at = b * 8;
      c.fill(0, at, at + 8);
      const p = ev.p;
      let pauli = 0; // 0 = I, 1 = X, 2 = Y, 3 = Z
      if (ev.kind === 'depolarizing') pauli = u < p ? 1 + Math.min(2, Math.floor((u / p) * 3)) : 0;
      else if (ev.kind === 'bit-flip') pauli = u < p ? 1 : 0;
      else if (ev.kind === 'phase-flip') pauli = u < p ? 3 : 0;
      if (!damping) {
        if (pauli === 0) { c[at] = 1; c[at + 6] = 1; }
        else if (pauli === 1) { c[at + 2] = 1; c[at + 4] = 1; }
        else if (pauli === 2) { c[at + 3] = -1; c[at + 5] = 1; }
        else { c[at] = 1; c[at + 6] = -1; }
        if (pauli !== 0) any = true;
        continue;
      }
      any = true;
      const p1q = acc[b]!;
      const jump = p * p1q;
      if (u < jump) {
        // amplitude damping: |1> -> |0>; phase damping: project on |1>
        if (ev.kind === 'amplitude-damping') c[at + 2] = 1 / Math.sqrt(p1q);
        else c[at + 6] = 1 / Math.sqrt(p1q);
      } else {
        const s = 1 / Math.sqrt(1 - jump);
        c[at] = s;
        c[at + 6] = Math.sqrt(1 - p) * s;
      }
    }
    if (any) K.m1ps(this.re, this.im, S, B, p0, p1, c);
    team.barrier();
  }

  /** Writes the expectation values of rows [r0, r1) to out[row * O + o] (after {@link forward}). */
  expect(obs: readonly (readonly PauliMasks[])[], out: Float64Array, r0: number): void {
    const { B, team } = this;
    const N = this.L / B;
    const i0 = partStart(N, team), i1 = partEnd(N, team);
    const acc = this.acc;
    const O = obs.length;
    obs.forEach((terms, o) => {
      acc.fill(0, 0, B);
      for (const t of terms) pauliExpect(this.re, this.im, B, i0, i1, t, t.coeff, acc);
      team.sum(acc, B);
      if (team.t === 0) for (let b = 0; b < B; b++) out[(r0 + b) * O + o] = acc[b]!;
    });
  }

  /**
   * Adds basis-state probabilities of `qubits` (qubits[0] = least significant bit) of rows
   * [r0, r1) into out[row * 2^k + index] (after {@link forward}). With a team, members add into
   * `out` at `offset` (their own region unless the qubits are all qubits in order).
   */
  probs(qubits: readonly number[], out: Float64Array, r0: number, offset = 0): void {
    const { B, team, re, im } = this;
    const N = this.L / B;
    const Kdim = 2 ** qubits.length;
    const identity = qubits.length === Math.log2(N) && qubits.every((q, i) => q === i);
    const i0 = partStart(N, team), i1 = partEnd(N, team);
    for (let i = i0; i < i1; i++) {
      let idx = i;
      if (!identity) {
        idx = 0;
        for (let j = 0; j < qubits.length; j++) idx += ((i / 2 ** qubits[j]!) & 1) * 2 ** j;
      }
      const oi = i * B;
      for (let b = 0; b < B; b++) {
        const o = offset + (r0 + b) * Kdim + idx;
        out[o] = out[o]! + re[oi + b]! ** 2 + im[oi + b]! ** 2;
      }
    }
    team.barrier();
  }

  /**
   * Adjoint differentiation of rows [r0, r1): forward pass, values, lambda = sum_o up_o O_o psi,
   * one backward sweep. Writes values to `value`, adds parameter gradients to `gp` and writes
   * input gradients to `gx` (row-major, rows x numInputs).
   */
  vjp(task: Task, obs: readonly (readonly PauliMasks[])[], upstream: ArrayLike<number>, r0: number, r1: number, value: Float64Array, gp: Float64Array, gx: Float64Array): void {
    this.forward(task, r0, r1, true);
    this.expect(obs, value, r0);
    const { prog } = task;
    const { B, L, team } = this;
    const N = L / B;
    const O = obs.length;
    const a0 = partStart(L, team), a1 = partEnd(L, team);
    this.lre.fill(0, a0, a1);
    this.lim.fill(0, a0, a1);
    const w = grow(new Float64Array(0), B);
    const i0 = partStart(N, team), i1 = partEnd(N, team);
    obs.forEach((terms, o) => {
      for (const t of terms) {
        for (let b = 0; b < B; b++) w[b] = t.coeff * (upstream[(r0 + b) * O + o] as number);
        addPauli(this.re, this.im, this.lre, this.lim, B, i0, i1, t, w);
      }
    });
    team.barrier();
    const ni = prog.numInputs;
    const acc = this.acc;
    for (let gi = prog.gates.length - 1; gi >= 0; gi--) {
      const g = prog.gates[gi]!;
      const step = prog.plain[gi]!;
      if (g.angles.length === 1 && g.angles[0]!.terms.length > 0 && (g.kind === 'm1' || g.kind === 'd1' || g.kind === 'd2')) {
        this.fusedBackward(g, step, r0, ni, gp, gx);
        continue;
      }
      this.applyStep(step, true, false);
      g.angles.forEach((a, which) => {
        if (a.terms.length === 0) return;
        acc.fill(0, 0, B);
        this.derivInner(g, which, acc);
        team.sum(acc, B);
        if (team.t !== 0) return;
        for (const t of a.terms) {
          if (t.source === 'param') {
            let s = 0;
            for (let b = 0; b < B; b++) s += acc[b]!;
            gp[t.index] = gp[t.index]! + t.coeff * s;
          } else {
            for (let b = 0; b < B; b++) {
              const o = (r0 + b) * ni + t.index;
              gx[o] = gx[o]! + t.coeff * acc[b]!;
            }
          }
        }
      });
      this.applyStep(step, true, true);
    }
    const amp = prog.amplitude;
    if (amp && team.t === 0) {
      // d f / d psi0_j = 2 Re lambda0_j; psi0 = x / |x| so grad_x = (g - (g . psi0) psi0) / |x|
      const D = 2 ** amp.k;
      for (let b = 0; b < B; b++) {
        let dot = 0;
        for (let j = 0; j < D; j++) dot += 2 * this.lre[j * B + b]! * this.re[j * B + b]!;
        const r = this.norms[b]!;
        const base = (r0 + b) * ni + amp.inputOffset;
        for (let j = 0; j < D; j++) {
          const g = 2 * this.lre[j * B + b]!;
          gx[base + j] = gx[base + j]! + (g - dot * this.re[j * B + b]!) / r;
        }
      }
    }
    team.barrier();
  }

  /**
   * One backward step in a single pass (kernels adj1, adj1ps, adjD2) for a gate with one
   * differentiable angle: psi and lambda go through the inverse gate, the inner product with the
   * derivative is accumulated on the way, then spread onto the angle's parameters and inputs.
   */
  private fusedBackward(g: CompiledGate, step: CompiledStep, r0: number, ni: number, gp: Float64Array, gx: Float64Array): void {
    const { B, L, team, acc } = this;
    const axis = g.gate === 'RX' ? 0 : g.gate === 'RY' ? 1 : g.gate === 'RZ' ? 2 : -1;
    if (axis >= 0) {
      this.rotationBackward(g, axis, r0, ni, gp, gx);
      return;
    }
    const us = this.stepCoefs(step, true);
    const rows = g.perSample ? B : 1;
    this.dcoef = grow(this.dcoef, rows * 8);
    const d = this.dcoef, vals = this.vals;
    for (let b = 0; b < rows; b++) gateDerivCoefs(g.gate, 0, vals[g.slot * B + b]!, 0, 0, d, b * 8);
    const ds = g.perSample ? 8 : 0;
    const q = g.qubits;
    const Sa = B * 2 ** q[0]!;
    let summed: number | null = null;
    if (g.kind === 'd2') {
      const p0 = partStart(L / 4, team), p1 = partEnd(L / 4, team);
      acc.fill(0, 0, B);
      K.adjD2(this.re, this.im, this.lre, this.lim, Sa, B * 2 ** q[1]!, B, p0, p1, this.coef, us, d, ds, acc);
      team.sum(acc, B);
    } else {
      const p0 = partStart(L / 2, team), p1 = partEnd(L / 2, team);
      if (us === 0 && ds === 0) {
        acc[0] = K.adj1(this.re, this.im, this.lre, this.lim, Sa, p0, p1, this.coef, d);
        team.sum(acc, 1);
        summed = acc[0]!;
      } else {
        acc.fill(0, 0, B);
        K.adj1ps(this.re, this.im, this.lre, this.lim, Sa, B, p0, p1, this.coef, us, d, ds, acc);
        team.sum(acc, B);
      }
    }
    if (team.T === 1) team.barrier();
    if (team.t !== 0) return;
    this.scatterAngleGradient(g, summed, r0, ni, gp, gx);
  }

  /**
   * Adds d/d(angle) (batch sum `summed`, or per sample in `acc`) to the gradients of the
   * parameters and inputs the gate's angle refers to, through its affine coefficients.
   */
  private scatterAngleGradient(g: CompiledGate, summed: number | null, r0: number, ni: number, gp: Float64Array, gx: Float64Array): void {
    const { B, acc } = this;
    for (const t of g.angles[0]!.terms) {
      if (t.source === 'param') {
        let s = summed ?? 0;
        if (summed === null) for (let b = 0; b < B; b++) s += acc[b]!;
        gp[t.index] = gp[t.index]! + t.coeff * s;
      } else {
        for (let b = 0; b < B; b++) {
          const o = (r0 + b) * ni + t.index;
          gx[o] = gx[o]! + t.coeff * acc[b]!;
        }
      }
    }
  }

  private dcoef: F64 = new Float64Array(8);

  /** Backward step of RX, RY, RZ by the generator form of the derivative (kernels adjRot, adjRotPs). */
  private rotationBackward(g: CompiledGate, axis: number, r0: number, ni: number, gp: Float64Array, gx: Float64Array): void {
    const { B, L, team, acc, vals } = this;
    const S = B * 2 ** g.qubits[0]!;
    const p0 = partStart(L / 2, team), p1 = partEnd(L / 2, team);
    let summed: number | null = null;
    if (!g.perSample) {
      const t = vals[g.slot * B]!;
      acc[0] = K.adjRot(this.re, this.im, this.lre, this.lim, S, p0, p1, axis, Math.cos(t / 2), Math.sin(t / 2));
      team.sum(acc, 1);
      summed = acc[0]!;
    } else {
      this.dcoef = grow(this.dcoef, 2 * B);
      const cs = this.dcoef;
      for (let b = 0; b < B; b++) {
        const t = vals[g.slot * B + b]!;
        cs[2 * b] = Math.cos(t / 2);
        cs[2 * b + 1] = Math.sin(t / 2);
      }
      acc.fill(0, 0, B);
      K.adjRotPs(this.re, this.im, this.lre, this.lim, S, B, p0, p1, axis, cs, acc);
      team.sum(acc, B);
    }
    if (team.T === 1) team.barrier();
    if (team.t !== 0) return;
    this.scatterAngleGradient(g, summed, r0, ni, gp, gx);
  }

  /** acc[b] += 2 Re <lambda_b| dG/dangle psi_b> for the current (pre-gate) psi. */
  private derivInner(g: CompiledGate, which: number, acc: Float64Array): void {
    const { B, L, team, vals } = this;
    const dk = derivKind(g.gate);
    const cs = dk === 'm2' ? 32 : 8;
    const rows = g.perSample ? B : 1;
    this.coef = grow(this.coef, rows * cs);
    const c = this.coef;
    for (let b = 0; b < rows; b++) {
      gateDerivCoefs(g.gate, which, vals[g.slot * B + b] ?? 0, vals[(g.slot + 1) * B + b] ?? 0, vals[(g.slot + 2) * B + b] ?? 0, c, b * cs);
    }
    const stride = g.perSample ? cs : 0;
    const q = g.qubits;
    const Sa = B * 2 ** q[0]!;
    if (q.length === 1) {
      const p0 = partStart(L / 2, team), p1 = partEnd(L / 2, team);
      K.innerM1(this.re, this.im, this.lre, this.lim, Sa, B, p0, p1, c, stride, acc);
      return;
    }
    const Sb = B * 2 ** q[1]!;
    const p0 = partStart(L / 4, team), p1 = partEnd(L / 4, team);
    if (dk === 'cm1') K.innerCM1(this.re, this.im, this.lre, this.lim, Sa, Sb, B, p0, p1, c, stride, acc);
    else if (dk === 'd2') {
      // expand the 4 diagonal entries into a 4x4 for the general inner product
      const big = (this.m4 = grow(this.m4, rows * 32));
      big.fill(0, 0, rows * 32);
      for (let b = 0; b < rows; b++) for (let k = 0; k < 4; k++) {
        big[b * 32 + k * 8 + k * 2] = c[b * 8 + k * 2]!;
        big[b * 32 + k * 8 + k * 2 + 1] = c[b * 8 + k * 2 + 1]!;
      }
      K.innerM2(this.re, this.im, this.lre, this.lim, Sa, Sb, B, p0, p1, big, g.perSample ? 32 : 0, acc);
    } else K.innerM2(this.re, this.im, this.lre, this.lim, Sa, Sb, B, p0, p1, c, stride, acc);
  }

  private m4: F64 = new Float64Array(32);

  /** The state of row `b` of the last forward pass (amplitude i at re[i * B + b]). */
  state(): { re: Float64Array; im: Float64Array; B: number; L: number } {
    return { re: this.re, im: this.im, B: this.B, L: this.L };
  }
}

