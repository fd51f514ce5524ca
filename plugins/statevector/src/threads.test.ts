import { CircuitBuilder, ResourceError, input, param, parseObservable } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

const solo = new StatevectorBackend({ threads: 1 });
const duo = new StatevectorBackend({ threads: 2, minThreadedWork: 0 });
afterAll(() => {
  solo.dispose();
  duo.dispose();
});

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('two threads give the results of one', () => {
  it('starts its worker thread', () => {
    expect(duo.parallel()).toBe(true);
    expect(solo.parallel()).toBe(false);
  });

  it('with the default minThreadedWork, a small batch gives the same results as with every batch split', () => {
    const auto = new StatevectorBackend({ threads: 2 });
    try {
      const c = randomCircuit(4, 30, 33, { numParams: 3, numInputs: 4 });
      const rows = 256;
      const e = { circuit: c, params: randomValues(3, 5), inputs: randomValues(4 * rows, 6) };
      const obs = [parseObservable('Z0'), parseObservable('Z1 Z2')];
      const up = randomValues(2 * rows, 7);
      const a = auto.expectationWithVjp(e, obs, 'adjoint');
      const b = duo.expectationWithVjp(e, obs, 'adjoint');
      expect(maxDiff(a.value, b.value)).toBeLessThan(1e-12);
      const va = a.vjp(up), vb = b.vjp(up);
      expect(maxDiff(va.params, vb.params)).toBeLessThan(1e-12);
      expect(maxDiff(va.inputs, vb.inputs)).toBeLessThan(1e-12);
    } finally {
      auto.dispose();
    }
    expect(() => new StatevectorBackend({ threads: 2, minThreadedWork: -1 })).toThrow(/minThreadedWork is -1/);
  });

  it('batch parallelism (small circuit, large batch): expectation, probabilities, VJP', () => {
    const c = randomCircuit(6, 60, 31, { numParams: 5, numInputs: 4 });
    const rows = 300;
    const e = { circuit: c, params: randomValues(5, 1), inputs: randomValues(4 * rows, 2) };
    const obs = [parseObservable('Z0'), parseObservable('X1 Y3 + 0.5*Z5')];
    expect(maxDiff(duo.expectation(e, obs), solo.expectation(e, obs))).toBeLessThan(1e-13);
    expect(maxDiff(duo.probabilities(e, [4, 1]), solo.probabilities(e, [4, 1]))).toBeLessThan(1e-13);
    const up = randomValues(rows * 2, 3);
    const a = duo.vjp(e, obs, up);
    const s = solo.vjp(e, obs, up);
    expect(maxDiff(a.params, s.params)).toBeLessThan(1e-10);
    expect(maxDiff(a.inputs, s.inputs)).toBeLessThan(1e-13);
  });

  it('amplitude-block parallelism (16 qubits): expectation, probabilities, VJP, sampling', () => {
    const g = new CircuitBuilder(16);
    for (let q = 0; q < 16; q++) g.ry(q, param(q % 3)).rz(q, input(q % 2));
    for (let q = 0; q < 15; q++) g.cnot(q, q + 1).crx(q + 1, q, param(2, 0.5)).rzz(q, (q + 5) % 16, input(1));
    g.swap(0, 15).rxx(3, 12, 0.4);
    const c = g.build();
    const e = { circuit: c, params: [0.3, -0.4, 1.2], inputs: [0.2, 0.7, -0.3, 1.1] };
    const obs = [parseObservable('Z0 Z15'), parseObservable('X7 Y8')];
    expect(maxDiff(duo.expectation(e, obs), solo.expectation(e, obs))).toBeLessThan(1e-12);
    expect(maxDiff(duo.probabilities(e, [15, 2, 9]), solo.probabilities(e, [15, 2, 9]))).toBeLessThan(1e-12);
    expect(maxDiff(duo.probabilities(e), solo.probabilities(e))).toBeLessThan(1e-12);
    const up = [1, 0.5, -0.3, 2];
    const a = duo.vjp(e, obs, up);
    const s = solo.vjp(e, obs, up);
    expect(maxDiff(a.params, s.params)).toBeLessThan(1e-10);
    expect(maxDiff(a.inputs, s.inputs)).toBeLessThan(1e-10);
    expect(Array.from(duo.sample(e, 50, 4))).toEqual(Array.from(solo.sample(e, 50, 4)));
  });

  it('cache blocking (runs of low-qubit gates applied block by block) changes no result', () => {
    const c = randomCircuit(17, 300, 99, { numParams: 2, numInputs: 1 });
    const e = { circuit: c, params: [0.3, 1.3], inputs: [0.5, -0.25] };
    const plain = new StatevectorBackend({ threads: 1, cacheBlocking: false });
    const ref = plain.probabilities(e);
    expect(maxDiff(solo.probabilities(e), ref)).toBeLessThan(1e-13);
    expect(maxDiff(duo.probabilities(e), ref)).toBeLessThan(1e-13);
  });

  it('sample-outermost layout agrees with sample-innermost', () => {
    const c = randomCircuit(4, 40, 8, { numParams: 2, numInputs: 2 });
    const e = { circuit: c, params: [0.5, 0.1], inputs: randomValues(40, 9) };
    const outer = new StatevectorBackend({ threads: 1, batchLayout: 'sample-outermost' });
    expect(maxDiff(outer.expectation(e, [parseObservable('Z0 X3')]), solo.expectation(e, [parseObservable('Z0 X3')]))).toBeLessThan(1e-13);
  });
});

describe('memory budget', () => {
  it('refuses a state over budget with a ResourceError before allocating', () => {
    const small = new StatevectorBackend({ threads: 1, memoryBudgetBytes: 2 ** 20 });
    const c = new CircuitBuilder(20).h(0).build();
    expect(() => small.expectation({ circuit: c, params: [] }, [parseObservable('Z0')])).toThrow(ResourceError);
    expect(() => small.expectation({ circuit: c, params: [] }, [parseObservable('Z0')])).toThrow(/needs 0.016 GiB.*budget is 0.001 GiB/);
  });

  it('runs n = 26 (1 GiB state) under the default budget', () => {
    const c = new CircuitBuilder(26).h(25).cnot(25, 0).build();
    const e = duo.expectation({ circuit: c, params: [] }, [parseObservable('Z0 Z25'), parseObservable('Z0')]);
    expect(e[0]).toBeCloseTo(1, 12);
    expect(e[1]).toBeCloseTo(0, 12);
    duo.dispose();
  });
});
