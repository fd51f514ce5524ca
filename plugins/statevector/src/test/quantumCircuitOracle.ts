import QuantumCircuit from 'quantum-circuit';
import type { Circuit, GateOp } from '@hqml/core';

/** Gate names and angle conventions of npm's quantum-circuit (its XX and YY take half our angle). */
export function toOracle(c: Circuit): QuantumCircuit {
  const q = new QuantumCircuit(c.numQubits);
  for (const op of c.ops as readonly GateOp[]) {
    const a = op.angles.map((x) => x.constant);
    const w = [...op.qubits];
    switch (op.gate) {
      case 'H': case 'X': case 'Y': case 'Z': case 'S': case 'T':
        q.appendGate(op.gate.toLowerCase(), w, {}); break;
      case 'Sdg': q.appendGate('sdg', w, {}); break;
      case 'Tdg': q.appendGate('tdg', w, {}); break;
      case 'SX': q.appendGate('srn', w, {}); break;
      case 'RX': case 'RY': q.appendGate(op.gate.toLowerCase(), w, { params: { theta: a[0] } }); break;
      case 'RZ': q.appendGate('rz', w, { params: { phi: a[0] } }); break;
      case 'P': q.appendGate('u1', w, { params: { lambda: a[0] } }); break;
      case 'U3': q.appendGate('u3', w, { params: { theta: a[0], phi: a[1], lambda: a[2] } }); break;
      case 'CNOT': q.appendGate('cx', w, {}); break;
      case 'CZ': q.appendGate('cz', w, {}); break;
      case 'SWAP': q.appendGate('swap', w, {}); break;
      case 'CRX': case 'CRY': q.appendGate(op.gate.toLowerCase(), w, { params: { theta: a[0] } }); break;
      case 'CRZ': q.appendGate('crz', w, { params: { phi: a[0] } }); break;
      case 'RXX': q.appendGate('xx', w, { params: { theta: a[0]! / 2 } }); break;
      case 'RYY': q.appendGate('yy', w, { params: { theta: a[0]! / 2 } }); break;
      // its ZZ, unlike its XX and YY, is exp(-i theta ZZ / 2) already
      case 'RZZ': q.appendGate('zz', w, { params: { theta: a[0] } }); break;
      default: throw new Error(`no oracle mapping for ${op.gate}`);
    }
  }
  q.run();
  return q;
}

/**
 * Largest deviation between our state and the oracle's, after removing the global phase (taken
 * from our largest amplitude); also returns |phase|, which must be 1.
 */
export function oracleDistance(oracle: QuantumCircuit, re: Float64Array, im: Float64Array): { phaseModulus: number; maxErr: number } {
  const N = re.length;
  const state = (oracle as unknown as { state: Record<number, { re: number; im: number }> }).state;
  let k = 0;
  for (let i = 0; i < N; i++) if (re[i]! ** 2 + im[i]! ** 2 > re[k]! ** 2 + im[k]! ** 2) k = i;
  const o = state[k] ?? { re: 0, im: 0 };
  const denom = re[k]! ** 2 + im[k]! ** 2;
  // phase = o / ours
  const pr = (o.re * re[k]! + o.im * im[k]!) / denom;
  const pi = (o.im * re[k]! - o.re * im[k]!) / denom;
  let maxErr = 0;
  for (let i = 0; i < N; i++) {
    const oi = state[i] ?? { re: 0, im: 0 };
    const er = re[i]! * pr - im[i]! * pi - oi.re;
    const ei = re[i]! * pi + im[i]! * pr - oi.im;
    maxErr = Math.max(maxErr, Math.hypot(er, ei));
  }
  return { phaseModulus: Math.hypot(pr, pi), maxErr };
}
