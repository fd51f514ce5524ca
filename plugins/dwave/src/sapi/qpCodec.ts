import { DataError, ValidationError, describeValue } from '@hqml/core';

/** The `data` of a SAPI job in the `qp` format. */
export interface QpProblemData {
  readonly format: 'qp';
  /** base64 of little-endian float64, one per solver qubit in `properties.qubits` order; NaN = inactive. */
  readonly lin: string;
  /** base64 of little-endian float64, one per solver coupler whose two qubits are both active. */
  readonly quad: string;
  readonly offset: number;
}

/** The `answer` object of a completed problem in the `qp` format (as SAPI sends it). */
export interface QpAnswer {
  readonly format: 'qp';
  readonly num_variables: number;
  /** base64 little-endian int32. */
  readonly active_variables: string;
  /** base64: each sample packed into ceil(#active / 8) bytes, most significant bit first. */
  readonly solutions: string;
  /** base64 little-endian float64, without the offset. */
  readonly energies: string;
  /** base64 little-endian int32 (absent: one each). */
  readonly num_occurrences?: string;
  readonly offset?: number;
  readonly timing?: Readonly<Record<string, number>>;
  readonly [extra: string]: unknown;
}

/** A decoded answer: samples over the active qubits only (inactive qubits are absent, never -1 or 3). */
export interface DecodedAnswer {
  readonly activeVariables: Int32Array;
  /** Row-major samples, count x activeVariables.length: -1/+1 for Ising, 0/1 for QUBO. */
  readonly samples: Int8Array;
  /** Energies with the offset added. */
  readonly energies: Float64Array;
  readonly numOccurrences: Int32Array;
  readonly timing: Readonly<Record<string, number>>;
}

/** The solver graph the encoder needs: `properties.qubits` and `properties.couplers` in the solver's order. */
export interface QpSolverGraph {
  readonly qubits: readonly number[];
  readonly couplers: readonly (readonly [number, number])[];
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text: unknown, what: string): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new DataError({ what: `answer field ${what} is ${describeValue(text)}`, why: 'the qp format sends base64 strings', fix: 'Check that the server speaks SAPI qp answers' });
  }
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function encodeDoubles(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return toBase64(new Uint8Array(view.buffer));
}

function decodeDoubles(bytes: Uint8Array, what: string): Float64Array {
  if (bytes.length % 8 !== 0) throw new DataError({ what: `answer field ${what} has ${bytes.length} bytes`, why: 'float64 arrays take 8 bytes per value' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

function encodeInts(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, true);
  return toBase64(new Uint8Array(view.buffer));
}

function decodeInts(bytes: Uint8Array, what: string): Int32Array {
  if (bytes.length % 4 !== 0) throw new DataError({ what: `answer field ${what} has ${bytes.length} bytes`, why: 'int32 arrays take 4 bytes per value' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}

/** Canonical key of an undirected coupler. */
export function couplerKey(a: number, b: number): string {
  return a < b ? `${a},${b}` : `${b},${a}`;
}

/**
 * Encodes an Ising or QUBO problem on solver qubits as `qp` data. `linear` gives every active
 * qubit (a zero bias still makes it active); `quadratic` entries are summed per coupler in either
 * orientation and must be solver couplers between active qubits.
 */
export function encodeQp(solver: QpSolverGraph, linear: ReadonlyMap<number, number>, quadratic: Iterable<readonly [number, number, number]>, offset = 0): QpProblemData {
  const qubitSet = new Set(solver.qubits);
  const active = new Set<number>();
  for (const [q, v] of linear) {
    if (!qubitSet.has(q)) throw new ValidationError({ what: `linear bias on qubit ${q}`, why: 'the qubit is not in the solver\'s working graph', fix: 'Embed the problem (EmbeddingComposite) or use the solver\'s qubits' });
    if (!Number.isFinite(v)) throw new ValidationError({ what: `linear bias of qubit ${q} is ${describeValue(v)}`, why: 'biases are finite numbers' });
    active.add(q);
  }
  const couplerIndex = new Map<string, number>();
  solver.couplers.forEach(([a, b], k) => couplerIndex.set(couplerKey(a, b), k));
  const quad = new Map<string, number>();
  for (const [a, b, v] of quadratic) {
    const key = couplerKey(a, b);
    if (!couplerIndex.has(key)) throw new ValidationError({ what: `coupling (${a}, ${b})`, why: 'it is not a coupler of the solver', fix: 'Embed the problem (EmbeddingComposite) or use the solver\'s couplers' });
    if (!Number.isFinite(v)) throw new ValidationError({ what: `coupling (${a}, ${b}) is ${describeValue(v)}`, why: 'biases are finite numbers' });
    active.add(a);
    active.add(b);
    quad.set(key, (quad.get(key) ?? 0) + v);
  }
  const lin = solver.qubits.map((q) => (active.has(q) ? (linear.get(q) ?? 0) : Number.NaN));
  const quadValues: number[] = [];
  for (const [a, b] of solver.couplers) if (active.has(a) && active.has(b)) quadValues.push(quad.get(couplerKey(a, b)) ?? 0);
  if (!Number.isFinite(offset)) throw new ValidationError({ what: `offset is ${describeValue(offset)}`, why: 'the offset is a finite number' });
  return { format: 'qp', lin: encodeDoubles(lin), quad: encodeDoubles(quadValues), offset };
}

/** Inverse of {@link encodeQp} (what the emulator reads): active qubits' biases and the couplings. */
export function decodeQpProblem(solver: QpSolverGraph, data: QpProblemData): { linear: Map<number, number>; quadratic: Array<[number, number, number]>; offset: number } {
  const lin = decodeDoubles(fromBase64(data.lin, 'lin'), 'lin');
  if (lin.length !== solver.qubits.length) throw new DataError({ what: `lin has ${lin.length} values`, why: `the solver has ${solver.qubits.length} qubits and lin carries one value per qubit`, fix: 'Encode against this solver\'s properties.qubits' });
  const linear = new Map<number, number>();
  solver.qubits.forEach((q, k) => {
    if (!Number.isNaN(lin[k]!)) linear.set(q, lin[k]!);
  });
  const quadValues = decodeDoubles(fromBase64(data.quad, 'quad'), 'quad');
  const quadratic: Array<[number, number, number]> = [];
  let k = 0;
  for (const [a, b] of solver.couplers) {
    if (linear.has(a) && linear.has(b)) {
      if (k >= quadValues.length) throw new DataError({ what: `quad has ${quadValues.length} values`, why: 'quad carries one value per coupler between active qubits, and there are more such couplers', fix: 'Encode against this solver\'s properties.couplers' });
      const v = quadValues[k++]!;
      if (v !== 0) quadratic.push([a, b, v]);
    }
  }
  if (k !== quadValues.length) throw new DataError({ what: `quad has ${quadValues.length} values`, why: `there are ${k} couplers between active qubits`, fix: 'Encode against this solver\'s properties.couplers' });
  return { linear, quadratic, offset: typeof data.offset === 'number' ? data.offset : 0 };
}

/**
 * Decodes a `qp` answer. Samples are unpacked most significant bit first onto the active
 * variables; for Ising a 1 bit is +1 and a 0 bit is -1. Energies get `offset` added.
 */
export function decodeQpAnswer(answer: QpAnswer, type: 'ising' | 'qubo'): DecodedAnswer {
  if (answer.format !== 'qp') throw new DataError({ what: `answer format is ${describeValue(answer.format)}`, why: 'hqml decodes the qp format', fix: 'Request answers in the qp format' });
  const activeVariables = decodeInts(fromBase64(answer.active_variables, 'active_variables'), 'active_variables');
  const energies = decodeDoubles(fromBase64(answer.energies, 'energies'), 'energies');
  const count = energies.length;
  const numOccurrences = answer.num_occurrences === undefined ? new Int32Array(count).fill(1) : decodeInts(fromBase64(answer.num_occurrences, 'num_occurrences'), 'num_occurrences');
  if (numOccurrences.length !== count) throw new DataError({ what: `answer has ${count} energies and ${numOccurrences.length} occurrence counts`, why: 'there is one count per sample' });
  const offset = answer.offset ?? 0;
  if (offset) for (let s = 0; s < count; s++) energies[s]! += offset;
  const n = activeVariables.length;
  const bytesPer = Math.ceil(n / 8);
  const bits = fromBase64(answer.solutions, 'solutions');
  if (bits.length < count * bytesPer) throw new DataError({ what: `solutions has ${bits.length} bytes`, why: `${count} samples of ${n} active variables need ${count * bytesPer}` });
  const zero = type === 'ising' ? -1 : 0;
  const samples = new Int8Array(count * n);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < n; i++) {
      const byte = bits[s * bytesPer + (i >> 3)]!;
      samples[s * n + i] = (byte >> (7 - (i & 7))) & 1 ? 1 : zero;
    }
  }
  return { activeVariables, samples, energies, numOccurrences, timing: { ...(answer.timing ?? {}) } };
}

/** Encodes samples over the active qubits as a `qp` answer (the emulator's side of {@link decodeQpAnswer}). */
export function encodeQpAnswer(input: { numVariables: number; activeVariables: ArrayLike<number>; samples: ArrayLike<number>; energies: ArrayLike<number>; numOccurrences: ArrayLike<number>; offset?: number; timing?: Readonly<Record<string, number>> }): QpAnswer {
  const n = input.activeVariables.length;
  const count = input.energies.length;
  const bytesPer = Math.ceil(n / 8);
  const bits = new Uint8Array(count * bytesPer);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < n; i++) if (input.samples[s * n + i]! > 0) bits[s * bytesPer + (i >> 3)]! |= 0x80 >> (i & 7);
  }
  return {
    format: 'qp',
    num_variables: input.numVariables,
    active_variables: encodeInts(input.activeVariables),
    solutions: toBase64(bits),
    energies: encodeDoubles(input.energies),
    num_occurrences: encodeInts(input.numOccurrences),
    ...(input.offset !== undefined && { offset: input.offset }),
    ...(input.timing !== undefined && { timing: input.timing }),
  };
}
