import type { GateName } from '../circuit/gates.js';
import { type GateSink, phaseOnAllOnes } from './synthesis.js';

/** A gate of qelib1.inc (or a built-in of the language), as an exact expansion into IR gates. */
export interface LibraryGate {
  readonly params: number;
  readonly qubits: number;
  /** Where it comes from: the OpenQASM 2 paper's qelib1.inc, Qiskit's extended copy, or the language. */
  readonly origin: 'language' | 'paper' | 'qiskit' | 'hqml';
  /** Number of IR gates the expansion emits. */
  readonly size: number;
  readonly expand: (a: readonly number[], q: readonly number[], sink: GateSink) => void;
}

const PI = Math.PI;

type Spec = Omit<LibraryGate, 'size'>;

const one = (gate: GateName, origin: Spec['origin'], params = 0): Spec => ({
  params,
  qubits: 1,
  origin,
  expand: (a, q, s) => s.emit(gate, q, a),
});
const two = (gate: GateName, origin: Spec['origin'], params = 0): Spec => ({
  params,
  qubits: 2,
  origin,
  expand: (a, q, s) => s.emit(gate, q, a),
});

function ccx(a: number, b: number, c: number, s: GateSink): void {
  s.emit('H', [c], []); s.emit('CNOT', [b, c], []); s.emit('Tdg', [c], []); s.emit('CNOT', [a, c], []); s.emit('T', [c], []);
  s.emit('CNOT', [b, c], []); s.emit('Tdg', [c], []); s.emit('CNOT', [a, c], []); s.emit('T', [b], []); s.emit('T', [c], []);
  s.emit('H', [c], []); s.emit('CNOT', [a, b], []); s.emit('T', [a], []); s.emit('Tdg', [b], []); s.emit('CNOT', [a, b], []);
}

/** Controlled U3 times e^{i gamma}: P on the control carries the phase that U3 = e^{i(phi+lambda)/2} RZ RY RZ leaves. */
function controlledU(theta: number, phi: number, lambda: number, gamma: number, c: number, t: number, s: GateSink): void {
  s.emit('P', [c], [gamma + (phi + lambda) / 2]);
  s.emit('CRZ', [c, t], [lambda]);
  s.emit('CRY', [c, t], [theta]);
  s.emit('CRZ', [c, t], [phi]);
}

/** H on `t`, a phase on all-ones, H: a multi-controlled H P(lambda) H, i.e. X for pi and sqrt(X) for pi/2. */
function controlledHph(qs: readonly number[], lambda: number, s: GateSink): void {
  const t = qs[qs.length - 1]!;
  s.emit('H', [t], []);
  phaseOnAllOnes(qs, lambda, s);
  s.emit('H', [t], []);
}

/**
 * Every gate of the OpenQASM 2 paper's qelib1.inc (Cross et al. 2017, arXiv:1707.03429) and of
 * Qiskit's extended qelib1.inc, plus the language built-ins `U` and `CX`, with Qiskit's matrices.
 *
 * Each expansion is exact: a controlled gate keeps its relative phases (a P on the control carries
 * the phase a controlled rotation would drop). Uncontrolled gates are exact too, except where
 * only a global phase of the whole gate differs, which no OpenQASM 2 program can observe (the
 * language cannot control a gate). `c3sqrtx` is the 3-controlled sqrt(X) and `c4x` the
 * 4-controlled X, as Qiskit's loader builds them (C3SXGate, C4XGate); older copies of qelib1.inc
 * define them differently (see the package README).
 */
const SPECS: Record<string, Spec> = {
  U: one('U3', 'language', 3),
  CX: two('CNOT', 'language'),
  u3: one('U3', 'paper', 3),
  u2: { params: 2, qubits: 1, origin: 'paper', expand: (a, q, s) => s.emit('U3', q, [PI / 2, a[0]!, a[1]!]) },
  u1: one('P', 'paper', 1),
  cx: two('CNOT', 'paper'),
  id: one('I', 'paper'),
  // Qiskit's loader reads u0(n) as n idle cycles; as a unitary it is the identity
  u0: { params: 1, qubits: 1, origin: 'qiskit', expand: (_, q, s) => s.emit('I', q, []) },
  u: one('U3', 'qiskit', 3),
  p: one('P', 'qiskit', 1),
  x: one('X', 'paper'),
  y: one('Y', 'paper'),
  z: one('Z', 'paper'),
  h: one('H', 'paper'),
  s: one('S', 'paper'),
  sdg: one('Sdg', 'paper'),
  t: one('T', 'paper'),
  tdg: one('Tdg', 'paper'),
  rx: one('RX', 'paper', 1),
  ry: one('RY', 'paper', 1),
  rz: one('RZ', 'paper', 1),
  sx: one('SX', 'qiskit'),
  // SX^dagger = SX^3 = X SX
  sxdg: { params: 0, qubits: 1, origin: 'qiskit', expand: (_, q, s) => { s.emit('X', q, []); s.emit('SX', q, []); } },
  cz: two('CZ', 'paper'),
  cy: { params: 0, qubits: 2, origin: 'paper', expand: (_, [c, t], s) => { s.emit('Sdg', [t!], []); s.emit('CNOT', [c!, t!], []); s.emit('S', [t!], []); } },
  swap: two('SWAP', 'qiskit'),
  // controlled H: RY(pi/4) Z RY(-pi/4) = H
  ch: { params: 0, qubits: 2, origin: 'paper', expand: (_, [c, t], s) => { s.emit('RY', [t!], [-PI / 4]); s.emit('CZ', [c!, t!], []); s.emit('RY', [t!], [PI / 4]); } },
  ccx: { params: 0, qubits: 3, origin: 'paper', expand: (_, [a, b, c], s) => ccx(a!, b!, c!, s) },
  cswap: { params: 0, qubits: 3, origin: 'qiskit', expand: (_, [a, b, c], s) => { s.emit('CNOT', [c!, b!], []); ccx(a!, b!, c!, s); s.emit('CNOT', [c!, b!], []); } },
  crx: two('CRX', 'qiskit', 1),
  cry: two('CRY', 'qiskit', 1),
  crz: two('CRZ', 'paper', 1),
  cu1: { params: 1, qubits: 2, origin: 'paper', expand: (a, [c, t], s) => { s.emit('P', [c!], [a[0]! / 2]); s.emit('CRZ', [c!, t!], [a[0]!]); } },
  cp: { params: 1, qubits: 2, origin: 'qiskit', expand: (a, [c, t], s) => { s.emit('P', [c!], [a[0]! / 2]); s.emit('CRZ', [c!, t!], [a[0]!]); } },
  cu3: { params: 3, qubits: 2, origin: 'paper', expand: (a, [c, t], s) => controlledU(a[0]!, a[1]!, a[2]!, 0, c!, t!, s) },
  cu: { params: 4, qubits: 2, origin: 'qiskit', expand: (a, [c, t], s) => controlledU(a[0]!, a[1]!, a[2]!, a[3]!, c!, t!, s) },
  // controlled sqrt(X): SX = e^{i pi/4} RX(pi/2)
  csx: { params: 0, qubits: 2, origin: 'qiskit', expand: (_, [c, t], s) => { s.emit('P', [c!], [PI / 4]); s.emit('CRX', [c!, t!], [PI / 2]); } },
  rxx: two('RXX', 'qiskit', 1),
  ryy: two('RYY', 'hqml', 1),
  rzz: two('RZZ', 'qiskit', 1),
  // the relative-phase Toffoli of Qiskit's qelib1.inc (Margolus), gate for gate
  rccx: {
    params: 0,
    qubits: 3,
    origin: 'qiskit',
    expand: (_, [a, b, c], s) => {
      s.emit('H', [c!], []); s.emit('T', [c!], []); s.emit('CNOT', [b!, c!], []); s.emit('Tdg', [c!], []); s.emit('CNOT', [a!, c!], []);
      s.emit('T', [c!], []); s.emit('CNOT', [b!, c!], []); s.emit('Tdg', [c!], []); s.emit('H', [c!], []);
    },
  },
  // the relative-phase 3-controlled X of Qiskit's qelib1.inc, gate for gate
  rc3x: {
    params: 0,
    qubits: 4,
    origin: 'qiskit',
    expand: (_, [a, b, c, d], s) => {
      const D = d!;
      s.emit('H', [D], []); s.emit('T', [D], []); s.emit('CNOT', [c!, D], []); s.emit('Tdg', [D], []); s.emit('H', [D], []);
      s.emit('CNOT', [a!, D], []); s.emit('T', [D], []); s.emit('CNOT', [b!, D], []); s.emit('Tdg', [D], []);
      s.emit('CNOT', [a!, D], []); s.emit('T', [D], []); s.emit('CNOT', [b!, D], []); s.emit('Tdg', [D], []);
      s.emit('H', [D], []); s.emit('T', [D], []); s.emit('CNOT', [c!, D], []); s.emit('Tdg', [D], []); s.emit('H', [D], []);
    },
  },
  c3x: { params: 0, qubits: 4, origin: 'qiskit', expand: (_, q, s) => controlledHph(q, PI, s) },
  // H P(pi/2) H = sqrt(X) exactly
  c3sqrtx: { params: 0, qubits: 4, origin: 'qiskit', expand: (_, q, s) => controlledHph(q, PI / 2, s) },
  c4x: { params: 0, qubits: 5, origin: 'qiskit', expand: (_, q, s) => controlledHph(q, PI, s) },
};

function sizeOf(spec: Spec): number {
  let n = 0;
  const counter: GateSink = { emit: () => { n++; }, reserve: () => undefined };
  spec.expand(Array.from({ length: spec.params }, () => 0.1), Array.from({ length: spec.qubits }, (_, i) => i), counter);
  return n;
}

/** The gate library, by OpenQASM name. */
export const QELIB1: ReadonlyMap<string, LibraryGate> = new Map(
  Object.entries(SPECS).map(([name, spec]) => [name, Object.freeze({ ...spec, size: sizeOf(spec) })]),
);
