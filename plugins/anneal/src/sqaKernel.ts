import type { ReadControl } from './job.js';
import type { CompiledProblem } from './problem.js';
import { initFields } from './sweep.js';

/** Simulated-quantum-annealing parameters as the kernels see them (energies in kernel units). */
export interface SqaParams {
  readonly kind: 'sqa';
  /** Trotter slices P. */
  readonly slices: number;
  /** Inverse temperature of the quantum system (kernel units). */
  readonly beta: number;
  /** Transverse field Gamma at each sweep (kernel units). */
  readonly gammas: Float64Array;
  /** Problem-Hamiltonian factor B at each sweep (dimensionless). */
  readonly problemScales: Float64Array;
  /** Also try flipping a spin in all slices at once after each sweep. */
  readonly globalMoves: boolean;
}

/** Per-job scratch of SQA: P slices of spins and local fields. */
export interface SqaPrepared {
  readonly p: CompiledProblem;
  readonly params: SqaParams;
  readonly s: Int8Array;
  readonly f: Float64Array;
  readonly energy: Float64Array;
}

/** Allocates the P x n path. */
export function prepareSqa(p: CompiledProblem, params: SqaParams): SqaPrepared {
  const P = params.slices;
  return { p, params, s: new Int8Array(P * p.n), f: new Float64Array(P * p.n), energy: new Float64Array(P) };
}

/**
 * The Trotter coupling between neighbouring slices, J_perp = -1/2 ln tanh(beta Gamma / P)
 * (Suzuki-Trotter mapping of a transverse-field Ising model onto P coupled classical copies).
 * Capped where Gamma ~ 0 makes it infinite: at 20 a slice flip against both neighbours already
 * costs exp(-80).
 */
export function trotterCoupling(beta: number, gamma: number, slices: number): number {
  const x = (beta * gamma) / slices;
  if (!(x > 0)) return 20;
  return Math.min(20, -0.5 * Math.log(Math.tanh(x)));
}

/**
 * One SQA read by path-integral Monte Carlo. The classical action of the path is
 * `S = (beta B / P) sum_k E(s^k) - J_perp sum_k sum_i s_i^k s_i^{k+1}` (periodic in k); each
 * sweep makes a Metropolis pass over every spin of every slice, then (optionally) a pass of
 * global moves that flip spin i in all slices (which leaves the Trotter term unchanged) at the
 * sweep's Gamma and B. All slices start from `s`; the lowest-energy slice at the end is written
 * back to `s`. Returns the attempts made.
 */
export function sqaRead(prep: SqaPrepared, s0: Int8Array, rng: Int32Array, ctl?: ReadControl): number {
  const { p, params, s, f, energy } = prep;
  const { n, offsets, neighbors, weights } = p;
  const { slices: P, beta, gammas, problemScales, globalMoves } = params;
  for (let k = 0; k < P; k++) {
    s.set(s0, k * n);
    energy[k] = initFields(p, s.subarray(k * n, (k + 1) * n), f.subarray(k * n, (k + 1) * n));
  }
  let x = rng[0]!;
  let y = rng[1]!;
  let z = rng[2]!;
  let r = rng[3]!;
  const deadline = ctl?.deadline ?? Infinity;
  for (let t = 0; t < gammas.length; t++) {
    if (deadline !== Infinity && Date.now() >= deadline) {
      ctl!.aborted = true;
      return (P + (globalMoves ? 1 : 0)) * n * t;
    }
    const bs = (2 * beta * problemScales[t]!) / P;
    const jp2 = 2 * trotterCoupling(beta, gammas[t]!, P);
    for (let k = 0; k < P; k++) {
      const base = k * n;
      const prev = ((k + P - 1) % P) * n;
      const next = ((k + 1) % P) * n;
      let dE = 0;
      for (let i = 0; i < n; i++) {
        const sv = s[base + i]!;
        const a = -sv * f[base + i]!;
        const d = bs * a + jp2 * sv * (s[prev + i]! + s[next + i]!);
        if (d > 0) {
          if (d > 22.2) continue;
          const q = x ^ (x << 11);
          x = y;
          y = z;
          z = r;
          r = r ^ (r >>> 19) ^ q ^ (q >>> 8);
          if ((r >>> 0) * 2.3283064365386963e-10 >= Math.exp(-d)) continue;
        }
        dE += 2 * a;
        const c = -2 * sv;
        for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) f[base + neighbors[e]!]! += c * weights[e]!;
        s[base + i] = -sv;
      }
      energy[k]! += dE;
    }
    if (globalMoves) {
      for (let i = 0; i < n; i++) {
        let a = 0;
        for (let k = 0; k < P; k++) a -= s[k * n + i]! * f[k * n + i]!;
        const d = bs * a;
        if (d > 0) {
          if (d > 22.2) continue;
          const q = x ^ (x << 11);
          x = y;
          y = z;
          z = r;
          r = r ^ (r >>> 19) ^ q ^ (q >>> 8);
          if ((r >>> 0) * 2.3283064365386963e-10 >= Math.exp(-d)) continue;
        }
        for (let k = 0; k < P; k++) {
          const base = k * n;
          const sv = s[base + i]!;
          energy[k]! -= 2 * sv * f[base + i]!;
          const c = -2 * sv;
          for (let e = offsets[i]!, end = offsets[i + 1]!; e < end; e++) f[base + neighbors[e]!]! += c * weights[e]!;
          s[base + i] = -sv;
        }
      }
    }
  }
  rng[0] = x;
  rng[1] = y;
  rng[2] = z;
  rng[3] = r;
  let bestK = 0;
  for (let k = 1; k < P; k++) if (energy[k]! < energy[bestK]!) bestK = k;
  s0.set(s.subarray(bestK * n, (bestK + 1) * n));
  return (P + (globalMoves ? 1 : 0)) * n * gammas.length;
}
