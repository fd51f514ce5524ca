import { CircuitBuilder, compileCircuit, input, type Observable, param, parseObservable, ResourceError } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlan, planOps } from './engine/large/plan.js';
import { type StatevectorOptions, StatevectorBackend } from './statevectorBackend.js';
import { centralDifferences, expectClose } from './test/finiteDifferences.js';
import { oracleDistance, toOracle } from './test/quantumCircuitOracle.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

// The WebAssembly single-state engine (src/engine/large, src/engine/wasm/state.c) against the
// JavaScript engine (itself checked against quantum-circuit and analytic states) and against
// quantum-circuit directly. Small block sizes force the gathered (strided) blocks, non-local
// controls and diagonal bits, and many passes, on circuits small enough for a test.

const backends: StatevectorBackend[] = [];
function backend(options: StatevectorOptions): StatevectorBackend {
  const b = new StatevectorBackend(options);
  backends.push(b);
  return b;
}
afterAll(() => backends.forEach((b) => b.dispose()));

// the general JavaScript engine (sample-outermost keeps the batch engine out as well)
const js = backend({ threads: 1, largeStateQubits: Infinity, batchLayout: 'sample-outermost' });

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const OBS: Observable[] = [parseObservable('Z0 + 0.5*X1 Y3'), parseObservable('Y2 Z5 X7 - 0.25*Z11'), parseObservable('X0 X1 X2 X3 X4 X5 X6 X7 X8 X9 X10 X11')];

describe('WebAssembly single-state engine', () => {
  const configs: [string, StatevectorOptions][] = [
    ['default blocks', { threads: 1 }],
    ['4-qubit blocks (gathered, strided)', { threads: 1, blockQubits: 4 }],
    ['5-qubit blocks', { threads: 1, blockQubits: 5 }],
    ['no cache blocking (one pass per gate)', { threads: 1, cacheBlocking: false }],
    ['no fusion, no blocking', { threads: 1, cacheBlocking: false, fusion: false }],
    ['no fusion, 3-qubit blocks', { threads: 1, fusion: false, blockQubits: 3 }],
  ];
  // single states from 12 qubits; batches take this engine from 16 qubits
  for (const [n, seed, rows] of [[12, 11, 1], [16, 13, 2]] as const) {
    const c = randomCircuit(n, 30 * n, seed, { numParams: 6, numInputs: 5 });
    const e = { circuit: c, params: randomValues(6, seed), inputs: randomValues(5 * rows, seed + 1) };
    const ref = js.amplitudes(e);
    const refExp = js.expectation(e, OBS);
    const refProbs = js.probabilities(e, [n - 1, 0, 5]);
    for (const [name, opts] of configs) {
      it(`${n} qubits, every gate kind, ${name}: amplitudes, expectations, probabilities equal the JS engine`, () => {
        const b = backend(opts);
        const got = b.amplitudes(e);
        expect(maxDiff(got.re, ref.re)).toBeLessThan(1e-12);
        expect(maxDiff(got.im, ref.im)).toBeLessThan(1e-12);
        expect(maxDiff(b.expectation(e, OBS), refExp)).toBeLessThan(1e-12);
        expect(maxDiff(b.probabilities(e, [n - 1, 0, 5]), refProbs)).toBeLessThan(1e-12);
      });
    }
  }

  it('long diagonal runs (CZ chains, RZZ rings, RZ, T, P, far CZs) fold into diagonal groups correctly', () => {
    // blocks of 8 to 10 qubits: inner runs of 2^7, high local bits, crossing terms, non-local bits
    const n = 14;
    const g = new CircuitBuilder(n, { numParams: 2 });
    for (let l = 0; l < 3; l++) {
      for (let q = 0; q < n; q++) g.rx(q, 0.3 + 0.2 * q + l);
      for (let q = 0; q + 1 < n; q++) g.cz(q, q + 1);
      for (let q = 0; q < n; q++) g.rzz(q, (q + 3 * l + 1) % n, param(l % 2));
      for (let q = 0; q < n; q += 2) g.rz(q, 0.1 * q).t(q + 1);
      for (let q = 0; q + 5 < n; q++) g.cz(q + 5, q).p(q, 0.7);
      g.ry(l, 0.4).crz(3, 12, 0.9).z(13);
    }
    const e = { circuit: g.build(), params: [0.37, -1.1] };
    const ref = js.amplitudes(e);
    for (const opts of [{ blockQubits: 8 }, { blockQubits: 9 }, { blockQubits: 10 }, { blockQubits: 12 }]) {
      const got = backend({ threads: 1, ...opts }).amplitudes(e);
      expect(maxDiff(got.re, ref.re)).toBeLessThan(1e-12);
      expect(maxDiff(got.im, ref.im)).toBeLessThan(1e-12);
    }
  });

  // threads share a state from 18 qubits on (below, the main thread runs it alone)
  it('two threads give the one-thread results to 1e-12 (18 qubits: gathered blocks, diagonal groups, direct passes)', () => {
    const c = randomCircuit(18, 150, 21, { numParams: 3 });
    const g = new CircuitBuilder(18);
    for (let q = 0; q < 18; q++) g.ry(q, 0.1 * q + 0.2);
    for (let q = 0; q + 1 < 18; q++) g.cz(q, q + 1).rzz(q, 17 - q, 0.3);
    const layered = g.build();
    for (const opts of [{ blockQubits: 5 }, { blockQubits: 10 }, { cacheBlocking: false, fusion: false }]) {
      const one = backend({ threads: 1, ...opts }), two = backend({ threads: 2, ...opts });
      for (const e of [{ circuit: c, params: randomValues(3, 4) }, { circuit: layered, params: [] }]) {
        const a = one.amplitudes(e), b = two.amplitudes(e);
        expect(maxDiff(a.re, b.re)).toBeLessThan(1e-12);
        expect(maxDiff(a.im, b.im)).toBeLessThan(1e-12);
        expect(maxDiff(one.expectation(e, OBS), two.expectation(e, OBS))).toBeLessThan(1e-12);
      }
    }
    const e = { circuit: layered, params: [] };
    expect(maxDiff(backend({ threads: 2, blockQubits: 10 }).expectation(e, OBS), js.expectation(e, OBS))).toBeLessThan(1e-12);
  });

  it('agrees with npm quantum-circuit on random circuits of 4 to 10 qubits (small blocks)', () => {
    const b = backend({ threads: 1, largeStateQubits: 1, blockQubits: 3 });
    for (const [n, depth, seed] of [[4, 80, 31], [7, 120, 32], [10, 150, 33]] as const) {
      const c = randomCircuit(n, depth, seed, { constantAngles: true });
      const { re, im } = b.amplitudes({ circuit: c, params: [] });
      const { phaseModulus, maxErr } = oracleDistance(toOracle(c), re, im);
      expect(phaseModulus).toBeCloseTo(1, 9);
      expect(maxErr).toBeLessThan(1e-9);
    }
  });

  it('keeps the norm to 1e-12 after 10,000 gates (12 qubits, 5-qubit blocks)', () => {
    const b = backend({ threads: 1, blockQubits: 5 });
    const c = randomCircuit(12, 10_000, 41, { constantAngles: true });
    const p = b.probabilities({ circuit: c, params: [] });
    expect(Math.abs(p.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-12);
  });

  it('amplitude encoding and the parameter-shift rule run on it and match finite differences', () => {
    const n = 12;
    const g = new CircuitBuilder(n, { numParams: 2, numInputs: 16 + 1 }).amplitude(4, 0);
    for (let q = 0; q < n; q++) g.ry(q, param(q % 2)).rx(q, input(16, 0.5));
    for (let q = 0; q + 1 < n; q++) g.cnot(q, q + 1).rzz(q, (q + 5) % n, param(1));
    const c = g.build();
    const e = { circuit: c, params: [0.3, -0.7], inputs: randomValues(17, 5) };
    const obs = [parseObservable('Z0 Z11 + 0.3*X4')];
    const b = backend({ threads: 1, blockQubits: 4 });
    expect(maxDiff(b.expectation(e, obs), js.expectation(e, obs))).toBeLessThan(1e-12);
    const shift = b.vjp(e, obs, [1], 'parameter-shift');
    const fd = centralDifferences(e, (p, x) => b.expectation({ circuit: c, params: p, inputs: x! }, obs)[0]!);
    expectClose(shift.params, fd.params);
    expectClose(shift.inputs, fd.inputs);
    const adj = js.vjp(e, obs, [1], 'adjoint');
    expect(maxDiff(shift.params, adj.params)).toBeLessThan(1e-9);
    expect(maxDiff(shift.inputs, adj.inputs)).toBeLessThan(1e-9);
  });

  it('plans the 10-layer circuit in about two memory passes per layer', () => {
    const n = 24;
    const g = new CircuitBuilder(n);
    for (let l = 0; l < 10; l++) {
      for (let q = 0; q < n; q++) g.rx(q, 0.1 * l + q);
      for (let q = 0; q + 1 < n; q++) g.cz(q, q + 1);
    }
    const prog = compileCircuit(g.build());
    const ops = planOps(prog, { params: [], inputs: undefined, row: 0, shift: null }, true);
    const plan = buildPlan(n, ops, { fuse: true, blocking: true, blockQubits: 14, threads: 2 }, null, []);
    // one init pass + at most 2 passes per layer (470 gates)
    expect(plan.passes).toBeLessThanOrEqual(21);
    const direct = buildPlan(n, ops, { fuse: true, blocking: false, blockQubits: 14, threads: 2 }, null, []);
    expect(direct.passes).toBe(1 + ops.length);
  });

  it('checks the memory budget before allocating', () => {
    const small = backend({ threads: 1, memoryBudgetBytes: 2 ** 20 });
    const c = new CircuitBuilder(20).h(0).build();
    expect(() => small.expectation({ circuit: c, params: [] }, [parseObservable('Z0')])).toThrow(ResourceError);
  });

  it('rejects a bad blockQubits or largeStateQubits option', () => {
    expect(() => new StatevectorBackend({ blockQubits: 1 })).toThrow(/blockQubits/);
    expect(() => new StatevectorBackend({ largeStateQubits: Number.NaN })).toThrow(/largeStateQubits/);
  });
});
