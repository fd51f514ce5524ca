import { ValidationError, describeValue } from '@hqml/core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { type AnnealerSpec, checkAnnealerSpec, scheduleSize } from './annealerSpec.js';
import type { ControlTerm } from './controlTerms.js';

/** Largest qubit count of the exact reference (a dense 2^n x 2^n eigen-decomposition per step). */
export const EXACT_MAX_QUBITS = 8;

/**
 * The Hamiltonian sum_j c_j H_j as a dense real symmetric matrix (X, Z and ZZ are real), basis
 * index with qubit 0 as the least significant bit.
 */
export function hamiltonianMatrix(numQubits: number, terms: readonly ControlTerm[], coeffs: ArrayLike<number>): Matrix {
  const N = 2 ** numQubits;
  const h = Matrix.zeros(N, N);
  terms.forEach((t, j) => {
    const c = coeffs[j] as number;
    if (c === 0) return;
    for (let i = 0; i < N; i++) {
      if (t.kind === 'X') {
        const k = i ^ (1 << t.qubits[0]!);
        h.set(k, i, h.get(k, i) + c);
      } else {
        let parity = (i >> t.qubits[0]!) & 1;
        if (t.kind === 'ZZ') parity ^= (i >> t.qubits[1]!) & 1;
        h.set(i, i, h.get(i, i) + (parity ? -c : c));
      }
    }
  });
  return h;
}

/**
 * The exact final state of the piecewise-constant evolution from |0...0> (no Trotter error):
 * per step, H_k = V diag(e) V^T, so exp(-i H_k dt) psi = V (e^{-i e dt} * (V^T psi)).
 * `schedule` holds steps x terms amplitudes (step-major). For tests and small n only.
 */
export function exactEvolution(spec: AnnealerSpec, schedule: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  checkAnnealerSpec(spec);
  if (spec.numQubits > EXACT_MAX_QUBITS) {
    throw new ValidationError({ what: `exactEvolution of ${spec.numQubits} qubits`, why: `the dense reference is limited to ${EXACT_MAX_QUBITS} qubits`, fix: 'Compare on fewer qubits' });
  }
  if (schedule.length !== scheduleSize(spec)) {
    throw new ValidationError({ what: `schedule has ${describeValue(schedule.length)} values`, why: `the spec has ${spec.steps} steps x ${spec.terms.length} terms`, fix: `Pass ${scheduleSize(spec)} values, step-major` });
  }
  const N = 2 ** spec.numQubits;
  const m = spec.terms.length;
  const dt = spec.totalTime / spec.steps;
  let re = new Float64Array(N);
  let im = new Float64Array(N);
  re[0] = 1;
  for (let k = 0; k < spec.steps; k++) {
    const coeffs = Array.from({ length: m }, (_, j) => schedule[k * m + j] as number);
    const eig = new EigenvalueDecomposition(hamiltonianMatrix(spec.numQubits, spec.terms, coeffs), { assumeSymmetric: true });
    const V = eig.eigenvectorMatrix;
    const e = eig.realEigenvalues;
    const ar = new Float64Array(N), ai = new Float64Array(N);
    for (let a = 0; a < N; a++) {
      let sr = 0, si = 0;
      for (let i = 0; i < N; i++) {
        const v = V.get(i, a);
        sr += v * re[i]!;
        si += v * im[i]!;
      }
      const c = Math.cos(e[a]! * dt), s = -Math.sin(e[a]! * dt);
      ar[a] = c * sr - s * si;
      ai[a] = c * si + s * sr;
    }
    const nr = new Float64Array(N), ni = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      let sr = 0, si = 0;
      for (let a = 0; a < N; a++) {
        const v = V.get(i, a);
        sr += v * ar[a]!;
        si += v * ai[a]!;
      }
      nr[i] = sr;
      ni[i] = si;
    }
    re = nr;
    im = ni;
  }
  return { re, im };
}
