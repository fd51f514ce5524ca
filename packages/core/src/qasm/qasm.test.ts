import { describe, expect, it } from 'vitest';
import { CircuitBuilder } from '../circuit/circuit.js';
import { param } from '../circuit/angle.js';
import type { GateOp } from '../circuit/circuit.js';
import { UnsupportedError, ValidationError } from '../errors.js';
import { toQasm, formatQasmAngle } from './exporter.js';
import { parseQasm } from './parser.js';
import { QasmSyntaxError, QasmUnsupportedError } from './qasmErrors.js';

const gates = (src: string): string[] => (parseQasm(src).circuit.ops as GateOp[]).map((o) => `${o.gate}[${o.qubits.join(',')}]${o.angles.length ? `(${o.angles.map((a) => a.constant.toFixed(6)).join(',')})` : ''}`);

describe('OpenQASM 2.0 import', () => {
  it('reads qelib1 gates, expressions of pi, several registers, measure and barrier', () => {
    const p = parseQasm(`OPENQASM 2.0;
include "qelib1.inc";
// a comment
qreg a[2];
qreg b[1];
creg c[3];
h a[0];
cx a[0], b[0];
u3(pi/2, -pi/4, 2*pi^2) a[1];
rz(-(1.5 + 0.5) * pi / 4) b[0];
u2(0, pi) a[1];
barrier a, b;
measure a[1] -> c[2];
`);
    expect(p.measurements).toEqual([{ qubit: 1, clbit: 2 }]);
    expect(p.qubitNames).toEqual(['a[0]', 'a[1]', 'b[0]']);
    expect(p.numClbits).toBe(3);
    expect(gates(`OPENQASM 2.0; include "qelib1.inc"; qreg a[2]; qreg b[1]; h a[0]; cx a[0], b[0]; u3(pi/2, -pi/4, 2*pi^2) a[1]; rz(-(1.5 + 0.5) * pi / 4) b[0]; u2(0, pi) a[1];`)).toEqual([
      'H[0]', 'CNOT[0,2]', `U3[1](${(Math.PI / 2).toFixed(6)},${(-Math.PI / 4).toFixed(6)},${(2 * Math.PI ** 2).toFixed(6)})`, `RZ[2](${(-Math.PI / 2).toFixed(6)})`, `U3[1](${(Math.PI / 2).toFixed(6)},0.000000,${Math.PI.toFixed(6)})`,
    ]);
  });

  it('broadcasts registers, expands gate definitions and reads measure lists', () => {
    const p = parseQasm(`OPENQASM 2.0; include "qelib1.inc";
gate bell(t) x, y { ry(t/2) x; cx x, y; }
qreg q[4]; creg c[4];
h q;
bell(pi) q[2], q[3];
measure q -> c;`);
    expect(gates(`OPENQASM 2.0; include "qelib1.inc"; gate bell(t) x, y { ry(t/2) x; cx x, y; } qreg q[4]; h q; bell(pi) q[2], q[3];`)).toEqual(['H[0]', 'H[1]', 'H[2]', 'H[3]', `RY[2](${(Math.PI / 2).toFixed(6)})`, 'CNOT[2,3]']);
    expect(p.measurements).toEqual([0, 1, 2, 3].map((i) => ({ qubit: i, clbit: i })));
  });

  it('reports syntax errors with line and column', () => {
    try {
      parseQasm('OPENQASM 2.0;\nqreg q[2];\nh q[0]\ncx q[0], q[1];');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(QasmSyntaxError);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as QasmSyntaxError).line).toBe(4);
      expect((err as QasmSyntaxError).column).toBe(1);
      expect((err as Error).message).toMatch(/line 4, column 1: expected ";" but found "cx"/);
    }
    expect(() => parseQasm('qreg q[2];\nh q[5];')).toThrow(/line 2, column 5: index 5 is out of range/);
    expect(() => parseQasm('qreg q[1];\nrx(2*theta) q[0];')).toThrow(/line 2, column 6: unknown identifier "theta"/);
  });

  it('reports unsupported constructs with line and column', () => {
    for (const [src, line, col] of [['qreg q[1];\nreset q[0];', 2, 1], ['qreg q[1]; creg c[1];\nif (c == 1) x q[0];', 2, 1], ['OPENQASM 3.0;', 1, 10], ['qreg q[1];\n  foo q[0];', 2, 3], ['include "mylib.inc";', 1, 9]] as const) {
      try {
        parseQasm(src);
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(QasmUnsupportedError);
        expect(err).toBeInstanceOf(UnsupportedError);
        expect([(err as QasmUnsupportedError).line, (err as QasmUnsupportedError).column]).toEqual([line, col]);
      }
    }
  });
});

describe('OpenQASM 2.0 export', () => {
  it('round-trips every gate, with parameters bound and angles as multiples of pi', () => {
    const c = new CircuitBuilder(3).h(0).x(1).y(2).z(0).s(1).sdg(2).t(0).tdg(1).sx(2).rx(0, param(0)).ry(1, Math.PI / 3).rz(2, 0.1234).p(0, -Math.PI / 4)
      .u3(1, 0.1, 0.2, 0.3).cnot(0, 1).cz(1, 2).swap(0, 2).crx(0, 1, 0.5).cry(1, 2, 0.6).crz(2, 0, 0.7).rxx(0, 1, 0.8).ryy(1, 2, 0.9).rzz(0, 2, 1.0).build();
    const text = toQasm(c, { params: [Math.PI / 2] });
    expect(text).toContain('rx(pi/2) q[0];');
    expect(text).toContain('ry(pi/3) q[1];');
    expect(text).toContain('u1(-pi/4) q[0];');
    expect(text).toContain('measure q -> c;');
    const back = parseQasm(text);
    // ryy comes back through its gate definition (5 gates); everything else one to one
    const ops = back.circuit.ops as GateOp[];
    expect(ops.length).toBe(c.ops.length - 1 + 7);
    expect(back.measurements.length).toBe(3);
    const first = ops.slice(0, 20).map((o) => o.gate);
    expect(first).toEqual(c.ops.slice(0, 20).map((o) => o.gate));
    expect(ops[9]!.angles[0]!.constant).toBeCloseTo(Math.PI / 2, 15);
    expect(ops[11]!.angles[0]!.constant).toBe(0.1234);
  });

  it('refuses circuits with inputs or amplitude encoding, and wrong parameter counts', () => {
    expect(() => toQasm(new CircuitBuilder(1).rx(0, { constant: 0, terms: [{ source: 'input', index: 0, coeff: 1 }] }).build())).toThrow(UnsupportedError);
    expect(() => toQasm(new CircuitBuilder(1).amplitude(1).build())).toThrow(/amplitude encoding/);
    expect(() => toQasm(new CircuitBuilder(1).rx(0, param(0)).build())).toThrow(ValidationError);
  });

  it('formats angles', () => {
    expect(formatQasmAngle(Math.PI)).toBe('pi');
    expect(formatQasmAngle((-3 * Math.PI) / 4)).toBe('-3*pi/4');
    expect(formatQasmAngle(0.3)).toBe('0.3');
  });
});
