import { UnsupportedError, ValidationError } from '../errors.js';
import { type AngleExpr, constant, scaleAngle } from './angle.js';
import { Circuit, type GateOp, type Op } from './circuit.js';
import type { GateName } from './gates.js';

/** Gates that are their own inverse. */
const SELF_INVERSE: ReadonlySet<GateName> = new Set<GateName>(['I', 'H', 'X', 'Y', 'Z', 'CNOT', 'CZ', 'SWAP']);

/** Gates whose inverse is the same gate with every angle negated. */
const NEGATE_ANGLE: ReadonlySet<GateName> = new Set<GateName>(['RX', 'RY', 'RZ', 'P', 'CRX', 'CRY', 'CRZ', 'RXX', 'RYY', 'RZZ']);

const neg = (a: AngleExpr): AngleExpr => scaleAngle(a, -1);

function op(gate: GateName, qubits: readonly number[], angles: readonly AngleExpr[]): GateOp {
  return Object.freeze({ gate, qubits: Object.freeze([...qubits]), angles: Object.freeze([...angles]) });
}

/**
 * The inverse of one gate of the IR, as a gate of the IR (noise scaling by unitary folding,
 * G -> G G^-1 G, needs it).
 *
 * Every inverse is exact except SX, whose inverse is returned as RX(-pi/2): SX = e^{i pi/4} RX(pi/2),
 * so the two differ by a global phase, which no expectation value, probability or sample can
 * see (the IR has no controlled-SX). Angles that depend on parameters or inputs stay symbolic
 * (`p[0]` becomes `-p[0]`), so a folded circuit keeps the original's parameters and gradients.
 */
export function inverseGate(gateOp: GateOp): GateOp {
  const { gate, qubits, angles } = gateOp;
  if (SELF_INVERSE.has(gate)) return op(gate, qubits, []);
  if (NEGATE_ANGLE.has(gate)) return op(gate, qubits, angles.map(neg));
  switch (gate) {
    case 'S':
      return op('Sdg', qubits, []);
    case 'Sdg':
      return op('S', qubits, []);
    case 'T':
      return op('Tdg', qubits, []);
    case 'Tdg':
      return op('T', qubits, []);
    case 'SX':
      return op('RX', qubits, [constant(-Math.PI / 2)]);
    case 'U3': {
      // U3(t, p, l) = Rz(p) Ry(t) Rz(l) e^{i(p+l)/2}, so its inverse Rz(-l) Ry(-t) Rz(-p) e^{-i(p+l)/2} is U3(-t, -l, -p) exactly.
      const [t, p, l] = angles as readonly [AngleExpr, AngleExpr, AngleExpr];
      return op('U3', qubits, [neg(t), neg(l), neg(p)]);
    }
    default:
      throw new UnsupportedError({ what: `No inverse is known for gate ${String(gate)}`, why: 'inverseGate covers the gates of GATES', fix: 'Add the gate to packages/core/src/circuit/inverse.ts' });
  }
}

/** Whether an op is a unitary gate (not the amplitude-encoding state preparation). */
export function isGateOp(o: Op): o is GateOp {
  return o.gate !== 'AMPLITUDE';
}

/**
 * The inverse of a sequence of gates: the gates' inverses in reverse order. Amplitude encoding
 * is state preparation, not a unitary of the circuit, and has no inverse here.
 */
export function inverseOps(ops: readonly Op[]): GateOp[] {
  const out: GateOp[] = [];
  for (let k = ops.length - 1; k >= 0; k--) {
    const o = ops[k] as Op;
    if (!isGateOp(o)) {
      throw new ValidationError({
        what: `op ${k} is AMPLITUDE encoding`,
        why: 'state preparation is not a unitary gate and has no inverse',
        fix: 'Invert only the gates after the state preparation (circuit.ops.slice(1))',
      });
    }
    out.push(inverseGate(o));
  }
  return out;
}

/**
 * The inverse circuit U^-1 of a circuit U made of gates only (same qubits, parameters and
 * inputs). A circuit that starts with amplitude encoding is a ValidationError.
 */
export function inverseCircuit(circuit: Circuit): Circuit {
  return new Circuit({ numQubits: circuit.numQubits, numParams: circuit.numParams, numInputs: circuit.numInputs, ops: inverseOps(circuit.ops) });
}
