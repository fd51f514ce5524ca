import { type AngleExpr, isBatchConstant } from '../circuit/angle.js';
import type { Circuit } from '../circuit/circuit.js';
import type { GateName } from '../circuit/gates.js';
import { GATE_KERNEL, type KernelKind } from './gateMatrix.js';

/** One gate of a compiled circuit. */
export interface CompiledGate {
  readonly gate: GateName;
  readonly kind: KernelKind;
  /** Qubits in IR order (control first for controlled gates). */
  readonly qubits: readonly number[];
  readonly angles: readonly AngleExpr[];
  /** Index of the first angle in the per-sample angle table. */
  readonly slot: number;
  /** Whether some angle depends on per-sample inputs. */
  readonly perSample: boolean;
  /** Index of the op in `circuit.ops`. */
  readonly opIndex: number;
}

/**
 * A step of the forward pass: one gate, or several one-qubit gates on the same qubit fused into
 * one 2x2 matrix (applied in order). Fusion is sound because gates on other qubits in between
 * commute with them.
 */
export interface CompiledStep {
  readonly gates: readonly CompiledGate[];
  /** The kernel: the gate's own for a single gate; `m1` or `d1` (all diagonal) for a fused run. */
  readonly kind: KernelKind;
  readonly perSample: boolean;
}

/** A circuit compiled for a statevector engine: gates with their kernel kind and angle slots, and the forward steps with one-qubit fusion. Shared by every gate-model backend (statevector, statevector-gpu), so that they agree on fusion and slot numbering (the parameter-shift rule addresses angles by slot). */
export interface CompiledCircuit {
  readonly numQubits: number;
  readonly numParams: number;
  readonly numInputs: number;
  /** Amplitude encoding of `2^k` inputs from `inputOffset`, when the circuit starts with one. */
  readonly amplitude: { readonly k: number; readonly inputOffset: number } | null;
  /** The gates in order (identity gates dropped). */
  readonly gates: readonly CompiledGate[];
  /** Number of angle slots (sum of the gates' angle counts). */
  readonly numSlots: number;
  /** Forward steps with single-qubit fusion. */
  readonly fused: readonly CompiledStep[];
  /** Forward steps without fusion (one per gate). */
  readonly plain: readonly CompiledStep[];
}

const cache = new WeakMap<Circuit, CompiledCircuit>();

/** Compiles (and caches per circuit object) a circuit into engine gates and fused steps. */
export function compileCircuit(circuit: Circuit): CompiledCircuit {
  const hit = cache.get(circuit);
  if (hit) return hit;
  let amplitude: CompiledCircuit['amplitude'] = null;
  const gates: CompiledGate[] = [];
  let slot = 0;
  circuit.ops.forEach((op, opIndex) => {
    if (op.gate === 'AMPLITUDE') {
      amplitude = { k: op.qubits.length, inputOffset: op.inputOffset };
      return;
    }
    const kind = GATE_KERNEL[op.gate];
    if (kind === 'id') return;
    gates.push({ gate: op.gate, kind, qubits: op.qubits, angles: op.angles, slot, perSample: !op.angles.every(isBatchConstant), opIndex });
    slot += op.angles.length;
  });
  const plain = gates.map((g): CompiledStep => ({ gates: [g], kind: g.kind, perSample: g.perSample }));
  const program: CompiledCircuit = {
    numQubits: circuit.numQubits,
    numParams: circuit.numParams,
    numInputs: circuit.numInputs,
    amplitude,
    gates,
    numSlots: slot,
    fused: fuse(gates, circuit.numQubits),
    plain,
  };
  cache.set(circuit, program);
  return program;
}

/** Fuses runs of one-qubit gates on the same qubit (no two-qubit gate on it in between). */
function fuse(gates: readonly CompiledGate[], n: number): CompiledStep[] {
  const steps: CompiledStep[] = [];
  const pending: CompiledGate[][] = Array.from({ length: n }, () => []);
  const flush = (q: number): void => {
    const run = pending[q]!;
    if (run.length === 0) return;
    if (run.length === 1) {
      const g = run[0]!;
      steps.push({ gates: [g], kind: g.kind, perSample: g.perSample });
    } else {
      steps.push({
        gates: [...run],
        kind: run.every((g) => g.kind === 'd1') ? 'd1' : 'm1',
        perSample: run.some((g) => g.perSample),
      });
    }
    pending[q] = [];
  };
  for (const g of gates) {
    if (g.qubits.length === 1) {
      pending[g.qubits[0]!]!.push(g);
    } else {
      for (const q of g.qubits) flush(q);
      steps.push({ gates: [g], kind: g.kind, perSample: g.perSample });
    }
  }
  for (let q = 0; q < n; q++) flush(q);
  return steps;
}
