import type { GateName } from '../circuit/gates.js';

/**
 * Where expanded IR gates go. `reserve(n)` announces that `n` more gates are about to be emitted,
 * so a budget can refuse a large expansion before any of it is built.
 */
export interface GateSink {
  emit(gate: GateName, qubits: readonly number[], angles: readonly number[]): void;
  reserve(count: number): void;
}

const PI = Math.PI;

/** Gates {@link phaseOnAllOnes} emits for `m` qubits: 2^m - 1 phases and 2(m 2^(m-1) - 2^m + 1) CNOTs. */
export function phaseOnAllOnesCost(m: number): number {
  if (m <= 1) return 1;
  return 2 ** m - 1 + 2 * (m * 2 ** (m - 1) - (2 ** m - 1));
}

/**
 * Multiplies the basis states whose qubits `qs` are all 1 by `e^{i lambda}` (a multi-controlled
 * phase), exactly, with P and CNOT only.
 *
 * Why it is exact: for bits x_1..x_m, 2^(m-1) x_1 x_2 ... x_m equals the sum over non-empty subsets
 * S of (-1)^(|S|+1) times the parity of S, so the phase is a product of parity phases. Each parity is
 * computed onto one qubit of S with CNOTs, phased with P, and uncomputed.
 */
export function phaseOnAllOnes(qs: readonly number[], lambda: number, sink: GateSink): void {
  const m = qs.length;
  if (m === 0) return;
  sink.reserve(phaseOnAllOnesCost(m));
  if (m === 1) {
    sink.emit('P', [qs[0]!], [lambda]);
    return;
  }
  const unit = lambda / 2 ** (m - 1);
  for (let s = 1; s < 2 ** m; s++) {
    const members: number[] = [];
    for (let j = 0; j < m; j++) if (Math.floor(s / 2 ** j) % 2 === 1) members.push(qs[j]!);
    const acc = members[members.length - 1]!;
    const others = members.slice(0, -1);
    for (const o of others) sink.emit('CNOT', [o, acc], []);
    sink.emit('P', [acc], [members.length % 2 === 1 ? unit : -unit]);
    for (let k = others.length - 1; k >= 0; k--) sink.emit('CNOT', [others[k]!, acc], []);
  }
}

/** Multi-controlled X: H, a phase of pi on all-ones, H. */
export function multiControlledX(controls: readonly number[], target: number, sink: GateSink): void {
  if (controls.length === 0) sink.emit('X', [target], []);
  else if (controls.length === 1) sink.emit('CNOT', [controls[0]!, target], []);
  else {
    sink.emit('H', [target], []);
    phaseOnAllOnes([...controls, target], PI, sink);
    sink.emit('H', [target], []);
  }
}

/** RZ(theta) on `target` when all `controls` are 1: RZ = e^{-i theta/2} P(theta). */
function controlledRz(controls: readonly number[], target: number, theta: number, sink: GateSink): void {
  if (controls.length === 0) { sink.emit('RZ', [target], [theta]); return; }
  phaseOnAllOnes(controls, -theta / 2, sink);
  phaseOnAllOnes([...controls, target], theta, sink);
}

/** RY(theta) = S H RZ(theta) H S^dagger, the conjugation being uncontrolled. */
function controlledRy(controls: readonly number[], target: number, theta: number, sink: GateSink): void {
  sink.emit('Sdg', [target], []);
  sink.emit('H', [target], []);
  controlledRz(controls, target, theta, sink);
  sink.emit('H', [target], []);
  sink.emit('S', [target], []);
}

/** RX(theta) = H RZ(theta) H. */
function controlledRx(controls: readonly number[], target: number, theta: number, sink: GateSink): void {
  sink.emit('H', [target], []);
  controlledRz(controls, target, theta, sink);
  sink.emit('H', [target], []);
}

/**
 * Emits IR gate `gate` on `qubits` so that it acts only where every qubit of `controls` is 1
 * (exactly, relative phases included). `controls` must be disjoint from `qubits`.
 *
 * Design note: this is how `if (c == v) gate` runs under deferred measurement: the classical bits
 * live on qubits that are never changed again, and a classically controlled gate becomes a
 * quantum-controlled one. Every IR gate is reduced to multi-controlled phases
 * ({@link phaseOnAllOnes}) conjugated by uncontrolled gates, so one primitive carries the whole
 * construction.
 */
export function emitControlled(gate: GateName, qubits: readonly number[], angles: readonly number[], controls: readonly number[], sink: GateSink): void {
  if (controls.length === 0) { sink.emit(gate, qubits, angles); return; }
  const [a, b] = qubits as [number, number];
  const [t0 = 0, t1 = 0, t2 = 0] = angles;
  const C = controls;
  switch (gate) {
    case 'I': return;
    case 'X': multiControlledX(C, a, sink); return;
    case 'Y': sink.emit('Sdg', [a], []); multiControlledX(C, a, sink); sink.emit('S', [a], []); return;
    case 'Z': phaseOnAllOnes([...C, a], PI, sink); return;
    case 'S': phaseOnAllOnes([...C, a], PI / 2, sink); return;
    case 'Sdg': phaseOnAllOnes([...C, a], -PI / 2, sink); return;
    case 'T': phaseOnAllOnes([...C, a], PI / 4, sink); return;
    case 'Tdg': phaseOnAllOnes([...C, a], -PI / 4, sink); return;
    case 'P': phaseOnAllOnes([...C, a], t0, sink); return;
    // H = RY(pi/4) Z RY(-pi/4)
    case 'H': sink.emit('RY', [a], [-PI / 4]); phaseOnAllOnes([...C, a], PI, sink); sink.emit('RY', [a], [PI / 4]); return;
    // SX = H S H
    case 'SX': sink.emit('H', [a], []); phaseOnAllOnes([...C, a], PI / 2, sink); sink.emit('H', [a], []); return;
    case 'RX': controlledRx(C, a, t0, sink); return;
    case 'RY': controlledRy(C, a, t0, sink); return;
    case 'RZ': controlledRz(C, a, t0, sink); return;
    // U3(theta, phi, lambda) = e^{i(phi+lambda)/2} RZ(phi) RY(theta) RZ(lambda)
    case 'U3':
      phaseOnAllOnes(C, (t1 + t2) / 2, sink);
      controlledRz(C, a, t2, sink);
      controlledRy(C, a, t0, sink);
      controlledRz(C, a, t1, sink);
      return;
    case 'CNOT': multiControlledX([...C, a], b, sink); return;
    case 'CZ': phaseOnAllOnes([...C, a, b], PI, sink); return;
    case 'SWAP': sink.emit('CNOT', [b, a], []); multiControlledX([...C, a], b, sink); sink.emit('CNOT', [b, a], []); return;
    case 'CRX': controlledRx([...C, a], b, t0, sink); return;
    case 'CRY': controlledRy([...C, a], b, t0, sink); return;
    case 'CRZ': controlledRz([...C, a], b, t0, sink); return;
    // RZZ = CNOT (I x RZ) CNOT; the CNOTs cancel where the controls are off
    case 'RZZ': sink.emit('CNOT', [a, b], []); controlledRz(C, b, t0, sink); sink.emit('CNOT', [a, b], []); return;
    case 'RXX':
      sink.emit('H', [a], []); sink.emit('H', [b], []);
      emitControlled('RZZ', [a, b], [t0], C, sink);
      sink.emit('H', [a], []); sink.emit('H', [b], []);
      return;
    // RYY = V^dagger RZZ V with V = RX(pi/2) x RX(pi/2)
    case 'RYY':
      sink.emit('RX', [a], [PI / 2]); sink.emit('RX', [b], [PI / 2]);
      emitControlled('RZZ', [a, b], [t0], C, sink);
      sink.emit('RX', [a], [-PI / 2]); sink.emit('RX', [b], [-PI / 2]);
      return;
    default: {
      const never: never = gate;
      throw new Error(`no controlled form for ${String(never)}`);
    }
  }
}
