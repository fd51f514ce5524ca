import { readFileSync } from 'node:fs';
import QuantumCircuit from 'quantum-circuit';
import { clbitString, parseQasm } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { oracleDistance } from './test/quantumCircuitOracle.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

const read = (name: string): string => readFileSync(new URL(`../fixtures/qasmbench/${name}.qasm`, import.meta.url), 'utf8');

/** The distribution of the classical registers (bit 0 rightmost), from the parsed circuit. */
function classical(src: string): Map<string, number> {
  const program = parseQasm(src);
  const p = b.probabilities({ circuit: program.circuit, params: [] });
  const out = new Map<string, number>();
  for (let i = 0; i < p.length; i++) {
    if (p[i]! < 1e-14) continue;
    const k = clbitString(program, i);
    out.set(k, (out.get(k) ?? 0) + p[i]!);
  }
  return out;
}

function expectDistribution(actual: Map<string, number>, expected: Record<string, number>, digits = 10): void {
  for (const k of new Set([...actual.keys(), ...Object.keys(expected)])) {
    expect(actual.get(k) ?? 0, `outcome ${k}`).toBeCloseTo(expected[k] ?? 0, digits);
  }
}

describe('QASMBench programs (pnnl/QASMBench small/, unmodified)', () => {
  const STATIC = ['adder_n10', 'basis_change_n3', 'deutsch_n2', 'error_correctiond3_n5', 'fredkin_n3', 'pea_n5', 'qpe_n9', 'simon_n6', 'toffoli_n3', 'vqe_n4', 'wstate_n3'];
  for (const name of STATIC) {
    it(`${name}: the state before measurement equals npm quantum-circuit's (its own importer and simulator)`, () => {
      const src = read(name);
      const program = parseQasm(src);
      expect(program.ancillas).toBe(0);
      const oracle = new QuantumCircuit(1);
      let errors: unknown[] = [];
      oracle.importQASM(src.split('\n').filter((l) => !/^\s*measure\b/.test(l)).join('\n'), (e) => { errors = e; });
      expect(errors).toEqual([]);
      oracle.run();
      const { re, im } = b.amplitudes({ circuit: program.circuit, params: [] });
      const { phaseModulus, maxErr } = oracleDistance(oracle, re, im);
      expect(phaseModulus).toBeCloseTo(1, 9);
      expect(maxErr).toBeLessThan(1e-9);
    });
  }

  it('known answers: adder_n10 adds 0001 + 1111, pea_n5 reads the phase 3/16, wstate_n3, deutsch_n2, simon_n6 (s = 110)', () => {
    expectDistribution(classical(read('adder_n10')), { '10000': 1 });
    expectDistribution(classical(read('pea_n5')), { '0011': 1 });
    // its rotation angle 1.91063 is 2 acos(1/sqrt(3)) to six digits
    expectDistribution(classical(read('wstate_n3')), { '001': 1 / 3, '010': 1 / 3, '100': 1 / 3 }, 5);
    expectDistribution(classical(read('deutsch_n2')), { '01': 0.5, '11': 0.5 });
    // Simon: the first register y is uniform over the y with y.s = 0, i.e. y0 = y1
    const y = new Map<string, number>();
    for (const [k, v] of classical(read('simon_n6'))) y.set(k.slice(3), (y.get(k.slice(3)) ?? 0) + v);
    expectDistribution(y, { '000': 0.25, '011': 0.25, '100': 0.25, '111': 0.25 });
  });

  it('bb84_n8: measured qubits are changed and measured again, never reordered', () => {
    // registers m6 m0 m3 m1 m2 m4 m5 m7 (m6 is bit 0): m0, m1, m7 end 0; m2..m6 uniform
    const expected: Record<string, number> = {};
    for (let r = 0; r < 32; r++) {
      const [m2, m3, m4, m5, m6] = [0, 1, 2, 3, 4].map((i) => (r >> i) & 1);
      expected[`0${m5}${m4}${m2}0${m3}0${m6}`] = 1 / 32;
    }
    const src = read('bb84_n8');
    expectDistribution(classical(src), expected);
    expect(parseQasm(src).ancillas).toBeGreaterThan(0);
  });

  it('ipea_n2: iterative phase estimation with reset and if reads the phase 3/16 = 0.0011', () => {
    expectDistribution(classical(read('ipea_n2')), { '0011': 1 });
  });

  it('qec_sm_n5: syndrome 01 flags the error on q[0], the if corrects it', () => {
    // registers c[3] then syn[2]: syn is the top two bits
    expectDistribution(classical(read('qec_sm_n5')), { '01000': 1 });
  });

  it('shor_n5: order finding of 13 mod 15 (order 4) reads 0, 2, 4, 6 with probability 1/4 each', () => {
    expectDistribution(classical(read('shor_n5')), { '00000': 0.25, '00010': 0.25, '00100': 0.25, '00110': 0.25 });
  });

  it('inverseqft_n4: the semiclassical inverse QFT of |0+++> reads 0000', () => {
    expectDistribution(classical(read('inverseqft_n4')), { '0000': 1 });
  });
});
