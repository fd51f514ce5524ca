import { CircuitBuilder, compileCircuit, type Execution, type GateName, input, type Observable, param, parseObservable, pauliZ } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { studentCircuit, trotterCircuit } from './benchSuite.js';
import { batchPlan } from './engine/batchSim.js';
import { StatevectorBackend } from './statevectorBackend.js';
import { centralDifferences, expectClose } from './test/finiteDifferences.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

// The batch engine (WebAssembly SIMD, batchSim.ts) against the general engine (sim.ts, reached
// here through the sample-outermost layout, which the batch engine never takes), finite
// differences, and itself across threads and the deferred VJP.
const solo = new StatevectorBackend({ threads: 1 });
const duo = new StatevectorBackend({ threads: 2, minThreadedWork: 0 });
const reference = new StatevectorBackend({ threads: 1, batchLayout: 'sample-outermost' });
afterAll(() => {
  solo.dispose();
  duo.dispose();
  reference.dispose();
});

/** Every gate the batch engine runs; differentiable angles only on RX, RY, RZ, RZZ. */
const BATCH_GATES: readonly GateName[] = ['H', 'X', 'Y', 'Z', 'S', 'Sdg', 'T', 'Tdg', 'SX', 'RX', 'RY', 'RZ', 'CNOT', 'CZ', 'SWAP', 'RZZ'];

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

function observablesFor(n: number): Observable[] {
  const obs = Array.from({ length: n }, (_, q) => pauliZ(q));
  if (n >= 2) obs.push(parseObservable('0.5*X0 Y1 + 0.25*Z0 Z1 - 0.1'));
  return obs;
}

describe('batch engine (WebAssembly SIMD) = general engine', () => {
  for (const [n, depth, seed] of [[1, 20, 1], [2, 40, 2], [3, 60, 3], [5, 80, 4]] as const) {
    for (const rows of [1, 6, 33]) {
      it(`random ${n}-qubit circuit (${depth} gates), ${rows} rows: values, VJP, deferred VJP, amplitudes, 1 and 2 threads`, () => {
        const c = randomCircuit(n, depth, seed * 10 + rows, { numParams: 4, numInputs: 3, gates: BATCH_GATES });
        expect(batchPlan(compileCircuit(c))).not.toBeNull();
        const e: Execution = { circuit: c, params: randomValues(4, seed), inputs: randomValues(3 * rows, seed + 1) };
        const obs = observablesFor(n);
        const up = randomValues(rows * obs.length, seed + 2);
        const want = reference.vjp(e, obs, up);
        const amps = reference.amplitudes(e);
        for (const b of [solo, duo]) {
          expect(maxDiff(b.expectation(e, obs), want.value)).toBeLessThan(1e-13);
          const got = b.vjp(e, obs, up);
          expect(maxDiff(got.value, want.value)).toBeLessThan(1e-13);
          expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
          expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
          const deferred = b.expectationWithVjp(e, obs);
          expect(maxDiff(deferred.value, want.value)).toBeLessThan(1e-13);
          for (let k = 0; k < 2; k++) {
            const d = deferred.vjp(up);
            expect(maxDiff(d.params, want.params)).toBeLessThan(1e-12);
            expect(maxDiff(d.inputs, want.inputs)).toBeLessThan(1e-13);
          }
          const a = b.amplitudes(e);
          expect(maxDiff(a.re, amps.re)).toBeLessThan(1e-13);
          expect(maxDiff(a.im, amps.im)).toBeLessThan(1e-13);
        }
      });
    }
  }

  it('blocked sweep (6+ qubits, one-qubit gates, CNOT and SWAP only: psi checkpoints, gradients from pair sums) = general engine', () => {
    const gates: readonly GateName[] = ['H', 'X', 'Y', 'Z', 'S', 'T', 'SX', 'RX', 'RY', 'RZ', 'RX', 'RY', 'RZ', 'CNOT', 'SWAP'];
    for (const [n, depth, seed] of [[6, 60, 61], [7, 90, 62]] as const) {
      for (const rows of [1, 7]) {
        const c = randomCircuit(n, depth, seed * 10 + rows, { numParams: 4, numInputs: 3, gates });
        expect(batchPlan(compileCircuit(c))?.blocked).not.toBeNull();
        const e: Execution = { circuit: c, params: randomValues(4, seed), inputs: randomValues(3 * rows, seed + 1) };
        const obs = observablesFor(n);
        const up = randomValues(rows * obs.length, seed + 2);
        const want = reference.vjp(e, obs, up);
        for (const b of [solo, duo]) {
          const got = b.vjp(e, obs, up);
          expect(maxDiff(got.value, want.value)).toBeLessThan(1e-13);
          expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
          expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
          // the deferred VJP restores the kept psi checkpoints
          const d = b.expectationWithVjp(e, obs);
          expect(maxDiff(d.value, want.value)).toBeLessThan(1e-13);
          const dv = d.vjp(up);
          expect(maxDiff(dv.params, want.params)).toBeLessThan(1e-12);
          expect(maxDiff(dv.inputs, want.inputs)).toBeLessThan(1e-13);
        }
        const N = 2 ** n;
        const ur = randomValues(rows * N, seed + 3), ui = randomValues(rows * N, seed + 4);
        const sw = reference.stateVjp(e, ur, ui);
        const sg = solo.stateVjp(e, ur, ui);
        expect(maxDiff(sg.params, sw.params)).toBeLessThan(1e-12);
        expect(maxDiff(sg.inputs, sw.inputs)).toBeLessThan(1e-13);
      }
    }
  });

  it('the student workload (batch 300, 4 and 8 qubits) on two threads matches the general engine', () => {
    for (const n of [4, 8]) {
      const c = studentCircuit(n, 4);
      const e: Execution = { circuit: c, params: randomValues(c.numParams, n), inputs: randomValues(300 * n, n + 1) };
      const obs = observablesFor(n);
      const up = randomValues(300 * obs.length, n + 2);
      const want = reference.vjp(e, obs, up);
      const got = duo.expectationWithVjp(e, obs);
      expect(maxDiff(got.value, want.value)).toBeLessThan(1e-13);
      const g = got.vjp(up);
      expect(maxDiff(g.params, want.params)).toBeLessThan(1e-11);
      expect(maxDiff(g.inputs, want.inputs)).toBeLessThan(1e-13);
    }
  });

  it('per-sample runs: dense angle encoding (RY then RZ of inputs), input rotations after constant gates, mixed runs', () => {
    const g = new CircuitBuilder(3, { numInputs: 6, numParams: 4 });
    for (let q = 0; q < 3; q++) g.ry(q, input(2 * q)).rz(q, input(2 * q + 1));
    g.h(0).rx(0, input(1, 0.5)).ry(0, param(0)).rz(1, param(1)).rx(1, input(3)).ry(1, input(4)).rz(1, param(2));
    g.cnot(0, 1).cnot(1, 2).rz(2, param(3)).rx(2, input(5)).t(2).ry(2, input(0, -1));
    const c = g.build();
    expect(batchPlan(compileCircuit(c))).not.toBeNull();
    const rows = 5;
    const e: Execution = { circuit: c, params: randomValues(4, 21), inputs: randomValues(6 * rows, 22) };
    const obs = observablesFor(3);
    const up = randomValues(rows * obs.length, 23);
    const want = reference.vjp(e, obs, up);
    const got = solo.vjp(e, obs, up);
    expect(maxDiff(got.value, want.value)).toBeLessThan(1e-13);
    expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
    expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
  });

  it('the Trotterized annealer evolution (per-sample RX, RZ, RZZ ring) matches the general engine', () => {
    const c = trotterCircuit(4, 3);
    expect(batchPlan(compileCircuit(c))).not.toBeNull();
    const rows = 9;
    const e: Execution = { circuit: c, params: [], inputs: randomValues(c.numInputs * rows, 31) };
    const obs = observablesFor(4);
    const up = randomValues(rows * obs.length, 32);
    const want = reference.vjp(e, obs, up);
    for (const b of [solo, duo]) {
      const got = b.vjp(e, obs, up);
      expect(maxDiff(got.value, want.value)).toBeLessThan(1e-13);
      expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
      const a = b.amplitudes(e);
      const r = reference.amplitudes(e);
      expect(maxDiff(a.re, r.re)).toBeLessThan(1e-13);
      expect(maxDiff(a.im, r.im)).toBeLessThan(1e-13);
    }
  });

  it('state VJP (StateProvider) on the batch engine = the general sweep (stateVjp.ts), 1 and 2 threads', () => {
    for (const [n, seed] of [[2, 41], [4, 42]] as const) {
      const c = randomCircuit(n, 50, seed, { numParams: 3, numInputs: 2, gates: BATCH_GATES });
      expect(batchPlan(compileCircuit(c))).not.toBeNull();
      const rows = 40;
      const e: Execution = { circuit: c, params: randomValues(3, seed), inputs: randomValues(2 * rows, seed + 1) };
      const N = 2 ** n;
      const ur = randomValues(rows * N, seed + 2), ui = randomValues(rows * N, seed + 3);
      const want = reference.stateVjp(e, ur, ui);
      for (const b of [solo, duo]) {
        const got = b.stateVjp(e, ur, ui);
        expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
        expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
      }
    }
    // amplitude encoding: the gradient goes through the normalisation
    const c = new CircuitBuilder(2, { numInputs: 5, numParams: 1 }).amplitude(2, 1).ry(0, param(0)).cnot(0, 1).rz(1, input(0)).build();
    expect(batchPlan(compileCircuit(c))).not.toBeNull();
    const e: Execution = { circuit: c, params: [0.7], inputs: randomValues(5 * 3, 51) };
    const ur = randomValues(12, 52), ui = randomValues(12, 53);
    const want = reference.stateVjp(e, ur, ui);
    const got = solo.stateVjp(e, ur, ui);
    expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
    expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
  });

  it('VJP equals central differences (amplitude encoding, constant U3 and P, every supported gate)', () => {
    const c = new CircuitBuilder(3, { numInputs: 10, numParams: 3 })
      .amplitude(3, 2).ry(0, param(0)).u3(1, 0.3, -0.7, 1.1).p(2, 0.4).rz(0, param(1, 0.5)).rx(2, input(0)).cnot(0, 1).cz(1, 2).swap(0, 2)
      .ry(1, param(2)).rz(1, param(0, -1)).h(2).rz(2, input(1, 2)).x(0).cnot(2, 0).sx(1).rzz(0, 2, param(1, 0.7)).rzz(1, 2, input(2)).build();
    expect(batchPlan(compileCircuit(c))).not.toBeNull();
    const rows = 3;
    const e: Execution = { circuit: c, params: [0.3, -1.1, 0.8], inputs: randomValues(10 * rows, 7) };
    const obs = [parseObservable('Z0 + 0.5*X1'), parseObservable('Y2 Z0')];
    const up = randomValues(rows * 2, 8);
    const got = solo.vjp(e, obs, up);
    const fd = centralDifferences(e, (p, x) => {
      const v = solo.expectation({ circuit: c, params: p, ...(x ? { inputs: x } : {}) }, obs);
      return v.reduce((s, y, i) => s + y * up[i]!, 0);
    });
    expectClose(got.params, fd.params);
    expectClose(got.inputs, fd.inputs);
    const want = reference.vjp(e, obs, up);
    expect(maxDiff(got.params, want.params)).toBeLessThan(1e-12);
    expect(maxDiff(got.inputs, want.inputs)).toBeLessThan(1e-13);
  });

  it('plans: a CNOT ring is one permutation pass, RY then RZ one backward pass; other gates fall back', () => {
    const plan = batchPlan(compileCircuit(studentCircuit(4, 2)))!;
    expect(plan.fwd.filter((o) => o.op === 'perm')).toHaveLength(2);
    expect(plan.bwd.filter((o) => o.op === 'perm')).toHaveLength(2);
    expect(plan.prefix).toBe(4); // encoding + first layer on |0000>: one product-state pass
    expect(plan.bwd.filter((o) => o.op === 'rot2')).toHaveLength(8);
    expect(plan.bwd.filter((o) => o.op === 'rot')).toHaveLength(4); // the per-sample encoding
    const other = new CircuitBuilder(2, { numParams: 1 }).ry(0, param(0)).crx(0, 1, 0.3).build();
    expect(batchPlan(compileCircuit(other))).toBeNull();
    const phase = new CircuitBuilder(1, { numParams: 1 }).p(0, param(0)).build();
    expect(batchPlan(compileCircuit(phase))).toBeNull();
    // the fallback still answers expectationWithVjp (by recomputing)
    const e: Execution = { circuit: other, params: [0.4] };
    const obs = [parseObservable('Z1')];
    const d = solo.expectationWithVjp(e, obs);
    expect(maxDiff(d.value, reference.expectation(e, obs))).toBeLessThan(1e-14);
    expect(maxDiff(d.vjp([1]).params, reference.vjp(e, obs, [1]).params)).toBeLessThan(1e-14);
  });
});
