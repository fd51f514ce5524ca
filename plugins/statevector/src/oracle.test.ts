import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { randomCircuit } from '@hqml/core/testing';
import { oracleDistance, toOracle } from './test/quantumCircuitOracle.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

describe('against npm quantum-circuit (independent simulator)', () => {
  for (const [n, depth, seed] of [[1, 30, 1], [2, 40, 2], [3, 60, 3], [5, 80, 4], [7, 120, 5], [10, 150, 6]] as const) {
    it(`random ${n}-qubit circuit of ${depth} gates: states agree up to a global phase`, () => {
      const c = randomCircuit(n, depth, seed, { constantAngles: true });
      const oracle = toOracle(c);
      const { re, im } = b.amplitudes({ circuit: c, params: [] });
      const { phaseModulus, maxErr } = oracleDistance(oracle, re, im);
      expect(phaseModulus).toBeCloseTo(1, 9);
      expect(maxErr).toBeLessThan(1e-9);
    });
  }
});
