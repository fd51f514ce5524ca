import { type CircuitBuilder, ValidationError, describeValue, param } from '@hqml/core';

/** Ansatz templates: the trainable part of the circuit, repeated `layers` times. */
export type AnsatzKind = 'hardware-efficient' | 'strongly-entangling' | 'seed';

/** All ansatz kinds, for validation and help. */
export const ANSATZ_KINDS: readonly AnsatzKind[] = ['hardware-efficient', 'strongly-entangling', 'seed'];

/** Options of an ansatz. */
export interface AnsatzOptions {
  readonly kind: AnsatzKind;
  readonly layers: number;
  /**
   * Strongly entangling layers: CNOT range of every layer. Default: layer l uses
   * `(l mod) + 1`, as PennyLane's StronglyEntanglingLayers.
   */
  readonly range?: number;
}

/** Checks an ansatz against a qubit count; errors name the value and the fix. */
export function validateAnsatz(a: AnsatzOptions, qubits: number): void {
  if (!ANSATZ_KINDS.includes(a.kind)) {
    throw new ValidationError({ what: `ansatz is ${describeValue(a.kind)}`, why: `known ansatz templates are ${ANSATZ_KINDS.join(', ')}`, fix: "Use 'hardware-efficient'" });
  }
  if (!Number.isInteger(a.layers) || a.layers < 0) {
    throw new ValidationError({ what: `layers is ${describeValue(a.layers)}`, why: 'it must be a non-negative integer', fix: 'Pass layers: 1 or more (0 for an encoding-only circuit)' });
  }
  if (a.range !== undefined) {
    if (a.kind !== 'strongly-entangling') {
      throw new ValidationError({ what: `range is set for ansatz ${a.kind}`, why: 'only strongly-entangling layers have a CNOT range', fix: 'Drop range or use strongly-entangling' });
    }
    if (!Number.isInteger(a.range) || a.range < 1 || a.range >= Math.max(2, qubits)) {
      throw new ValidationError({ what: `range is ${describeValue(a.range)}`, why: `on ${qubits} qubits it must be an integer in 1..${Math.max(1, qubits - 1)}`, fix: 'Pick a range below the qubit count' });
    }
  }
}

/** Trainable parameter count of an ansatz on `qubits` qubits. */
export function ansatzParameters(a: AnsatzOptions, qubits: number): number {
  const perQubit = a.kind === 'hardware-efficient' ? 2 : a.kind === 'strongly-entangling' ? 3 : 1;
  return perQubit * qubits * a.layers;
}

function ring(builder: CircuitBuilder, qubits: number, r: number): void {
  if (qubits < 2) return;
  // Two qubits: a ring 0->1->0 would be two CNOTs that partly undo each other; one suffices.
  const n = qubits === 2 ? 1 : qubits;
  for (let q = 0; q < n; q++) builder.cnot(q, (q + r) % qubits);
}

/**
 * Appends the ansatz with parameter indices from `offset`; returns the next free index.
 * - hardware-efficient: per layer RY(θ), RZ(θ) on every qubit, then a CNOT ring q -> q+1.
 * - strongly-entangling: per layer RZ(φ) RY(θ) RZ(ω) (a general rotation) on every qubit, then
 *   CNOT q -> q+r.
 * - seed: per layer H on every qubit, then RY(θ_k).
 */
export function appendAnsatz(builder: CircuitBuilder, a: AnsatzOptions, qubits: number, offset = 0): number {
  let k = offset;
  for (let l = 0; l < a.layers; l++) {
    if (a.kind === 'hardware-efficient') {
      for (let q = 0; q < qubits; q++) {
        builder.ry(q, param(k++));
        builder.rz(q, param(k++));
      }
      ring(builder, qubits, 1);
    } else if (a.kind === 'strongly-entangling') {
      for (let q = 0; q < qubits; q++) {
        builder.rz(q, param(k++));
        builder.ry(q, param(k++));
        builder.rz(q, param(k++));
      }
      ring(builder, qubits, a.range ?? (l % Math.max(1, qubits - 1)) + 1);
    } else {
      for (let q = 0; q < qubits; q++) builder.h(q);
      for (let q = 0; q < qubits; q++) builder.ry(q, param(k++));
    }
  }
  return k;
}
