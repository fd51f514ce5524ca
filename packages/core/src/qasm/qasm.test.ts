import { describe, expect, it } from 'vitest';
import { CircuitBuilder } from '../circuit/circuit.js';
import { param, input } from '../circuit/angle.js';
import type { GateOp } from '../circuit/circuit.js';
import { ResourceError, ValidationError } from '../errors.js';
import { toQasm, formatQasmAngle } from './exporter.js';
import { clbitString, parseQasm } from './parser.js';
import { QELIB1 } from './qelib1.js';
import { QasmResourceError, QasmSyntaxError, QasmUnsupportedError } from './qasmErrors.js';

const HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n';
const ops = (src: string): GateOp[] => parseQasm(src).circuit.ops as GateOp[];
const show = (src: string): string[] => ops(src).map((o) => `${o.gate}[${o.qubits.join(',')}]${o.angles.length ? `(${o.angles.map((a) => a.constant.toFixed(6)).join(',')})` : ''}`);

describe('OpenQASM 2.0 import', () => {
  it('reads qelib1 gates, expressions of pi, several registers, measure and barrier', () => {
    const p = parseQasm(`${HEAD}// a comment
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
    expect(p.qregs).toEqual([{ name: 'a', size: 2, offset: 0 }, { name: 'b', size: 1, offset: 2 }]);
    expect(p.numClbits).toBe(3);
    expect(p.ancillas).toBe(0);
    expect(show(`${HEAD}qreg a[2]; qreg b[1]; h a[0]; cx a[0], b[0]; u3(pi/2, -pi/4, 2*pi^2) a[1]; rz(-(1.5 + 0.5) * pi / 4) b[0]; u2(0, pi) a[1];`)).toEqual([
      'H[0]', 'CNOT[0,2]', `U3[1](${(Math.PI / 2).toFixed(6)},${(-Math.PI / 4).toFixed(6)},${(2 * Math.PI ** 2).toFixed(6)})`, `RZ[2](${(-Math.PI / 2).toFixed(6)})`, `U3[1](${(Math.PI / 2).toFixed(6)},0.000000,${Math.PI.toFixed(6)})`,
    ]);
  });

  it('evaluates expressions: precedence, right-associative powers, functions', () => {
    const angle = (e: string): number => ops(`qreg q[1]; rx(${e}) q[0];`)[0]!.angles[0]!.constant;
    expect(angle('-2^2')).toBe(-4);
    expect(angle('2^3^2')).toBe(512);
    expect(angle('1 - 2 - 3')).toBe(-4);
    expect(angle('8 / 4 / 2')).toBe(1);
    expect(angle('sin(pi/2) + cos(0) + sqrt(4) + ln(exp(1)) + tan(0) + asin(1) + acos(1) + atan(0)')).toBeCloseTo(5 + Math.PI / 2, 14);
    expect(angle('.5e1 + 1.')).toBe(6);
  });

  it('broadcasts registers and expands gate definitions with parameters', () => {
    expect(show(`${HEAD}gate bell(t) x, y { ry(t/2) x; cx x, y; } qreg q[4]; h q; bell(pi) q[2], q[3]; cx q[0], q;`.replace('cx q[0], q;', 'cz q[0], q[1];'))).toEqual(['H[0]', 'H[1]', 'H[2]', 'H[3]', `RY[2](${(Math.PI / 2).toFixed(6)})`, 'CNOT[2,3]', 'CZ[0,1]']);
    expect(show('qreg a[2]; qreg b[2]; cx a, b; cx a[0], b;')).toEqual(['CNOT[0,2]', 'CNOT[1,3]', 'CNOT[0,2]', 'CNOT[0,3]']);
  });

  it('knows every gate of qelib1.inc with its parameter and qubit counts', () => {
    const counts = Object.fromEntries([...QELIB1].map(([n, g]) => [n, [g.params, g.qubits]]));
    expect(counts).toMatchObject({ u3: [3, 1], u2: [2, 1], u1: [1, 1], u0: [1, 1], u: [3, 1], p: [1, 1], cu: [4, 2], cu3: [3, 2], ch: [0, 2], cswap: [0, 3], csx: [0, 2], rccx: [0, 3], rc3x: [0, 4], c3x: [0, 4], c3sqrtx: [0, 4], c4x: [0, 5], sxdg: [0, 1], rxx: [1, 2], rzz: [1, 2] });
    // each expansion touches only its own qubits and emits exactly `size` gates
    for (const [name, g] of QELIB1) {
      const args = Array.from({ length: g.qubits }, (_, i) => `q[${g.qubits - i}]`).join(',');
      const o = ops(`qreg q[${g.qubits + 1}]; ${name}${g.params ? `(${Array(g.params).fill('0.3').join(',')})` : ''} ${args};`);
      expect(o.length, name).toBe(g.size);
      for (const op of o) for (const q of op.qubits) expect(q, name).toBeGreaterThan(0);
    }
  });

  it('uses the standard gate for a compatible definition of a qelib1 name (as Qiskit does), refuses others', () => {
    // QASMBench's qelib1.inc defines c4x so that it is not a 4-controlled X; the standard one is used
    const own = `qreg q[5]; gate c4x a,b,c,d,e { h e; } c4x q[0],q[1],q[2],q[3],q[4];`;
    expect(ops(own).length).toBe(QELIB1.get('c4x')!.size);
    expect(() => parseQasm('qreg q[2]; gate cx a { x a; }')).toThrow(/qelib1.inc gate with 0 parameters and 2 qubits; this definition has 0 parameters and 1 qubit/);
    expect(() => parseQasm('qreg q[2]; gate ryy(t) a,b { cx a,b; } gate ryy(t) a,b { cx a,b; }')).toThrow(/"ryy" is already defined \(line 1\)/);
    expect(() => parseQasm('qreg q[1]; gate g a { x a; }\ngate g a { y a; }')).toThrow(/line 2, column 6: gate "g" is already defined \(line 1\)/);
    expect(() => parseQasm('qreg q[1]; gate U(a,b,c) x { }')).toThrow(/built into the language/);
  });

  it('accepts opaque declarations and refuses to run them, naming both lines', () => {
    expect(parseQasm('qreg q[2];\nopaque magic(t) a, b;\nh q[0];').circuit.ops.length).toBe(1);
    const err = (() => { try { parseQasm('qreg q[2];\nopaque magic(t) a, b;\nmagic(0.1) q[0], q[1];'); } catch (e) { return e; } return undefined; })();
    expect(err).toBeInstanceOf(QasmUnsupportedError);
    expect((err as QasmUnsupportedError).line).toBe(3);
    expect((err as Error).message).toMatch(/gate "magic" is declared opaque \(line 2\)/);
    expect(() => parseQasm('qreg q[1];\nopaque o a;\ngate g a { o a; }\ng q[0];')).toThrow(/line 4, column 1: gate "g" applies the opaque gate "o" \(declared at line 2\)/);
  });

  it('defers measurement: a measured qubit that changes first copies its value to an ancilla', () => {
    // measured qubit used only as a control or by a diagonal gate: no ancilla needed
    expect(parseQasm(`${HEAD}qreg q[2]; creg c[1]; h q[0]; measure q[0] -> c[0]; cx q[0], q[1]; rz(1) q[0]; cu1(1) q[1], q[0];`).ancillas).toBe(0);
    const p = parseQasm(`${HEAD}qreg q[2]; creg c[2]; h q[0]; measure q[0] -> c[0]; h q[0]; measure q[0] -> c[1];`);
    expect(p.ancillas).toBe(1);
    expect(p.circuit.numQubits).toBe(3);
    expect(p.measurements).toEqual([{ qubit: 2, clbit: 0 }, { qubit: 0, clbit: 1 }]);
    expect(show(`${HEAD}qreg q[2]; creg c[2]; h q[0]; measure q[0] -> c[0]; h q[0];`)).toEqual(['H[0]', 'CNOT[0,2]', 'H[0]']);
    // a qreg declared after an ancilla was needed keeps its index; ancillas come last
    const late = parseQasm('qreg a[1]; creg c[1]; h a[0]; measure a[0] -> c[0]; x a[0]; qreg b[1]; x b[0];');
    expect(late.qubitNames).toEqual(['a[0]', 'b[0]']);
    expect(late.measurements).toEqual([{ qubit: 2, clbit: 0 }]);
    expect(show('qreg a[1]; creg c[1]; h a[0]; measure a[0] -> c[0]; x a[0]; qreg b[1]; x b[0];')).toEqual(['H[0]', 'CNOT[0,2]', 'X[0]', 'X[1]']);
  });

  it('resets by swapping with a fresh ancilla, and not at all while the qubit is still |0>', () => {
    expect(parseQasm('qreg q[2]; reset q; h q[0]; cx q[0], q[1];').ancillas).toBe(0);
    expect(show('qreg q[1]; h q[0]; reset q[0]; x q[0];')).toEqual(['H[0]', 'SWAP[0,1]', 'X[0]']);
    // a qubit used only as a control is still |0>
    expect(parseQasm('qreg q[2]; cx q[0], q[1]; reset q[0];').ancillas).toBe(0);
  });

  it('runs if(c==n) as gates controlled by the qubits that hold c, any register size', () => {
    // c[0] is on q[0] (never changed after measuring): if(c==1) x q[1] is a CNOT
    expect(show('qreg q[2]; creg c[1]; h q[0]; measure q[0] -> c[0]; if (c == 1) x q[1];')).toEqual(['H[0]', 'CNOT[0,1]']);
    // value 0 flips the control around the gate
    expect(show('qreg q[2]; creg c[1]; measure q[0] -> c[0]; if(c==0) x q[1];')).toEqual(['X[0]', 'CNOT[0,1]', 'X[0]']);
    // bits never measured are 0: a condition that needs them 1 never holds, one that needs 0 drops them
    expect(show('qreg q[2]; creg c[2]; if(c==2) x q[1]; if(c==0) x q[0];')).toEqual(['X[0]']);
    expect(show('qreg q[1]; creg c[2]; if(c==4) x q[0];')).toEqual([]);
    // bit 35 of a 40-bit register, and a value beyond 2^53
    const big = parseQasm('qreg q[2]; creg c[40]; x q[0]; measure q[0] -> c[35]; if(c==34359738368) x q[1];');
    expect((big.circuit.ops as GateOp[]).map((o) => o.gate)).toEqual(['X', 'CNOT']);
    expect(parseQasm('qreg q[1]; creg c[100]; if(c==1267650600228229401496703205376) x q[0];').circuit.ops).toEqual([]);
    expect(big.conditionals).toBe(1);
  });

  it('reads classical bits of any index (bit 0 rightmost)', () => {
    const p = parseQasm('qreg q[2]; creg a[3]; creg c[40]; measure q[0] -> c[35]; measure q[1] -> a[0];');
    const s = clbitString(p, 0b01);
    expect(s).toHaveLength(43);
    expect(s.indexOf('1')).toBe(43 - 1 - (3 + 35));
    expect(clbitString(p, 0b10)).toBe(`${'0'.repeat(42)}1`);
    expect(clbitString(p, 0b11).split('1')).toHaveLength(3);
  });
});

function errorOf(src: string, options = {}): Error {
  try {
    parseQasm(src, options);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`no error for ${JSON.stringify(src.slice(0, 80))}`);
}

describe('limits, checked before allocating', () => {
  it('refuses qreg q[2000000000] (and a creg that size) without allocating', () => {
    const e = errorOf('OPENQASM 2.0;\nqreg q[2000000000];');
    expect(e).toBeInstanceOf(QasmResourceError);
    expect(e).toBeInstanceOf(ResourceError);
    expect(e.message).toMatch(/line 2, column 1: qreg q\[2000000000\] would make 2000000000 qubits: the limit is 100000/);
    expect(errorOf('creg c[99999999999999999999999];')).toBeInstanceOf(QasmResourceError);
    expect(errorOf('qreg q[3]; qreg r[3];', { maxQubits: 5 }).message).toMatch(/would make 6 qubits: the limit is 5/);
    expect(parseQasm('qreg q[3]; qreg r[3];', { maxQubits: 6 }).qubitNames).toHaveLength(6);
    expect(() => parseQasm('qreg q[1];', { maxQubits: 0 })).toThrow(/maxQubits is 0/);
  });

  it('refuses a gate definition that doubles at each level, at once, and the budget can be raised', () => {
    let src = 'qreg q[1];\ngate g0 a { x a; }\n';
    for (let i = 1; i <= 60; i++) src += `gate g${i} a { g${i - 1} a; g${i - 1} a; }\n`;
    const e = errorOf(`${src}g60 q[0];`);
    expect(e).toBeInstanceOf(QasmResourceError);
    expect(e.message).toMatch(/line 63, column 1: this statement would expand the circuit to more than 1000000 gates/);
    expect(e.message).toMatch(/maxGates/);
    expect(errorOf(`${src}g10 q[0];`, { maxGates: 1000 })).toBeInstanceOf(QasmResourceError);
    expect(parseQasm(`${src}g10 q[0];`, { maxGates: 1024 }).circuit.ops).toHaveLength(1024);
    // conditionals expand too: a condition on 30 measured bits is refused before it is built
    const wide = `qreg q[31]; creg c[30]; ${Array.from({ length: 30 }, (_, i) => `measure q[${i}] -> c[${i}];`).join(' ')} if(c==5) x q[30];`;
    expect(errorOf(wide)).toBeInstanceOf(QasmResourceError);
  });

  it('refuses expressions nested beyond the depth limit instead of overflowing the stack', () => {
    for (const e of ['('.repeat(100_000), '-'.repeat(100_000), `${'sin('.repeat(50_000)}1`, `${'2^'.repeat(50_000)}2`]) {
      const err = errorOf(`qreg q[1];\nrx(${e}) q[0];`);
      expect(err, e.slice(0, 5)).toBeInstanceOf(QasmResourceError);
      expect(err.message).toMatch(/line 2, column \d+: expression nested more than 256 deep/);
    }
    expect(ops(`qreg q[1]; rx(${'('.repeat(200)}1${')'.repeat(200)}) q[0];`)[0]!.angles[0]!.constant).toBe(1);
    expect(errorOf(`qreg q[1]; rx(${'('.repeat(20)}1${')'.repeat(20)}) q[0];`, { maxExpressionDepth: 10 })).toBeInstanceOf(QasmResourceError);
  });

  it('expands a chain of 20000 nested gate definitions without recursion', () => {
    let src = 'qreg q[1];\ngate g0 a { x a; }\n';
    for (let i = 1; i <= 20_000; i++) src += `gate g${i} a { g${i - 1} a; }\n`;
    expect(ops(`${src}g20000 q[0];`)).toHaveLength(1);
  });
});

/** Bad inputs: each gives a clear hqml error naming the line (and no crash, no hang). */
const CORPUS: [string, string, typeof QasmSyntaxError | typeof QasmUnsupportedError | typeof QasmResourceError, number, RegExp][] = [
  ['missing semicolon', 'OPENQASM 2.0;\nqreg q[2];\nh q[0]\ncx q[0], q[1];', QasmSyntaxError, 4, /expected ";" after "h" of line 3 but found "cx"/],
  ['unterminated barrier', 'qreg q[2];\nbarrier q', QasmSyntaxError, 2, /expected ";" after "barrier" of line 2 but found "<end of file>"/],
  ['unterminated barrier in a gate body', 'qreg q[1];\ngate g a { barrier a', QasmSyntaxError, 2, /found "<end of file>"/],
  ['unterminated gate body', 'qreg q[1];\ngate g a {\n h a;', QasmSyntaxError, 3, /body of gate "g" \(opened at line 2\) is not closed/],
  ['unterminated parameter list', 'qreg q[1];\nu3(1, 2', QasmSyntaxError, 2, /expected "," or "\)"/],
  ['unterminated index', 'qreg q[', QasmSyntaxError, 1, /expected a non-negative integer but found "<end of file>"/],
  ['unterminated if', 'qreg q[1]; creg c[1];\nif (c == 1', QasmSyntaxError, 2, /expected "\)"/],
  ['unterminated measure', 'qreg q[1]; creg c[1];\nmeasure q[0] ->', QasmSyntaxError, 2, /expected a classical bit/],
  ['unterminated comment', 'qreg q[1];\n/* never closed', QasmSyntaxError, 2, /unterminated \/\* comment/],
  ['unterminated string', 'include "qelib1.inc;\nqreg q[1];', QasmSyntaxError, 1, /unterminated string/],
  ['unknown gate', 'qreg q[1];\n  foo q[0];', QasmSyntaxError, 2, /unknown gate "foo"/],
  ['index out of range', 'qreg q[2];\nh q[5];', QasmSyntaxError, 2, /index 5 is out of range for q\[2\]/],
  ['huge index', 'qreg q[2];\nh q[123456789012345678901234567890];', QasmSyntaxError, 2, /out of range/],
  ['unknown identifier', 'qreg q[1];\nrx(2*theta) q[0];', QasmSyntaxError, 2, /unknown identifier "theta"/],
  ['unknown register', 'qreg q[1];\nh r[0];', QasmSyntaxError, 2, /unknown qreg "r"/],
  ['creg used as qubits', 'qreg q[1]; creg c[1];\nh c[0];', QasmSyntaxError, 2, /unknown qreg "c" \("c" is a creg\)/],
  ['same qubit twice', 'qreg q[2];\ncx q[0], q[0];', QasmSyntaxError, 2, /applied to the same qubit twice/],
  ['broadcast mismatch', 'qreg a[2]; qreg b[3];\ncx a, b;', QasmSyntaxError, 2, /cannot be broadcast/],
  ['wrong parameter count', 'qreg q[1];\nrx(1, 2) q[0];', QasmSyntaxError, 2, /takes 1 parameter, got 2/],
  ['wrong qubit count', 'qreg q[2];\nh q[0], q[1];', QasmSyntaxError, 2, /acts on 1 qubit, got 2/],
  ['division by zero', 'qreg q[1];\nrx(1/0) q[0];', QasmSyntaxError, 2, /evaluates to Infinity/],
  ['overflow in a definition', 'qreg q[1];\ngate g(t) a { rx(1/t) a; }\ng(0) q[0];', QasmSyntaxError, 3, /"rx" \(line 2, in the definition of "g"\) evaluates to Infinity/],
  ['NaN angle', 'qreg q[1];\nrx(sqrt(-1)) q[0];', QasmSyntaxError, 2, /evaluates to NaN/],
  ['register twice', 'qreg q[1];\nqreg q[2];', QasmSyntaxError, 2, /already declared \(line 1\)/],
  ['empty register', 'qreg q[0];', QasmSyntaxError, 1, /has no bits/],
  ['measure size mismatch', 'qreg q[2]; creg c[3];\nmeasure q -> c;', QasmSyntaxError, 2, /maps 2 qubits to 3 bits/],
  ['no qreg', 'OPENQASM 2.0;\ninclude "qelib1.inc";\n', QasmSyntaxError, 3, /declares no qreg/],
  ['recursive gate', 'qreg q[1];\ngate g a { g a; }', QasmSyntaxError, 2, /applies itself/],
  ['undefined argument in body', 'qreg q[1];\ngate g a { h b; }', QasmSyntaxError, 2, /"b" is not an argument of this gate/],
  ['indexed argument in body', 'qreg q[1];\ngate g a { h a[0]; }', QasmSyntaxError, 2, /cannot be indexed/],
  ['measure in body', 'qreg q[1];\ngate g a { measure a -> c; }', QasmSyntaxError, 2, /"measure" is not allowed in the body/],
  ['odd character', 'qreg q[1];\nh q[0]; @', QasmSyntaxError, 2, /unexpected character "@"/],
  ['late header', 'qreg q[1];\nOPENQASM 2.0;', QasmSyntaxError, 2, /must be the first statement/],
  ['OpenQASM 3', 'OPENQASM 3.0;\nqubit q;', QasmUnsupportedError, 1, /OPENQASM 3.0: only OpenQASM 2.0/],
  ['other include', 'include "mylib.inc";', QasmUnsupportedError, 1, /include "mylib.inc"/],
  ['conditional measure', 'qreg q[1]; creg c[1];\nif (c == 1) measure q[0] -> c[0];', QasmUnsupportedError, 2, /conditional measure/],
  ['conditional reset', 'qreg q[1]; creg c[1];\nif (c == 0) reset q[0];', QasmUnsupportedError, 2, /conditional reset/],
  ['opaque gate used', 'qreg q[1];\nopaque o a;\no q[0];', QasmUnsupportedError, 3, /declared opaque/],
  ['huge qreg', 'qreg q[2000000000];', QasmResourceError, 1, /would make 2000000000 qubits/],
  ['deep parentheses', `qreg q[1];\nrx(${'('.repeat(5000)}) q[0];`, QasmResourceError, 2, /nested more than 256 deep/],
];

describe('bad-input corpus', () => {
  for (const [name, src, cls, line, message] of CORPUS) {
    it(`${name}: ${cls.name} at line ${line}`, () => {
      const e = errorOf(src);
      expect(e).toBeInstanceOf(cls);
      expect((e as QasmSyntaxError).line).toBe(line);
      expect(e.message).toMatch(new RegExp(`^OpenQASM line ${line}, column \\d+: `));
      expect(e.message).toMatch(message);
    });
  }
});

describe('OpenQASM 2.0 export', () => {
  it('writes every gate, binding parameters, with definitions for gates outside the paper\'s qelib1.inc', () => {
    const c = new CircuitBuilder(3).h(0).x(1).y(2).z(0).s(1).sdg(2).t(0).tdg(1).sx(2).rx(0, param(0)).ry(1, Math.PI / 3).rz(2, 0.1234).p(0, -Math.PI / 4)
      .u3(1, 0.1, 0.2, 0.3).cnot(0, 1).cz(1, 2).swap(0, 2).crx(0, 1, 0.5).cry(1, 2, 0.6).crz(2, 0, 0.7).rxx(0, 1, 0.8).ryy(1, 2, 0.9).rzz(0, 2, 1.0).build();
    const text = toQasm(c, { params: [Math.PI / 2] });
    expect(text).toContain('rx(pi/2) q[0];');
    expect(text).toContain('ry(pi/3) q[1];');
    expect(text).toContain('u1(-pi/4) q[0];');
    expect(text).toContain('rz(0.1234) q[2];');
    expect(text).toContain('measure q -> c;');
    for (const g of ['sx', 'swap', 'crx', 'cry', 'rxx', 'ryy', 'rzz']) expect(text).toMatch(new RegExp(`^gate ${g}\\b`, 'm'));
    // read back: the definitions are compatible, so the standard gates are used, one to one
    const back = parseQasm(text);
    expect((back.circuit.ops as GateOp[]).map((o) => o.gate)).toEqual(c.ops.map((o) => o.gate));
    expect(back.measurements.length).toBe(3);
    expect((back.circuit.ops[9] as GateOp).angles[0]!.constant).toBeCloseTo(Math.PI / 2, 15);
    expect((back.circuit.ops[11] as GateOp).angles[0]!.constant).toBe(0.1234);
  });

  it('binds per-sample inputs and writes amplitude encoding as RY/CNOT state preparation', () => {
    const c = new CircuitBuilder(2).rx(0, input(0, 2)).rz(1, param(0)).build();
    expect(toQasm(c, { params: [0.5], inputs: [0.25], measure: false })).toBe(`OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nrx(0.5) q[0];\nrz(0.5) q[1];\n`);
    const amp = toQasm(new CircuitBuilder(2).amplitude(2).build(), { inputs: [1, 2, 3, 4], measure: false });
    expect(amp).toMatch(/^ry\(/m);
    expect(amp).toMatch(/^cx q\[1\],q\[0\];/m);
  });

  it('refuses missing or wrong parameter and input values', () => {
    expect(() => toQasm(new CircuitBuilder(1).rx(0, param(0)).build())).toThrow(/got 0 parameter value\(s\): the circuit has 1 trainable parameters/);
    expect(() => toQasm(new CircuitBuilder(1).rx(0, input(0)).build())).toThrow(ValidationError);
    expect(() => toQasm(new CircuitBuilder(1).rx(0, input(0)).build(), { inputs: [Number.NaN] })).toThrow(/inputs\[0\] is NaN/);
    expect(() => toQasm(new CircuitBuilder(1).amplitude(1).build(), { inputs: [0, 0] })).toThrow(/squared norm 0/);
  });

  it('formats angles', () => {
    expect(formatQasmAngle(Math.PI)).toBe('pi');
    expect(formatQasmAngle((-3 * Math.PI) / 4)).toBe('-3*pi/4');
    expect(formatQasmAngle(0.3)).toBe('0.3');
  });
});
