import { ValidationError, describeValue } from '../errors.js';
import { type AngleExpr, type AngleLike, formatAngle, toAngle } from './angle.js';
import { GATES, GATE_NAMES, type GateName, isGateName } from './gates.js';

/** A unitary gate applied to one or two qubits. */
export interface GateOp {
  readonly gate: GateName;
  readonly qubits: readonly number[];
  readonly angles: readonly AngleExpr[];
}

/**
 * State preparation by amplitude encoding: the state of qubits `0..k-1` becomes the L2-normalised
 * input features `inputs[inputOffset .. inputOffset + 2^k)` (feature j is the amplitude of basis
 * state j); the other qubits stay |0>. It must be the first op of a circuit.
 */
export interface AmplitudeEncodingOp {
  readonly gate: 'AMPLITUDE';
  readonly qubits: readonly number[];
  readonly inputOffset: number;
}

/** One op of a circuit. */
export type Op = GateOp | AmplitudeEncodingOp;

/** The plain-data form of a circuit (what JSON holds). */
export interface CircuitData {
  readonly numQubits: number;
  /** Number of trainable parameters (shared by the batch). */
  readonly numParams: number;
  /** Number of per-sample input features. */
  readonly numInputs: number;
  readonly ops: readonly Op[];
}

function fail(index: number, what: string, why: string, fix: string): never {
  throw new ValidationError({ what: `op ${index}: ${what}`, why, fix });
}

function validateOp(op: Op, index: number, c: CircuitData): void {
  const name = (op as { gate?: unknown }).gate;
  if (name === 'AMPLITUDE') {
    const a = op as AmplitudeEncodingOp;
    if (index !== 0) fail(index, 'AMPLITUDE encoding is not the first op', 'amplitude encoding prepares the state from |0...0>', 'Move it to the start of the circuit');
    const k = a.qubits.length;
    if (k === 0 || a.qubits.some((q, i) => q !== i)) {
      fail(index, `AMPLITUDE acts on qubits ${describeValue(a.qubits)}`, 'amplitude encoding fills the low qubits 0..k-1 in order', 'Use qubits [0, 1, ..., k-1]');
    }
    if (k > c.numQubits) fail(index, `AMPLITUDE needs ${k} qubits`, `the circuit has ${c.numQubits}`, 'Raise numQubits or encode fewer features');
    if (!Number.isInteger(a.inputOffset) || a.inputOffset < 0 || a.inputOffset + 2 ** k > c.numInputs) {
      fail(index, `AMPLITUDE reads inputs [${a.inputOffset}, ${a.inputOffset + 2 ** k})`, `the circuit declares ${c.numInputs} inputs`, `Declare at least ${a.inputOffset + 2 ** k} inputs`);
    }
    return;
  }
  if (typeof name !== 'string' || !isGateName(name)) {
    fail(index, `unknown gate ${describeValue(name)}`, `the IR knows ${GATE_NAMES.join(', ')}, AMPLITUDE`, 'Use one of those names (upper case, e.g. "CNOT")');
  }
  const g = op as GateOp;
  const spec = GATES[name];
  if (!Array.isArray(g.qubits) || g.qubits.length !== spec.arity) {
    fail(index, `${name} got qubits ${describeValue(g.qubits)}`, `${name} acts on ${spec.arity} qubit(s)`, `Pass exactly ${spec.arity} qubit index(es)`);
  }
  for (const q of g.qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= c.numQubits) {
      fail(index, `${name} on qubit ${describeValue(q)}`, `qubit indices run from 0 to ${c.numQubits - 1}`, 'Use an index in that range or raise numQubits');
    }
  }
  if (spec.arity === 2 && g.qubits[0] === g.qubits[1]) {
    fail(index, `${name} on qubits [${g.qubits.join(', ')}]`, 'a two-qubit gate needs two different qubits', 'Pass two distinct qubits');
  }
  const angles = g.angles ?? [];
  if (angles.length !== spec.angles) {
    fail(index, `${name} got ${angles.length} angle(s)`, `${name} takes ${spec.angles}`, `Pass ${spec.angles} angle(s)`);
  }
  for (const a of angles) {
    if (!Number.isFinite(a.constant)) fail(index, `${name} has angle ${formatAngle(a)}`, 'angles must be finite', 'Use finite constants');
    for (const t of a.terms) {
      const limit = t.source === 'param' ? c.numParams : c.numInputs;
      if (!Number.isInteger(t.index) || t.index < 0 || t.index >= limit) {
        const kind = t.source === 'param' ? 'parameter' : 'input';
        fail(index, `${name} refers to ${kind} ${describeValue(t.index)}`, `the circuit declares ${limit} ${kind}s (indices 0..${limit - 1})`, `Declare more ${kind}s or fix the index`);
      }
      if (!Number.isFinite(t.coeff)) fail(index, `${name} has coefficient ${t.coeff}`, 'coefficients must be finite', 'Use finite coefficients');
    }
  }
}

/**
 * An immutable, validated quantum circuit: the IR every backend executes.
 *
 * Design note: a circuit is data, not code; it holds no parameter values. Trainable parameters
 * (shared by a batch) and inputs (one row per sample) are passed at execution, so one circuit
 * object serves a whole training run and can be serialised, compared and exported.
 */
export class Circuit implements CircuitData {
  readonly numQubits: number;
  readonly numParams: number;
  readonly numInputs: number;
  readonly ops: readonly Op[];

  constructor(data: CircuitData) {
    if (!Number.isInteger(data.numQubits) || data.numQubits < 1) {
      throw new ValidationError({ what: `numQubits is ${describeValue(data.numQubits)}`, why: 'a circuit needs at least one qubit', fix: 'Pass a positive integer' });
    }
    for (const key of ['numParams', 'numInputs'] as const) {
      const v = data[key];
      if (!Number.isInteger(v) || v < 0) {
        throw new ValidationError({ what: `${key} is ${describeValue(v)}`, why: 'it must be a non-negative integer', fix: `Pass ${key}: 0 or more` });
      }
    }
    data.ops.forEach((op, i) => validateOp(op, i, data));
    this.numQubits = data.numQubits;
    this.numParams = data.numParams;
    this.numInputs = data.numInputs;
    this.ops = Object.freeze(
      data.ops.map((op) =>
        op.gate === 'AMPLITUDE'
          ? Object.freeze({ gate: 'AMPLITUDE' as const, qubits: Object.freeze([...op.qubits]), inputOffset: op.inputOffset })
          : Object.freeze({ gate: op.gate, qubits: Object.freeze([...op.qubits]), angles: Object.freeze([...op.angles]) }),
      ),
    );
    Object.freeze(this);
  }

  /** Whether the circuit starts with amplitude encoding. */
  get hasAmplitudeEncoding(): boolean {
    return this.ops[0]?.gate === 'AMPLITUDE';
  }

  /** Plain data for JSON. */
  toJSON(): CircuitData {
    return { numQubits: this.numQubits, numParams: this.numParams, numInputs: this.numInputs, ops: this.ops };
  }

  /** Parses and validates the JSON form. */
  static fromJSON(data: unknown): Circuit {
    if (typeof data !== 'object' || data === null || !Array.isArray((data as CircuitData).ops)) {
      throw new ValidationError({ what: `Circuit.fromJSON got ${describeValue(data)}`, why: 'expected { numQubits, numParams, numInputs, ops: [...] }', fix: 'Pass what Circuit#toJSON produced' });
    }
    const d = data as CircuitData;
    return new Circuit({ ...d, ops: d.ops.map((op) => (op.gate === 'AMPLITUDE' ? op : { ...op, angles: op.angles ?? [] })) });
  }
}

/** Options of {@link CircuitBuilder}. */
export interface CircuitBuilderOptions {
  /** Declared parameter count; by default the largest referenced index + 1. */
  readonly numParams?: number;
  /** Declared input count; by default the largest referenced index + 1. */
  readonly numInputs?: number;
}

/**
 * Fluent construction of a {@link Circuit}:
 * `new CircuitBuilder(2).h(0).cnot(0, 1).ry(1, param(0)).build()`.
 */
export class CircuitBuilder {
  private readonly ops: Op[] = [];
  private maxParam = -1;
  private maxInput = -1;

  constructor(
    readonly numQubits: number,
    private readonly options: CircuitBuilderOptions = {},
  ) {}

  /** Appends any gate by name. */
  gate(gate: GateName, qubits: readonly number[], angles: readonly AngleLike[] = []): this {
    const exprs = angles.map(toAngle);
    for (const e of exprs) {
      for (const t of e.terms) {
        if (t.source === 'param') this.maxParam = Math.max(this.maxParam, t.index);
        else this.maxInput = Math.max(this.maxInput, t.index);
      }
    }
    this.ops.push({ gate, qubits: [...qubits], angles: exprs });
    return this;
  }

  /** Amplitude-encodes `2^k` input features (from `inputOffset`) into qubits 0..k-1. */
  amplitude(k: number, inputOffset = 0): this {
    this.maxInput = Math.max(this.maxInput, inputOffset + 2 ** k - 1);
    this.ops.push({ gate: 'AMPLITUDE', qubits: Array.from({ length: k }, (_, i) => i), inputOffset });
    return this;
  }

  h(q: number): this { return this.gate('H', [q]); }
  x(q: number): this { return this.gate('X', [q]); }
  y(q: number): this { return this.gate('Y', [q]); }
  z(q: number): this { return this.gate('Z', [q]); }
  s(q: number): this { return this.gate('S', [q]); }
  sdg(q: number): this { return this.gate('Sdg', [q]); }
  t(q: number): this { return this.gate('T', [q]); }
  tdg(q: number): this { return this.gate('Tdg', [q]); }
  sx(q: number): this { return this.gate('SX', [q]); }
  rx(q: number, a: AngleLike): this { return this.gate('RX', [q], [a]); }
  ry(q: number, a: AngleLike): this { return this.gate('RY', [q], [a]); }
  rz(q: number, a: AngleLike): this { return this.gate('RZ', [q], [a]); }
  p(q: number, a: AngleLike): this { return this.gate('P', [q], [a]); }
  u3(q: number, theta: AngleLike, phi: AngleLike, lambda: AngleLike): this { return this.gate('U3', [q], [theta, phi, lambda]); }
  cnot(control: number, target: number): this { return this.gate('CNOT', [control, target]); }
  cz(a: number, b: number): this { return this.gate('CZ', [a, b]); }
  swap(a: number, b: number): this { return this.gate('SWAP', [a, b]); }
  crx(control: number, target: number, a: AngleLike): this { return this.gate('CRX', [control, target], [a]); }
  cry(control: number, target: number, a: AngleLike): this { return this.gate('CRY', [control, target], [a]); }
  crz(control: number, target: number, a: AngleLike): this { return this.gate('CRZ', [control, target], [a]); }
  rxx(a: number, b: number, t: AngleLike): this { return this.gate('RXX', [a, b], [t]); }
  ryy(a: number, b: number, t: AngleLike): this { return this.gate('RYY', [a, b], [t]); }
  rzz(a: number, b: number, t: AngleLike): this { return this.gate('RZZ', [a, b], [t]); }

  /** Validates and freezes the circuit. */
  build(): Circuit {
    return new Circuit({
      numQubits: this.numQubits,
      numParams: this.options.numParams ?? this.maxParam + 1,
      numInputs: this.options.numInputs ?? this.maxInput + 1,
      ops: this.ops,
    });
  }
}
