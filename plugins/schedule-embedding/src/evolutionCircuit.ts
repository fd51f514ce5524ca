import { type Circuit, CircuitBuilder, input } from '@hqml/core';
import { type AnnealerSpec, checkAnnealerSpec, scheduleSize } from './annealerSpec.js';
import type { ControlTerm } from './controlTerms.js';

/**
 * The Trotterized evolution of |0...0> under H(t) = sum_j f_j(t) H_j as a circuit whose angles
 * are per-sample inputs: input k * m + j is the amplitude f_j of step k. Over a slice of length
 * dt, exp(-i f dt X) = RX(2 f dt), exp(-i f dt Z) = RZ(2 f dt), exp(-i f dt ZZ) = RZZ(2 f dt).
 *
 * The X terms commute with each other, and the Z and ZZ terms with each other, so H splits into
 * two commuting groups A (fields X) and B (Z, ZZ): first order applies e^{-iB dt} e^{-iA dt} per
 * slice (error O(dt) globally), second order e^{-iA dt/2} e^{-iB dt} e^{-iA dt/2} (Strang, O(dt^2)).
 */
export function buildEvolutionCircuit(spec: AnnealerSpec): Circuit {
  checkAnnealerSpec(spec);
  const m = spec.terms.length;
  const dt = spec.totalTime / spec.steps / spec.slices;
  const b = new CircuitBuilder(spec.numQubits, { numInputs: scheduleSize(spec) });
  const xs = spec.terms.map((t, j) => [t, j] as const).filter(([t]) => t.kind === 'X');
  const zs = spec.terms.map((t, j) => [t, j] as const).filter(([t]) => t.kind !== 'X');
  const apply = (group: readonly (readonly [ControlTerm, number])[], k: number, scale: number): void => {
    for (const [t, j] of group) {
      const angle = input(k * m + j, 2 * dt * scale);
      if (t.kind === 'X') b.rx(t.qubits[0]!, angle);
      else if (t.kind === 'Z') b.rz(t.qubits[0]!, angle);
      else b.rzz(t.qubits[0]!, t.qubits[1]!, angle);
    }
  };
  for (let k = 0; k < spec.steps; k++) {
    for (let s = 0; s < spec.slices; s++) {
      if (spec.order === 1) {
        apply(xs, k, 1);
        apply(zs, k, 1);
      } else {
        apply(xs, k, 0.5);
        apply(zs, k, 1);
        apply(xs, k, 0.5);
      }
    }
  }
  return b.build();
}
