import { type Execution, type Observable, parseObservable, pauliZ } from '@hqml/core';
import { RANDOM_GATES, randomCircuit, randomValues } from '@hqml/core/testing';
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

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

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
        expect(maxDiff(gpu.expectation(e, obs), cpu.expectation(e, obs))).toBeLessThan(TOL);
        expect(maxDiff(gpu.probabilities(e), cpu.probabilities(e))).toBeLessThan(TOL);
        if (n >= 3) expect(maxDiff(gpu.probabilities(e, [2, 0]), cpu.probabilities(e, [2, 0]))).toBeLessThan(TOL);
        const a = gpu.amplitudes(e);
        const want = cpu.amplitudes(e);
        expect(maxDiff(a.re, want.re)).toBeLessThan(TOL);
        expect(maxDiff(a.im, want.im)).toBeLessThan(TOL);
        const ref = cpu.vjp(e, obs, up, 'adjoint');
        for (const method of ['adjoint', 'parameter-shift'] as const) {
          const g = gpu.vjp(e, obs, up, method);
          expect(maxDiff(g.value, ref.value)).toBeLessThan(TOL);
          expect(maxDiff(g.params, ref.params)).toBeLessThan(TOL);
          expect(maxDiff(g.inputs, ref.inputs)).toBeLessThan(TOL);
        }
        const ur = randomValues(rows * 2 ** n, seed + 3);
        const ui = randomValues(rows * 2 ** n, seed + 4);
        const sv = gpu.stateVjp(e, ur, ui);
        const svRef = cpu.stateVjp(e, ur, ui);
        expect(maxDiff(sv.params, svRef.params)).toBeLessThan(TOL);
        expect(maxDiff(sv.inputs, svRef.inputs)).toBeLessThan(TOL);
      });
    }
  }
});
