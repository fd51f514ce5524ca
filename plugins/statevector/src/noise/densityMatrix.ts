import { type CompiledCircuit, evaluateAngle, gateCoefs, krausOperators, type NoiseEvent, type PauliMasks } from '@hqml/core/browser';
import * as K from '../engine/kernels.js';

/** Largest qubit count the density-matrix simulator accepts (a 4^10 complex matrix is 16 MiB). */
export const DENSITY_MATRIX_MAX_QUBITS = 10;

/**
 * Exact noisy simulation by a density matrix, for small circuits and as the reference that
 * quantum trajectories are tested against.
 *
 * rho is stored as a vector of 2n qubits, `rho[row + N col]`: a gate U on qubit q acts as
 * `U (x) conj(U)` on qubits q (rows) and q + n (columns), so the statevector kernels apply
 * unchanged, and a channel is `sum_k K_k (x) conj(K_k)`.
 */
export class DensityMatrix {
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly tre: Float64Array;
  private readonly tim: Float64Array;
  private readonly are: Float64Array;
  private readonly aim: Float64Array;
  private readonly c = new Float64Array(32);
  private readonly cc = new Float64Array(32);
  readonly N: number;

  constructor(readonly n: number) {
    this.N = 2 ** n;
    const L = this.N * this.N;
    this.re = new Float64Array(L);
    this.im = new Float64Array(L);
    this.tre = new Float64Array(L);
    this.tim = new Float64Array(L);
    this.are = new Float64Array(L);
    this.aim = new Float64Array(L);
  }

  /** Runs `prog` for one sample (its inputs at `inputs[offset..]`), with channels after gates. */
  run(prog: CompiledCircuit, params: ArrayLike<number>, inputs: ArrayLike<number> | undefined, offset: number, events: readonly (readonly NoiseEvent[])[], shift: { slot: number; delta: number } | null, ampShift: { j: number; delta: number } | null): void {
    const { re, im, N } = this;
    re.fill(0);
    im.fill(0);
    const amp = prog.amplitude;
    if (amp) {
      const D = 2 ** amp.k;
      const v = new Float64Array(D);
      let s = 0;
      for (let j = 0; j < D; j++) s += (inputs![offset + amp.inputOffset + j] as number) ** 2;
      const r = Math.sqrt(s);
      for (let j = 0; j < D; j++) v[j] = (inputs![offset + amp.inputOffset + j] as number) / r;
      if (ampShift) v[ampShift.j] = v[ampShift.j]! + ampShift.delta;
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) re[i + N * j] = v[i]! * v[j]!;
    } else re[0] = 1;
    prog.gates.forEach((g, gi) => {
      const t = [0, 0, 0];
      g.angles.forEach((a, w) => {
        t[w] = evaluateAngle(a, params, inputs, offset) + (shift && shift.slot === g.slot + w ? shift.delta : 0);
      });
      gateCoefs(g.gate, t[0]!, t[1]!, t[2]!, this.c, 0);
      this.apply(g.kind, g.qubits, this.c, re, im);
      for (const ev of events[gi] ?? []) this.channel(ev);
    });
  }

  private apply(kind: string, q: readonly number[], c: Float64Array, re: Float64Array, im: Float64Array): void {
    const { n } = this;
    const L = this.N * this.N;
    const conj = this.cc;
    conj.set(c);
    // conj(U): negate imaginary parts (a diagonal/2x2/4x4 layout alike)
    for (let k = 1; k < 32; k += 2) conj[k] = -conj[k]!;
    for (const [qs, m] of [[q, c], [q.map((x) => x + n), conj]] as const) {
      const Sa = 2 ** qs[0]!;
      const Sb = qs.length > 1 ? 2 ** qs[1]! : 0;
      switch (kind) {
        case 'm1': K.m1(re, im, Sa, 0, L / 2, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!); break;
        case 'd1': K.d1(re, im, Sa, 0, L / 2, m[0]!, m[1]!, m[6]!, m[7]!); break;
        case 'x': K.px(re, im, Sa, 0, L / 2); break;
        case 'y': K.m1(re, im, Sa, 0, L / 2, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!); break;
        case 'cx': K.cx(re, im, Sa, Sb, 0, L / 4); break;
        case 'cz': K.cz(re, im, Sa, Sb, 0, L / 4); break;
        case 'swap': K.swap(re, im, Sa, Sb, 0, L / 4); break;
        case 'cm1': K.cm1(re, im, Sa, Sb, 0, L / 4, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!); break;
        case 'd2': K.d2(re, im, Sa, Sb, 1, 0, L / 4, m, 0); break;
        case 'm2': K.m2(re, im, Sa, Sb, 1, 0, L / 4, m, 0); break;
        default: break;
      }
    }
  }

  /** rho <- sum_k K rho K^dagger for the event's channel. */
  private channel(ev: NoiseEvent): void {
    const { re, im, tre, tim, are, aim } = this;
    are.fill(0);
    aim.fill(0);
    for (const k of krausOperators(ev.kind, ev.p)) {
      tre.set(re);
      tim.set(im);
      this.apply('m1', [ev.qubit], k, tre, tim);
      for (let i = 0; i < are.length; i++) {
        are[i] = are[i]! + tre[i]!;
        aim[i] = aim[i]! + tim[i]!;
      }
    }
    re.set(are);
    im.set(aim);
  }

  /** Tr(P rho) for a Pauli term (without its coefficient). */
  pauliExpectation(m: PauliMasks): number {
    const { re, im, N } = this;
    let s = 0;
    for (let k = 0; k < N; k++) {
      const idx = k + N * (k ^ m.x);
      let par = k & m.z;
      par ^= par >>> 16; par ^= par >>> 8; par ^= par >>> 4; par ^= par >>> 2; par ^= par >>> 1;
      const sgn = par & 1 ? -1 : 1;
      const r = re[idx]!, i = im[idx]!;
      // Re(i^ny (r + i i))
      const v = m.ny === 0 ? r : m.ny === 1 ? -i : m.ny === 2 ? -r : i;
      s += sgn * v;
    }
    return s;
  }

  /** Probabilities of `qubits` (qubits[0] least significant), added into out[offset..]. */
  probabilities(qubits: readonly number[], out: Float64Array, offset: number): void {
    const { re, N } = this;
    for (let i = 0; i < N; i++) {
      let idx = 0;
      for (let j = 0; j < qubits.length; j++) idx += ((i >>> qubits[j]!) & 1) << j;
      out[offset + idx] = out[offset + idx]! + re[i + N * i]!;
    }
  }
}

