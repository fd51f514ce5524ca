import { CircuitBuilder, type Execution, type Observable, param, parseObservable, pauliZ } from '@hqml/core';
import { RANDOM_GATES, randomCircuit, randomValues, maxAbsDiff } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorGpu } from './statevectorGpu.js';

// statevector-gpu (complex64 on gpu.js kernels) against the float64 `statevector` backend on
// random circuits drawing from every gate of the IR, with parameters, per-sample inputs and
// affine angles: every value and gradient within 1e-5.
const cpu = new StatevectorBackend({ threads: 1 });
const gpu = new StatevectorGpu();
afterAll(() => {
  cpu.dispose();
  gpu.dispose();
});

function observablesFor(n: number): Observable[] {
  const obs = Array.from({ length: n }, (_, q) => pauliZ(q));
  if (n >= 2) obs.push(parseObservable('0.5*X0 Y1 + 0.25*Z0 Z1 - 0.1'));
  if (n >= 3) obs.push(parseObservable(`Y${n - 1} X1 Z0 - 0.3*X${n - 2}`));
  return obs;
}

const TOL = 1e-5;

describe('statevector-gpu = statevector (float64) to 1e-5 on random circuits with every gate kind', () => {
  for (const [n, depth, seed] of [[1, 20, 1], [2, 40, 2], [3, 60, 3], [5, 90, 4], [7, 120, 5]] as const) {
    for (const rows of [1, 5]) {
      it(`${n} qubits, ${depth} gates, ${rows} row(s): expectation, probabilities, amplitudes, samples, adjoint and parameter-shift VJPs, state VJP`, () => {
        const c = randomCircuit(n, depth, seed * 100 + rows, { numParams: 4, numInputs: 3, gates: RANDOM_GATES });
        const e: Execution = { circuit: c, params: randomValues(4, seed), inputs: randomValues(3 * rows, seed + 1) };
        const obs = observablesFor(n);
        const up = randomValues(rows * obs.length, seed + 2);
        expect(maxAbsDiff(gpu.expectation(e, obs), cpu.expectation(e, obs))).toBeLessThan(TOL);
        expect(maxAbsDiff(gpu.probabilities(e), cpu.probabilities(e))).toBeLessThan(TOL);
        if (n >= 3) expect(maxAbsDiff(gpu.probabilities(e, [2, 0]), cpu.probabilities(e, [2, 0]))).toBeLessThan(TOL);
        const a = gpu.amplitudes(e);
        const want = cpu.amplitudes(e);
        expect(maxAbsDiff(a.re, want.re)).toBeLessThan(TOL);
        expect(maxAbsDiff(a.im, want.im)).toBeLessThan(TOL);
        const ref = cpu.vjp(e, obs, up, 'adjoint');
        for (const method of ['adjoint', 'parameter-shift'] as const) {
          const g = gpu.vjp(e, obs, up, method);
          expect(maxAbsDiff(g.value, ref.value)).toBeLessThan(TOL);
          expect(maxAbsDiff(g.params, ref.params)).toBeLessThan(TOL);
          expect(maxAbsDiff(g.inputs, ref.inputs)).toBeLessThan(TOL);
        }
        const shots = 2000;
        const sg = gpu.sample(e, shots, 9);
        const sc = cpu.sample(e, shots, 9);
        // the same seed draws the same uniforms; outcomes differ only where a float32 cumulative sum moves a boundary past one
        expect(Array.from(sg).filter((v, i) => v !== sc[i]).length).toBeLessThanOrEqual(rows * shots * 0.002);
        const ur = randomValues(rows * 2 ** n, seed + 3);
        const ui = randomValues(rows * 2 ** n, seed + 4);
        const sv = gpu.stateVjp(e, ur, ui);
        const svRef = cpu.stateVjp(e, ur, ui);
        expect(maxAbsDiff(sv.params, svRef.params)).toBeLessThan(TOL);
        expect(maxAbsDiff(sv.inputs, svRef.inputs)).toBeLessThan(TOL);
      });
    }
  }
});

describe('gradients of deep circuits in float32', () => {
  it('adjoint (psi restored from checkpoints) stays within 1e-5 of float64 over 1500 gates; parameter shift over 300', () => {
    const deep = (gates: number) => {
      const n = 6;
      const P = 12;
      const b = new CircuitBuilder(n, { numParams: P });
      let k = 0;
      for (let l = 0; l < gates / (3 * n); l++) {
        for (let q = 0; q < n; q++) b.ry(q, param(k++ % P, 1 + 0.01 * l)).rz(q, 0.3 * q + l);
        for (let q = 0; q < n; q++) b.cnot(q, (q + 1) % n);
      }
      return { circuit: b.build(), params: Array.from({ length: P }, (_, i) => 0.1 * i - 0.5) };
    };
    const obs = [parseObservable('Z0 Z1 + 0.5*X2')];
    for (const [gates, method] of [[1500, 'adjoint'], [300, 'parameter-shift']] as const) {
      const e = deep(gates);
      const want = cpu.vjp(e, obs, [1]);
      const got = gpu.vjp(e, obs, [1], method);
      expect(maxAbsDiff(got.params, want.params)).toBeLessThan(1e-5);
    }
  });
});
