import { ValidationError, describeValue } from '../errors.js';
import { constant, evaluateAngle } from './angle.js';
import { Circuit, type GateOp } from './circuit.js';

/** Values to substitute into a circuit by {@link bindCircuit}. */
export interface BindValues {
  /** One value per trainable parameter (required when the circuit has parameters). */
  readonly params?: ArrayLike<number>;
  /** One sample's input features, one per circuit input (required when it has inputs). */
  readonly inputs?: ArrayLike<number>;
}

function checkValues(name: 'params' | 'inputs', values: ArrayLike<number> | undefined, expected: number): ArrayLike<number> {
  const v = values ?? [];
  if (v.length !== expected) {
    throw new ValidationError({
      what: `bindCircuit got ${v.length} ${name === 'params' ? 'parameter' : 'input'} value(s)`,
      why: `the circuit has ${expected} ${name === 'params' ? 'trainable parameters' : 'inputs (features of one sample)'}`,
      fix: `Pass ${name} with exactly ${expected} value(s)`,
    });
  }
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) {
      throw new ValidationError({ what: `${name}[${i}] is ${describeValue(v[i])}`, why: 'bound values must be finite numbers', fix: `Fix ${name}[${i}]` });
    }
  }
  return v;
}

/**
 * Uniformly controlled RY on `target`: angle `angles[p]` where the `controls` (least significant
 * first) read p. Recursion on the top control: the mean rotation, then the half-difference
 * conjugated by CNOTs (X RY(t) X = RY(-t)), which gives RY(a0) for control 0 and RY(a1) for 1.
 */
function multiplexedRy(angles: readonly number[], controls: readonly number[], target: number, out: GateOp[]): void {
  if (controls.length === 0) {
    if (angles[0] !== 0) out.push({ gate: 'RY', qubits: [target], angles: [constant(angles[0]!)] });
    return;
  }
  const half = angles.length / 2;
  const top = controls[controls.length - 1]!;
  const rest = controls.slice(0, -1);
  const lo = angles.slice(0, half), hi = angles.slice(half);
  if (lo.every((a, i) => a === hi[i])) {
    multiplexedRy(lo, rest, target, out);
    return;
  }
  multiplexedRy(lo.map((a, i) => (a + hi[i]!) / 2), rest, target, out);
  out.push({ gate: 'CNOT', qubits: [top, target], angles: [] });
  multiplexedRy(lo.map((a, i) => (a - hi[i]!) / 2), rest, target, out);
  out.push({ gate: 'CNOT', qubits: [top, target], angles: [] });
}

/**
 * Gates that prepare, from |0...0>, the state whose amplitude j is `features[j] / |features|`
 * (real amplitudes, qubit 0 the least significant bit): RY and CNOT only, exact.
 *
 * Design note: the binary tree of Möttönen et al. (2004): qubit k-1 splits the norm between the
 * two halves of the vector, each next qubit splits each block, controlled by the qubits above it;
 * the last level uses the signed pair, so negative amplitudes come out with their signs.
 */
export function amplitudePreparation(features: ArrayLike<number>): GateOp[] {
  const n = features.length;
  const k = Math.log2(n);
  if (!Number.isInteger(k) || k < 1) {
    throw new ValidationError({ what: `amplitude preparation got ${n} features`, why: 'it needs a power of two (at least 2)', fix: 'Pad the features with zeros to a power of two' });
  }
  let norm2 = 0;
  for (let i = 0; i < n; i++) norm2 += (features[i] as number) ** 2;
  if (!(norm2 > 0) || !Number.isFinite(norm2)) {
    throw new ValidationError({ what: `the amplitude-encoded features have squared norm ${norm2}`, why: 'amplitude encoding divides by the norm, so the vector must be non-zero and finite', fix: 'Check the sample\'s features' });
  }
  // norms[level][block]: the norm of each block of size 2^(k - level)
  const out: GateOp[] = [];
  for (let t = k - 1; t >= 0; t--) {
    const blockSize = 2 ** (t + 1);
    const blocks = n / blockSize;
    const angles: number[] = [];
    for (let p = 0; p < blocks; p++) {
      const base = p * blockSize;
      let a0: number, a1: number;
      if (t === 0) {
        a0 = features[base] as number;
        a1 = features[base + 1] as number;
      } else {
        a0 = 0; a1 = 0;
        for (let i = 0; i < blockSize / 2; i++) {
          a0 += (features[base + i] as number) ** 2;
          a1 += (features[base + blockSize / 2 + i] as number) ** 2;
        }
        a0 = Math.sqrt(a0); a1 = Math.sqrt(a1);
      }
      angles.push(2 * Math.atan2(a1, a0));
    }
    const controls = Array.from({ length: k - 1 - t }, (_, i) => t + 1 + i);
    multiplexedRy(angles, controls, t, out);
  }
  return out;
}

/**
 * The circuit with every angle evaluated for the given parameter values and one sample's inputs:
 * a circuit of constant angles, with no parameters or inputs, ready for OpenQASM export or for a
 * backend that takes fixed circuits. Amplitude encoding becomes its state preparation
 * ({@link amplitudePreparation}).
 */
export function bindCircuit(circuit: Circuit, values: BindValues = {}): Circuit {
  const params = checkValues('params', values.params, circuit.numParams);
  const inputs = checkValues('inputs', values.inputs, circuit.numInputs);
  const ops: GateOp[] = [];
  for (const op of circuit.ops) {
    if (op.gate === 'AMPLITUDE') {
      const k = op.qubits.length;
      ops.push(...amplitudePreparation(Array.from({ length: 2 ** k }, (_, j) => inputs[op.inputOffset + j] as number)));
      continue;
    }
    ops.push({ gate: op.gate, qubits: op.qubits, angles: op.angles.map((a) => constant(evaluateAngle(a, params, inputs, 0))) });
  }
  return new Circuit({ numQubits: circuit.numQubits, numParams: 0, numInputs: 0, ops });
}
