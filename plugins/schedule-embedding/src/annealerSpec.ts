import { ValidationError, describeValue } from '@hqml/core';
import { type ControlTerm, type CouplerGraph, controlTerms } from './controlTerms.js';

/** Trotter product formula: first order (Lie) or second order (Strang, symmetric). */
export type TrotterOrder = 1 | 2;

/** What the simulated annealer is: qubits, control terms, time grid and Trotterization. */
export interface AnnealerSpec {
  readonly numQubits: number;
  readonly terms: readonly ControlTerm[];
  /** Piecewise-constant schedule segments. */
  readonly steps: number;
  /** Total annealing time T (each step lasts T / steps). */
  readonly totalTime: number;
  /** Trotter slices per step. */
  readonly slices: number;
  readonly order: TrotterOrder;
}

/** Options of {@link annealerSpec}. */
export interface AnnealerSpecOptions {
  readonly numQubits: number;
  readonly couplers?: CouplerGraph;
  readonly steps: number;
  readonly totalTime?: number;
  readonly slices?: number;
  readonly order?: TrotterOrder;
}

/** Builds and validates an {@link AnnealerSpec} (defaults: all couplers, T = 1, 2 slices, first order). */
export function annealerSpec(o: AnnealerSpecOptions): AnnealerSpec {
  const terms = controlTerms(o.numQubits, o.couplers ?? 'all');
  const spec: AnnealerSpec = { numQubits: o.numQubits, terms, steps: o.steps, totalTime: o.totalTime ?? 1, slices: o.slices ?? 2, order: o.order ?? 1 };
  checkAnnealerSpec(spec);
  return spec;
}

/** Validates a spec before any compute is spent. */
export function checkAnnealerSpec(s: AnnealerSpec): void {
  const bad = (what: string, why: string, fix: string): never => {
    throw new ValidationError({ what, why, fix });
  };
  if (!Number.isInteger(s.steps) || s.steps < 1 || s.steps > 1000) bad(`steps is ${describeValue(s.steps)}`, 'the schedule has 1 to 1000 piecewise-constant steps', 'Use e.g. 5 (the seed) or 10');
  if (!(s.totalTime > 0) || !Number.isFinite(s.totalTime)) bad(`totalTime is ${describeValue(s.totalTime)}`, 'the annealing time is a positive number', 'Use e.g. 1 (the seed)');
  if (!Number.isInteger(s.slices) || s.slices < 1 || s.slices > 100) bad(`slices is ${describeValue(s.slices)}`, 'the Trotter number per step is an integer from 1 to 100', 'Use e.g. 2 (the seed)');
  if (s.order !== 1 && s.order !== 2) bad(`order is ${describeValue(s.order)}`, 'the Trotter order is 1 or 2', 'Use 1 (Lie) or 2 (Strang)');
  if (s.terms.length === 0) bad('the term set is empty', 'the annealer needs at least one control term', 'Use controlTerms(n)');
  s.terms.forEach((t, k) => {
    const arity = t.kind === 'ZZ' ? 2 : 1;
    if (t.qubits.length !== arity || !t.qubits.every((q) => Number.isInteger(q) && q >= 0 && q < s.numQubits) || (arity === 2 && t.qubits[0] === t.qubits[1])) {
      bad(`term ${k} is ${describeValue(t)}`, `a ${t.kind} term acts on ${arity} distinct qubit(s) of 0..${s.numQubits - 1}`, 'Build the terms with controlTerms(n, couplers)');
    }
  });
}

/** Number of schedule amplitudes per sample: steps x terms (step-major: amplitude of term j in step k at k * m + j). */
export function scheduleSize(s: AnnealerSpec): number {
  return s.steps * s.terms.length;
}
