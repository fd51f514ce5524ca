import QuantumCircuit from 'quantum-circuit';
import { QELIB1, Rng, parseQasm } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { appendQelib1 } from './test/qelib1Oracle.js';
import { oracleDistance } from './test/quantumCircuitOracle.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

/** A random entangled state on n qubits, as QASM lines and as oracle gates (the same numbers). */
function prep(n: number, rng: Rng, oracle: QuantumCircuit): string[] {
  const lines: string[] = [];
  const layer = (): void => {
    for (let q = 0; q < n; q++) {
      const [t, p, l] = [rng.float() * Math.PI, (rng.float() - 0.5) * 4, (rng.float() - 0.5) * 4];
      lines.push(`u3(${t},${p},${l}) q[${q}];`);
      oracle.appendGate('u3', [q], { params: { theta: t, phi: p, lambda: l } });
    }
  };
  layer();
  for (let q = 0; q + 1 < n; q++) {
    lines.push(`cx q[${q}],q[${q + 1}];`);
    oracle.appendGate('cx', [q, q + 1], {});
  }
  layer();
  return lines;
}

const amplitudes = (src: string): { re: Float64Array; im: Float64Array } => b.amplitudes({ circuit: parseQasm(src).circuit, params: [] });

describe('every qelib1.inc gate against npm quantum-circuit', () => {
  const names = [...QELIB1.keys()];

  it('covers the paper\'s and Qiskit\'s qelib1.inc', () => {
    for (const g of ['u3', 'u2', 'u1', 'cx', 'id', 'u0', 'u', 'p', 'x', 'y', 'z', 'h', 's', 'sdg', 't', 'tdg', 'rx', 'ry', 'rz', 'sx', 'sxdg', 'cz', 'cy', 'swap', 'ch', 'ccx', 'cswap', 'crx', 'cry', 'crz', 'cu1', 'cp', 'cu3', 'csx', 'cu', 'rxx', 'rzz', 'rccx', 'rc3x', 'c3x', 'c3sqrtx', 'c4x', 'U', 'CX']) {
      expect(names).toContain(g);
    }
  });

  for (const name of names) {
    const gate = QELIB1.get(name)!;
    it(`${name}: same state as the oracle on random entangled inputs, arguments permuted`, () => {
      for (const seed of [1, 2]) {
        const rng = Rng.from(`${name}/${seed}`);
        // one spectator qubit; c3sqrtx's reference needs one more |0> wire on the oracle side only
        const n = gate.qubits + 1;
        const oracle = new QuantumCircuit(name === 'c3sqrtx' ? n + 1 : n);
        const lines = prep(n, rng, oracle);
        const wires = [...rng.permutation(n)].slice(0, gate.qubits);
        const angles = Array.from({ length: gate.params }, () => (rng.float() - 0.5) * 7);
        lines.push(`${name}${angles.length ? `(${angles.join(',')})` : ''} ${wires.map((w) => `q[${w}]`).join(',')};`);
        appendQelib1(oracle, name, wires, angles, n);
        oracle.run();
        const { re, im } = amplitudes(`OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[${n}];\n${lines.join('\n')}\n`);
        const { phaseModulus, maxErr } = oracleDistance(oracle, re, im);
        expect(phaseModulus).toBeCloseTo(1, 9);
        expect(maxErr).toBeLessThan(1e-9);
      }
    });
  }
});
