import { Circuit } from '../circuit/circuit.js';
import { type Observable, maxQubit } from '../circuit/observable.js';
import type { Execution } from '../contracts/quantumBackend.js';
import { ValidationError, describeValue } from '../errors.js';

/** An execution after validation: typed arrays and the batch size. */
export interface CheckedExecution {
  readonly circuit: Circuit;
  readonly params: Float64Array;
  readonly inputs: Float64Array | null;
  readonly rows: number;
}

function finiteArray(name: string, values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) {
      throw new ValidationError({ what: `${name}[${i}] is ${describeValue(values[i])}`, why: 'values must be finite numbers', fix: `Replace the non-finite entry of ${name}` });
    }
  }
  return out;
}

/**
 * Validates an execution before any compute is spent: a Circuit, finite parameters of the declared
 * count, finite inputs of a whole number of rows (batchSize consistent), and a non-zero finite
 * amplitude-encoded vector per row. Returns the typed copies every engine reads.
 */
export function checkExecution(e: Execution): CheckedExecution {
  const c = e?.circuit;
  if (!(c instanceof Circuit)) {
    throw new ValidationError({ what: `execution.circuit is ${describeValue(c)}`, why: 'a Circuit is needed', fix: 'Build one with CircuitBuilder or Circuit.fromJSON' });
  }
  if (e.params === undefined || e.params === null || typeof e.params.length !== 'number') {
    throw new ValidationError({ what: `execution.params is ${describeValue(e.params)}`, why: 'an array of the circuit parameters is needed', fix: `Pass params of length ${c.numParams} ([] if none)` });
  }
  if (e.params.length !== c.numParams) {
    throw new ValidationError({ what: `execution.params has ${e.params.length} values`, why: `the circuit declares ${c.numParams} parameters`, fix: `Pass exactly ${c.numParams} values` });
  }
  const params = finiteArray('params', e.params);
  let rows: number;
  let inputs: Float64Array | null = null;
  if (c.numInputs > 0) {
    if (!e.inputs) {
      throw new ValidationError({ what: 'execution.inputs is missing', why: `the circuit reads ${c.numInputs} inputs per sample`, fix: 'Pass inputs as a row-major batchSize x numInputs array' });
    }
    if (e.inputs.length === 0 || e.inputs.length % c.numInputs !== 0) {
      throw new ValidationError({ what: `execution.inputs has ${e.inputs.length} values`, why: `that is not a positive multiple of numInputs = ${c.numInputs}`, fix: 'Pass batchSize x numInputs values, row-major' });
    }
    rows = e.inputs.length / c.numInputs;
    if (e.batchSize !== undefined && e.batchSize !== rows) {
      throw new ValidationError({ what: `execution.batchSize is ${e.batchSize}`, why: `the inputs hold ${rows} rows of ${c.numInputs}`, fix: 'Make batchSize match the inputs or omit it' });
    }
    inputs = finiteArray('inputs', e.inputs);
  } else {
    rows = e.batchSize ?? 1;
    if (!Number.isInteger(rows) || rows < 1) {
      throw new ValidationError({ what: `execution.batchSize is ${describeValue(e.batchSize)}`, why: 'it must be a positive integer', fix: 'Pass 1 or more, or omit it' });
    }
  }
  const amp = c.ops[0];
  if (amp && amp.gate === 'AMPLITUDE' && inputs) {
    const D = 2 ** amp.qubits.length;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let j = 0; j < D; j++) s += inputs[r * c.numInputs + amp.inputOffset + j]! ** 2;
      if (!(s > 0) || !Number.isFinite(s)) {
        throw new ValidationError({
          what: `sample ${r}: the amplitude-encoded input vector (inputs ${amp.inputOffset}..${amp.inputOffset + D - 1}) has squared norm ${s}`,
          why: 'amplitude encoding divides by the norm, so the vector must be non-zero and finite',
          fix: 'Drop or fix the all-zero sample (e.g. add a small constant feature)',
        });
      }
    }
  }
  return { circuit: c, params, inputs, rows };
}

/** Validates observables against the circuit's width. */
export function checkObservables(observables: readonly Observable[], numQubits: number): void {
  if (!Array.isArray(observables) || observables.length === 0) {
    throw new ValidationError({ what: `observables is ${describeValue(observables)}`, why: 'at least one observable is needed', fix: 'Pass e.g. [parseObservable("Z0")]' });
  }
  observables.forEach((o, i) => {
    const m = maxQubit(o);
    if (m >= numQubits) {
      throw new ValidationError({ what: `observable ${i} acts on qubit ${m}`, why: `the circuit has ${numQubits} qubits (0..${numQubits - 1})`, fix: 'Use a qubit of the circuit or widen the circuit' });
    }
  });
}

/** The qubits of a `probabilities` call: `qubits` validated ({@link checkQubits}), or all n in order when omitted. */
export function resolveQubits(qubits: readonly number[] | undefined, numQubits: number): readonly number[] {
  const qs = qubits ?? Array.from({ length: numQubits }, (_, i) => i);
  checkQubits(qs, numQubits);
  return qs;
}

/** Validates a qubit list for probabilities. */
export function checkQubits(qubits: readonly number[], numQubits: number): void {
  const seen = new Set<number>();
  for (const q of qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits || seen.has(q)) {
      throw new ValidationError({ what: `qubits ${describeValue(qubits)} contains ${describeValue(q)}`, why: `qubits must be distinct integers in 0..${numQubits - 1}`, fix: 'Fix the qubit list' });
    }
    seen.add(q);
  }
  if (qubits.length === 0) throw new ValidationError({ what: 'qubits is empty', why: 'at least one qubit is measured', fix: 'Omit qubits to measure all' });
}

/** Validates the upstream gradient of a VJP (rows x O, finite) and returns it as a Float64Array copy. */
export function checkUpstream(upstream: ArrayLike<number>, rows: number, O: number): Float64Array {
  if (!upstream || upstream.length !== rows * O) {
    throw new ValidationError({ what: `upstream has ${upstream?.length} values`, why: `the result has ${rows} rows x ${O} observables`, fix: `Pass ${rows * O} values, row-major` });
  }
  const up = Float64Array.from(upstream);
  for (let i = 0; i < up.length; i++) {
    if (!Number.isFinite(up[i])) throw new ValidationError({ what: `upstream[${i}] is ${up[i]}`, why: 'values must be finite', fix: 'Check the loss for NaN' });
  }
  return up;
}

/** Validates the arguments of `sample`: a positive integer shot count and an integer seed. */
export function checkShots(shots: number, seed: number): void {
  if (!Number.isInteger(shots) || shots < 1) {
    throw new ValidationError({ what: `shots is ${describeValue(shots)}`, why: 'it must be a positive integer', fix: 'Pass e.g. 1000' });
  }
  if (!Number.isSafeInteger(seed)) {
    throw new ValidationError({ what: `seed is ${describeValue(seed)}`, why: 'seeds are integers so that runs repeat exactly', fix: 'Pass an integer such as 0' });
  }
}
