import QuantumCircuit from 'quantum-circuit';
import { CircuitBuilder, bindCircuit, parseQasm, toQasm } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';
import { oracleDistance } from './test/quantumCircuitOracle.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

const maxDiff = (x: { re: Float64Array; im: Float64Array }, y: { re: Float64Array; im: Float64Array }): number => {
  let m = 0;
  for (let i = 0; i < x.re.length; i++) m = Math.max(m, Math.hypot(x.re[i]! - y.re[i]!, x.im[i]! - y.im[i]!));
  return m;
};

describe('OpenQASM export of bound circuits', () => {
  for (const [n, seed] of [[2, 1], [3, 2], [4, 3], [5, 4]] as const) {
    it(`random ${n}-qubit circuit with parameters and inputs: export, read back, same state; quantum-circuit reads it too`, () => {
      const c = randomCircuit(n, 60, seed, { numParams: 3, numInputs: 2 });
      const params = randomValues(3, seed + 10);
      const inputs = randomValues(2, seed + 20);
      const want = b.amplitudes({ circuit: c, params, inputs });
      const text = toQasm(c, { params, inputs, measure: false });
      // our reader: every gate comes back as itself, so the state is equal, global phase included
      expect(maxDiff(b.amplitudes({ circuit: parseQasm(text).circuit, params: [] }), want)).toBeLessThan(1e-12);
      // an independent reader and simulator (the definitions hold up to a global phase)
      const oracle = new QuantumCircuit(1);
      let errors: unknown[] = [];
      oracle.importQASM(text, (e) => { errors = e; });
      expect(errors).toEqual([]);
      oracle.run();
      const { phaseModulus, maxErr } = oracleDistance(oracle, want.re, want.im);
      expect(phaseModulus).toBeCloseTo(1, 9);
      expect(maxErr).toBeLessThan(1e-9);
    });
  }

  it('the definitions written for gates outside the paper\'s qelib1.inc are right when read as user gates', () => {
    const c = new CircuitBuilder(3).h(0).ry(1, 0.4).u3(2, 0.3, 1.1, -0.7).sx(0).swap(0, 2).crx(1, 2, 0.9).cry(2, 0, -1.3).rxx(0, 1, 0.8).ryy(1, 2, -2.1).rzz(0, 2, 1.7).sx(2).build();
    const want = b.amplitudes({ circuit: c, params: [] });
    // renamed, the definitions are no longer recognised as the standard gates and run gate by gate
    const text = toQasm(c, { measure: false }).replace(/\b(sx|swap|crx|cry|rxx|ryy|rzz)\b/g, '$1_def');
    expect(text).toMatch(/gate crx_def\(theta\)/);
    const got = b.amplitudes({ circuit: parseQasm(text).circuit, params: [] });
    // equal up to one global phase: |<want|got>| = 1
    let re = 0, im = 0;
    for (let i = 0; i < got.re.length; i++) {
      re += want.re[i]! * got.re[i]! + want.im[i]! * got.im[i]!;
      im += want.re[i]! * got.im[i]! - want.im[i]! * got.re[i]!;
    }
    expect(Math.hypot(re, im)).toBeCloseTo(1, 12);
  });

  it('amplitude encoding binds to an RY/CNOT preparation of the same state (signs included)', () => {
    for (const [k, seed] of [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]] as const) {
      const builder = new CircuitBuilder(k + 1).amplitude(k);
      const c = builder.ry(k, 0.3).cnot(0, k).build();
      const inputs = randomValues(2 ** k, seed);
      inputs[1] = 0;
      const want = b.amplitudes({ circuit: c, params: [], inputs });
      const bound = bindCircuit(c, { inputs });
      expect(bound.ops.some((o) => o.gate === 'AMPLITUDE')).toBe(false);
      expect(maxDiff(b.amplitudes({ circuit: bound, params: [] }), want)).toBeLessThan(1e-12);
      expect(maxDiff(b.amplitudes({ circuit: parseQasm(toQasm(c, { inputs, measure: false })).circuit, params: [] }), want)).toBeLessThan(1e-12);
    }
  });
});
