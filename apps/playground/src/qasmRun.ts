import { type QuantumBackend, type StateProvider, clbitString, parseQasm } from '@hqml/core/browser';

/** One probability of a run: a bit string (bit 0 rightmost, Qiskit's order) and its value. */
export interface ProbabilityEntry {
  readonly bits: string;
  readonly p: number;
}

/** What running a program in the page gave. */
export interface ProgramRun {
  readonly numQubits: number;
  readonly numGates: number;
  /** Qubits that deferred measurement added for mid-circuit measurements or resets. */
  readonly ancillas: number;
  /** Whether the keys of the probabilities are the measured classical bits or all qubits. */
  readonly bits: 'clbits' | 'qubits';
  /** Non-zero probabilities, by bit string. */
  readonly probabilities: readonly ProbabilityEntry[];
  /** The final state (null when the program measures mid-circuit: then there is no single state). */
  readonly amplitudes: { readonly re: Float64Array; readonly im: Float64Array } | null;
  readonly probabilitiesMs: number;
  readonly amplitudesMs: number;
}

/** A basis index as a bit string of `width` bits, bit 0 rightmost. */
export function bitString(index: number, width: number): string {
  return width === 0 ? '' : index.toString(2).padStart(width, '0');
}

/**
 * Parses an OpenQASM 2 program and runs it on `backend`: the probabilities of its measured
 * classical bits (or of all qubits when it measures nothing) and, when it has one, the final
 * state. Parse errors are core's QasmSyntaxError and friends, with line and column.
 */
export function runProgram(text: string, backend: QuantumBackend & StateProvider): ProgramRun {
  const program = parseQasm(text);
  const circuit = program.circuit;
  const n = program.qubitNames.length;
  const measured = program.measurements.length > 0;
  const execution = { circuit, params: [] };
  const t0 = performance.now();
  const p = backend.probabilities(execution);
  const t1 = performance.now();
  const byKey = new Map<string, number>();
  for (let i = 0; i < p.length; i++) {
    if (p[i]! <= 1e-15) continue;
    const key = measured ? clbitString(program, i) : bitString(i % 2 ** n, n);
    byKey.set(key, (byKey.get(key) ?? 0) + p[i]!);
  }
  const probabilities = [...byKey].map(([bits, v]) => ({ bits, p: v })).sort((a, b) => (a.bits < b.bits ? -1 : 1));
  let amplitudes: ProgramRun['amplitudes'] = null;
  let t2 = t1;
  if (program.ancillas === 0 && program.conditionals === 0) {
    amplitudes = backend.amplitudes(execution);
    t2 = performance.now();
  }
  return { numQubits: n, numGates: circuit.ops.length, ancillas: program.ancillas, bits: measured ? 'clbits' : 'qubits', probabilities, amplitudes, probabilitiesMs: t1 - t0, amplitudesMs: t2 - t1 };
}
