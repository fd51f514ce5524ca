import { type Circuit, CircuitBuilder, type GateOp, type Observable, parseObservable, parseQasm, param, pauliZ } from '@hqml/core';
import { randomValues, maxAbsDiff } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorGpu } from './statevectorGpu.js';

// OpenQASM 2 programs parsed by core's parser: the sixteen published QASMBench programs that
// statevector's tests keep (2 to 10 qubits, with their licence, in plugins/statevector/fixtures),
// and textbook algorithms written for this test up to 16 qubits. statevector-gpu agrees with the float64 `statevector` backend to 1e-5 on
// expectation values and probabilities, and on gradients with respect to every rotation angle of
// the program (each angle made a trainable parameter at its value). Where the answer is known
// exactly (GHZ, Bernstein-Vazirani, the QFT of a basis state), it is checked too.

const cpu = new StatevectorBackend({ threads: 1 });
const gpu = new StatevectorGpu();
afterAll(() => {
  cpu.dispose();
  gpu.dispose();
});

function header(n: number): string {
  return `OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[${n}];\ncreg c[${n}];\n`;
}

const GHZ16 = header(16) + 'h q[0];\n' + Array.from({ length: 15 }, (_, i) => `cx q[${i}],q[${i + 1}];`).join('\n') + '\nmeasure q -> c;\n';

/** Bernstein-Vazirani, 13 data qubits and an ancilla (q[13]), secret 1011001110101. */
const SECRET = '1011001110101';
const BV14 = header(14) + 'x q[13];\nh q;\n' + [...SECRET].map((b, i) => (b === '1' ? `cx q[${i}],q[13];` : '')).join('\n') + '\n' + Array.from({ length: 13 }, (_, i) => `h q[${i}];`).join('\n') + '\n';

/** The QFT of the basis state |x> on n qubits (textbook circuit, swaps at the end). */
function qft(n: number, x: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) if ((x >> i) & 1) lines.push(`x q[${i}];`);
  for (let j = n - 1; j >= 0; j--) {
    lines.push(`h q[${j}];`);
    for (let k = j - 1; k >= 0; k--) lines.push(`cu1(pi/${2 ** (j - k)}) q[${k}],q[${j}];`);
  }
  for (let i = 0; i < n / 2; i++) lines.push(`swap q[${i}],q[${n - 1 - i}];`);
  return header(n) + lines.join('\n') + '\n';
}

/** Three-qubit Grover search for |101> (oracle: a CCZ from ccx), two iterations. */
const GROVER3 = header(3) + `h q;
${Array.from({ length: 2 }, () => `x q[1];
h q[2]; ccx q[0],q[1],q[2]; h q[2];
x q[1];
h q; x q;
h q[2]; ccx q[0],q[1],q[2]; h q[2];
x q; h q;`).join('\n')}
`;

/** A QAOA-like and hardware-efficient mix on n >= 12 qubits: every rotation kind the parser knows. */
function mixed(n: number): string {
  const lines = ['h q;'];
  for (let l = 0; l < 2; l++) {
    for (let i = 0; i < n; i++) lines.push(`rzz(${0.3 + 0.1 * l + 0.01 * i}) q[${i}],q[${(i + 1) % n}];`);
    for (let i = 0; i < n; i++) lines.push(`rx(${0.7 - 0.05 * i}) q[${i}];`);
    lines.push('u3(0.2,-0.4,1.1) q[0];', 'u2(0.3,-0.2) q[5];', 'u1(0.9) q[7];', 'crz(0.45) q[2],q[9];', 'cu1(-0.7) q[4],q[11];', 'cry(1.2) q[3],q[8];', 'crx(0.5) q[6],q[1];');
    lines.push('rxx(0.33) q[1],q[10];', 'ryy(-0.8) q[0],q[6];', 'sx q[3];', 'sdg q[4];', 'tdg q[5];', 'ry(1.3) q[11];', 'swap q[2],q[5];', 'cz q[7],q[8];', 'cy q[9],q[10];');
  }
  return header(n) + lines.join('\n') + '\n';
}

/** The program's circuit with every angle a trainable parameter at its value (the values returned). */
function trainable(c: Circuit): { circuit: Circuit; params: number[] } {
  const values: number[] = [];
  const ops = c.ops as readonly GateOp[];
  const count = ops.reduce((s, op) => s + op.angles.length, 0);
  const b = new CircuitBuilder(c.numQubits, { numParams: Math.max(1, count) });
  for (const op of ops) {
    b.gate(op.gate, op.qubits, op.angles.map((a) => {
      values.push(a.constant);
      return param(values.length - 1);
    }));
  }
  if (count === 0) values.push(0);
  return { circuit: b.build(), params: values };
}

const QASMBENCH = new URL('../../statevector/fixtures/qasmbench/', import.meta.url);
const published = readdirSync(QASMBENCH).filter((f) => f.endsWith('.qasm')).sort();

// [name, text, qubits, gradients too] (the QFT's 120 controlled phases at 16 qubits take half a minute of adjoint sweeps here, so its gradients are checked at 10)
const PROGRAMS: readonly [string, string, number, boolean][] = [
  ['ghz_n16', GHZ16, 16, false], ['bv_n14', BV14, 14, false], ['qft_n16', qft(16, 0b0101100110010), 16, false], ['qft_n10', qft(10, 0b1001101), 10, true],
  ['grover_n3', GROVER3, 3, false], ['mixed_n12', mixed(12), 12, true], ['mixed_n16', mixed(16), 16, true],
];

describe('OpenQASM programs up to 16 qubits: statevector-gpu = statevector (float64) to 1e-5', () => {
  const observables = (n: number): Observable[] => [pauliZ(0), pauliZ(n - 1), parseObservable(`X0 X${n - 1} + 0.5*Y1 Z2`), parseObservable(Array.from({ length: n }, (_, q) => `Z${q}`).join(' '))];
  for (const [name, text, n] of PROGRAMS) {
    it(`${name}: expectation values and probabilities`, () => {
      const { circuit } = parseQasm(text);
      expect(circuit.numQubits).toBe(n);
      const e = { circuit, params: [] };
      const obs = observables(n);
      expect(maxAbsDiff(gpu.expectation(e, obs), cpu.expectation(e, obs))).toBeLessThan(1e-5);
      expect(maxAbsDiff(gpu.probabilities(e), cpu.probabilities(e))).toBeLessThan(1e-5);
    });
  }
  it('reads all sixteen published programs', () => expect(published).toHaveLength(16));
  for (const file of published) {
    it(`QASMBench ${file}: probabilities, expectation values and gradients w.r.t. every angle`, () => {
      const { circuit } = parseQasm(readFileSync(new URL(file, QASMBENCH), 'utf8'));
      const n = circuit.numQubits;
      const e = { circuit, params: [] };
      const obs = n >= 3 ? observables(n) : [pauliZ(0), parseObservable(`X0 Y${n - 1}`)];
      expect(maxAbsDiff(gpu.probabilities(e), cpu.probabilities(e))).toBeLessThan(1e-5);
      expect(maxAbsDiff(gpu.expectation(e, obs), cpu.expectation(e, obs))).toBeLessThan(1e-5);
      const t = trainable(circuit);
      const up = randomValues(obs.length, n);
      const want = cpu.vjp({ circuit: t.circuit, params: t.params }, obs, up);
      expect(maxAbsDiff(gpu.vjp({ circuit: t.circuit, params: t.params }, obs, up, 'adjoint').params, want.params)).toBeLessThan(1e-5);
    });
  }
  for (const [name, text, n] of PROGRAMS.filter((p) => p[3])) {
    it(`${name}: gradients w.r.t. every angle of the program (adjoint)`, () => {
      const t = trainable(parseQasm(text).circuit);
      const te = { circuit: t.circuit, params: t.params };
      const obs = observables(n);
      const up = randomValues(obs.length, n);
      const want = cpu.vjp(te, obs, up);
      const got = gpu.vjp(te, obs, up, 'adjoint');
      expect(t.params.length).toBeGreaterThan(10);
      expect(maxAbsDiff(got.value, want.value)).toBeLessThan(1e-5);
      expect(maxAbsDiff(got.params, want.params)).toBeLessThan(1e-5);
    });
  }

  it('gets the known answers: GHZ, the Bernstein-Vazirani secret, the Grover target, a uniform QFT', () => {
    const p = (text: string): Float64Array => gpu.probabilities({ circuit: parseQasm(text).circuit, params: [] });
    const ghz = p(GHZ16);
    expect(ghz[0]).toBeCloseTo(0.5, 6);
    expect(ghz[2 ** 16 - 1]).toBeCloseTo(0.5, 6);
    // data qubit i carries secret bit i; the ancilla (q[13]) is |-> after the final layer, so both of its values
    const s = [...SECRET].reduce((acc, b, i) => acc + (b === '1' ? 2 ** i : 0), 0);
    const bv = p(BV14);
    expect(bv[s]! + bv[s + 2 ** 13]!).toBeCloseTo(1, 5);
    expect(p(GROVER3)[0b101]).toBeGreaterThan(0.94);
    const uniform = p(qft(16, 0b0101100110010));
    expect(Math.max(...uniform) - Math.min(...uniform)).toBeLessThan(1e-9 + 2 ** -16 * 1e-4);
  });
});
