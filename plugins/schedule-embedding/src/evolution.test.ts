import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { annealerSpec, scheduleSize } from './annealerSpec.js';
import { controlTerms } from './controlTerms.js';
import { buildEvolutionCircuit } from './evolutionCircuit.js';
import { exactEvolution, hamiltonianMatrix } from './exactEvolution.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

function schedule(size: number, seed: number, scale = 2): Float64Array {
  const r = Rng.from(seed);
  return Float64Array.from({ length: size }, () => scale * (2 * r.float() - 1));
}

/** || psi_trotter - psi_exact ||_2 (no global phase freedom: both start from |0...0>). */
function trotterError(qubits: number, steps: number, slices: number, order: 1 | 2, amps: Float64Array, totalTime = 1): number {
  const spec = annealerSpec({ numQubits: qubits, steps, slices, order, totalTime });
  const s = backend.amplitudes({ circuit: buildEvolutionCircuit(spec), params: [], inputs: amps });
  const e = exactEvolution(spec, amps);
  let d = 0;
  for (let i = 0; i < e.re.length; i++) d += (s.re[i]! - e.re[i]!) ** 2 + (s.im[i]! - e.im[i]!) ** 2;
  return Math.sqrt(d);
}

describe('control terms', () => {
  it('m = 2n + n(n-1)/2 with all couplers; neighbours only on a line or ring', () => {
    expect(controlTerms(2).length).toBe(5);
    expect(controlTerms(4).length).toBe(14);
    expect(controlTerms(4, 'line').filter((t) => t.kind === 'ZZ').map((t) => t.qubits)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(controlTerms(4, 'ring').filter((t) => t.kind === 'ZZ').length).toBe(4);
    expect(controlTerms(3, 'none').length).toBe(6);
    expect(() => controlTerms(0)).toThrow(/numQubits/);
  });
});

describe('the Trotterized evolution against the exact piecewise-constant evolution', () => {
  it('the Hamiltonian matrix: X flips, Z and ZZ are signed diagonals (qubit 0 = least significant bit)', () => {
    const h = hamiltonianMatrix(2, controlTerms(2), [1, 0, 0.5, 0, 0.25]).to2DArray();
    // X0 couples |00> and |01>; Z0 = +0.5 on bit0 = 0; Z0Z1 = +0.25 on even parity
    expect(h[1]![0]).toBe(1);
    expect(h[0]![0]).toBe(0.75);
    expect(h[1]![1]).toBe(-0.75);
    expect(h[2]![2]).toBe(0.5 - 0.25);
    expect(h[3]![3]).toBe(-0.5 + 0.25);
  });

  it('one X term: exact and Trotter give cos(fT)|0> - i sin(fT)|1> (commuting terms: no Trotter error)', () => {
    const spec = annealerSpec({ numQubits: 1, steps: 1, slices: 1, order: 1, totalTime: 0.7 });
    const amps = Float64Array.from([1.3, 0]); // X0, Z0
    const e = exactEvolution(spec, amps);
    const s = backend.amplitudes({ circuit: buildEvolutionCircuit(spec), params: [], inputs: amps });
    for (const st of [e, s]) {
      expect(st.re[0]).toBeCloseTo(Math.cos(1.3 * 0.7), 12);
      expect(st.im[1]).toBeCloseTo(-Math.sin(1.3 * 0.7), 12);
    }
  });

  for (const qubits of [2, 3]) {
    it(`${qubits} qubits, 4 steps: error ~ 1/r (first order) and ~ 1/r^2 (second order)`, () => {
      const steps = 4;
      const amps = schedule(scheduleSize(annealerSpec({ numQubits: qubits, steps })), 10 + qubits);
      for (const order of [1, 2] as const) {
        const errs = [4, 8, 16, 32].map((r) => trotterError(qubits, steps, r, order, amps));
        errs.forEach((e) => expect(e).toBeGreaterThan(0));
        // doubling the Trotter number halves (order 1) or quarters (order 2) the error
        for (let k = 1; k < errs.length; k++) {
          const ratio = errs[k - 1]! / errs[k]!;
          expect(ratio).toBeGreaterThan(order === 1 ? 1.8 : 3.6);
          expect(ratio).toBeLessThan(order === 1 ? 2.2 : 4.4);
        }
        expect(errs[3]).toBeLessThan(order === 1 ? 0.05 : 2e-3);
      }
    });
  }

  it('the seed setting (n = 2, 5 steps, T = 1, Trotter number 2) stays close to the exact evolution for moderate amplitudes', () => {
    const amps = schedule(25, 3, 1);
    expect(trotterError(2, 5, 2, 1, amps)).toBeLessThan(0.1);
    expect(trotterError(2, 5, 2, 2, amps)).toBeLessThan(0.01);
  });

  it('validates the spec and the schedule', () => {
    expect(() => annealerSpec({ numQubits: 2, steps: 0 })).toThrow(/steps/);
    expect(() => annealerSpec({ numQubits: 2, steps: 2, order: 3 as 1 })).toThrow(/order/);
    expect(() => exactEvolution(annealerSpec({ numQubits: 2, steps: 2 }), [1, 2])).toThrow(/10 values/);
  });
});
