import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { type AngleExpr, constant, evaluateAngle, param } from './angle.js';
import { CircuitBuilder, type GateOp } from './circuit.js';
import { GATES, GATE_NAMES, type GateName } from './gates.js';
import { inverseCircuit, inverseGate, inverseOps } from './inverse.js';

// Gate matrices written out by hand from the conventions in gates.ts (Qiskit's), as the oracle:
// complex numbers are [re, im]; two-qubit matrices act on |q1 q0> with the op's first qubit as q0.
type C = readonly [number, number];
type M = C[][];
const c = (re: number, im = 0): C => [re, im];
const e = (t: number): C => [Math.cos(t), Math.sin(t)];
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const matmul = (a: M, b: M): M => a.map((row) => b[0]!.map((_, j) => row.reduce<C>((acc, x, k) => { const p = mul(x, b[k]![j]!); return [acc[0] + p[0], acc[1] + p[1]]; }, [0, 0])));
const ch = Math.cos, sh = Math.sin;

function one(g: GateName, a: number[]): M {
  const [t = 0, p = 0, l = 0] = a;
  switch (g) {
    case 'I': return [[c(1), c(0)], [c(0), c(1)]];
    case 'H': return [[c(Math.SQRT1_2), c(Math.SQRT1_2)], [c(Math.SQRT1_2), c(-Math.SQRT1_2)]];
    case 'X': return [[c(0), c(1)], [c(1), c(0)]];
    case 'Y': return [[c(0), c(0, -1)], [c(0, 1), c(0)]];
    case 'Z': return [[c(1), c(0)], [c(0), c(-1)]];
    case 'S': return [[c(1), c(0)], [c(0), c(0, 1)]];
    case 'Sdg': return [[c(1), c(0)], [c(0), c(0, -1)]];
    case 'T': return [[c(1), c(0)], [c(0), e(Math.PI / 4)]];
    case 'Tdg': return [[c(1), c(0)], [c(0), e(-Math.PI / 4)]];
    case 'SX': return [[c(0.5, 0.5), c(0.5, -0.5)], [c(0.5, -0.5), c(0.5, 0.5)]];
    case 'RX': return [[c(ch(t / 2)), c(0, -sh(t / 2))], [c(0, -sh(t / 2)), c(ch(t / 2))]];
    case 'RY': return [[c(ch(t / 2)), c(-sh(t / 2))], [c(sh(t / 2)), c(ch(t / 2))]];
    case 'RZ': return [[e(-t / 2), c(0)], [c(0), e(t / 2)]];
    case 'P': return [[c(1), c(0)], [c(0), e(t)]];
    case 'U3': return [[c(ch(t / 2)), mul(e(l), c(-sh(t / 2)))], [mul(e(p), c(sh(t / 2))), mul(e(p + l), c(ch(t / 2)))]];
    default: throw new Error(g);
  }
}

/** 4x4 matrix of a two-qubit gate on (q0 = op.qubits[0], q1 = op.qubits[1]); index = q1*2 + q0. */
function two(g: GateName, a: number[]): M {
  const t = a[0] ?? 0;
  const m: M = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (__, j) => c(i === j ? 1 : 0)));
  const ctrl = (u: M): M => { // control q0, target q1: acts on indices with q0 = 1 (1 and 3)
    const r = m.map((row) => [...row]);
    r[1]![1] = u[0]![0]!; r[1]![3] = u[0]![1]!; r[3]![1] = u[1]![0]!; r[3]![3] = u[1]![1]!;
    return r;
  };
  switch (g) {
    case 'CNOT': return ctrl(one('X', []));
    case 'CZ': return ctrl(one('Z', []));
    case 'CRX': return ctrl(one('RX', [t]));
    case 'CRY': return ctrl(one('RY', [t]));
    case 'CRZ': return ctrl(one('RZ', [t]));
    case 'SWAP': return [[c(1), c(0), c(0), c(0)], [c(0), c(0), c(1), c(0)], [c(0), c(1), c(0), c(0)], [c(0), c(0), c(0), c(1)]];
    case 'RZZ': return [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? e(((i === 0 || i === 3) ? -1 : 1) * t / 2) : c(0))));
    case 'RXX':
    case 'RYY': {
      const cs = c(ch(t / 2)), s = c(0, -sh(t / 2));
      const anti = g === 'RXX' ? [s, s, s, s] : [c(0, sh(t / 2)), s, s, c(0, sh(t / 2))];
      // exp(-i t P⊗P / 2) = cos I - i sin P⊗P; X⊗X maps i -> 3-i, Y⊗Y too with sign -1 on |00>,|11>.
      return [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? cs : j === 3 - i ? anti[i]! : c(0))));
    }
    default: throw new Error(g);
  }
}

const matrix = (o: GateOp): M => {
  const a = o.angles.map((x) => evaluateAngle(x, [0.37, -1.1], [0.8]));
  return GATES[o.gate].arity === 1 ? one(o.gate, a) : two(o.gate, a);
};

/** Distance of m from phase * I, and the phase. */
function fromIdentity(m: M): { dist: number; phase: C } {
  const phase = m[0]![0]!;
  let dist = 0;
  m.forEach((row, i) => row.forEach((x, j) => {
    const want = i === j ? phase : c(0);
    dist = Math.max(dist, Math.hypot(x[0] - want[0], x[1] - want[1]));
  }));
  return { dist, phase };
}

describe('inverseGate', () => {
  const angleFor = (k: number): AngleExpr => (k === 0 ? param(0, 1.3) : k === 1 ? constant(-0.42) : param(1, -0.5));

  it.each(GATE_NAMES.map((g) => [g]))('%s times its inverse is the identity (SX: up to a global phase)', (g) => {
    const spec = GATES[g];
    const qubits = spec.arity === 1 ? [0] : [0, 1];
    const gate: GateOp = { gate: g, qubits, angles: Array.from({ length: spec.angles }, (_, k) => angleFor(k)) };
    const inv = inverseGate(gate);
    expect(inv.qubits).toEqual(qubits);
    const { dist, phase } = fromIdentity(matmul(matrix(inv), matrix(gate)));
    expect(dist).toBeLessThan(1e-12);
    expect(Math.hypot(phase[0], phase[1])).toBeCloseTo(1, 12);
    if (g !== 'SX') expect(phase[0]).toBeCloseTo(1, 12);
  });

  it('keeps parameter references symbolic, negated', () => {
    const inv = inverseGate({ gate: 'RY', qubits: [2], angles: [param(3, 0.5)] });
    expect(inv.angles[0]!.terms).toEqual([{ source: 'param', index: 3, coeff: -0.5 }]);
  });
});

describe('inverseOps / inverseCircuit', () => {
  it('reverses the order and inverts each gate; U^-1 U has twice the gates', () => {
    const u = new CircuitBuilder(3).h(0).s(1).cnot(0, 2).rz(2, param(0)).build();
    const inv = inverseCircuit(u);
    expect(inv.ops.map((o) => o.gate)).toEqual(['RZ', 'CNOT', 'Sdg', 'H']);
    expect(inv.numParams).toBe(1);
    expect((inv.ops[0] as GateOp).angles[0]!.terms[0]!.coeff).toBe(-1);
  });

  it('rejects amplitude encoding with a ValidationError that says what to invert instead', () => {
    const c2 = new CircuitBuilder(2).amplitude(2).h(0).build();
    expect(() => inverseOps(c2.ops)).toThrow(ValidationError);
    expect(() => inverseCircuit(c2)).toThrow(/slice\(1\)/);
  });
});
