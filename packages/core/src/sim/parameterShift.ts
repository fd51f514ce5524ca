import type { GateName } from '../circuit/gates.js';
import type { VjpResult } from '../contracts/quantumBackend.js';
import { compileCircuit } from './program.js';
import type { CheckedExecution } from './validate.js';

/**
 * A shift of one angle slot of a compiled circuit (see {@link CompiledGate.slot}): the angle is
 * evaluated as usual for every row, then `delta` is added.
 */
export interface AngleShift {
  readonly slot: number;
  readonly delta: number;
}

/** A shift of entry `j` of the normalised amplitude-encoded vector (after normalisation). */
export interface AmplitudeShift {
  readonly j: number;
  readonly delta: number;
}

/**
 * Expectation values (rows x observables, row-major) of the execution being differentiated,
 * with at most one angle or amplitude shift applied; what {@link parameterShiftVjp} asks a
 * backend's engine for.
 */
export type ShiftedExpectation = (shift: AngleShift | null, ampShift: AmplitudeShift | null) => Float64Array;

/**
 * Parameter-shift recipe of a gate's angles: `[coefficient, shift]` pairs, `d f = sum c (f(t + s)
 * - f(t - s))`. Two terms for gates whose generator has eigenvalues +-1/2 (RX, RY, RZ, P up to a
 * phase, each angle of U3, RXX, RYY, RZZ); the four-term rule for the controlled rotations, whose
 * generator has eigenvalues {0, +-1/2}.
 */
export function shiftRecipe(gate: GateName): readonly (readonly [number, number])[] {
  if (gate === 'CRX' || gate === 'CRY' || gate === 'CRZ') {
    // generator eigenvalues {0, +-1/2}: the four-term rule
    const cp = (Math.SQRT2 + 1) / (4 * Math.SQRT2);
    const cm = (Math.SQRT2 - 1) / (4 * Math.SQRT2);
    return [[cp, Math.PI / 2], [-cm, (3 * Math.PI) / 2]];
  }
  return [[0.5, Math.PI / 2]];
}

/**
 * The vector-Jacobian product of expectation values by the exact parameter-shift rule, for any
 * engine that can evaluate shifted angles ({@link ShiftedExpectation}): per angle slot the
 * recipe of {@link shiftRecipe}, chained through the angle's affine terms to parameters (summed
 * over the batch) and per-sample inputs; amplitude-encoded inputs by the exact quadratic-form
 * rule (`f(v) = v^T A v`, so `df/dv_j = (f(v + e_j) - f(v - e_j)) / 2`) and then through the
 * normalisation, `grad_x = (g - (g . psi0) psi0) / |x|`.
 *
 * Cost: 1 + 2 x (recipe terms) evaluations per angle slot that depends on a parameter or input,
 * plus 2 per amplitude. Works with noise (every evaluation is a full expectation), which is why
 * noisy and single-precision backends use it.
 *
 * @param ex the validated execution
 * @param numObservables O, the columns of every evaluation
 * @param upstream rows x O, validated (see {@link checkUpstream})
 */
export function parameterShiftVjp(ex: CheckedExecution, numObservables: number, upstream: Float64Array, evaluate: ShiftedExpectation): VjpResult {
  const prog = compileCircuit(ex.circuit);
  const O = numObservables;
  const up = upstream;
  const rows = ex.rows;
  const ni = prog.numInputs;
  const value = evaluate(null, null);
  const params = new Float64Array(prog.numParams);
  const inputs = new Float64Array(rows * ni);
  const contract = (plus: Float64Array, minus: Float64Array, c: number, d: Float64Array): void => {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let o = 0; o < O; o++) s += up[r * O + o]! * (plus[r * O + o]! - minus[r * O + o]!);
      d[r] = d[r]! + c * s;
    }
  };
  for (const g of prog.gates) {
    g.angles.forEach((a, w) => {
      if (a.terms.length === 0) return;
      const d = new Float64Array(rows);
      for (const [c, s] of shiftRecipe(g.gate)) {
        const plus = evaluate({ slot: g.slot + w, delta: s }, null);
        const minus = evaluate({ slot: g.slot + w, delta: -s }, null);
        contract(plus, minus, c, d);
      }
      for (const t of a.terms) {
        if (t.source === 'param') params[t.index] = params[t.index]! + t.coeff * d.reduce((x, y) => x + y, 0);
        else for (let r = 0; r < rows; r++) inputs[r * ni + t.index] = inputs[r * ni + t.index]! + t.coeff * d[r]!;
      }
    });
  }
  const amp = prog.amplitude;
  if (amp) {
    // f(v) = v^T A v is quadratic in the initial vector, so df/dv_j = (f(v + e_j) - f(v - e_j)) / 2 exactly.
    const D = 2 ** amp.k;
    const g = new Float64Array(rows * D);
    for (let j = 0; j < D; j++) {
      const plus = evaluate(null, { j, delta: 1 });
      const minus = evaluate(null, { j, delta: -1 });
      const d = new Float64Array(rows);
      contract(plus, minus, 0.5, d);
      for (let r = 0; r < rows; r++) g[r * D + j] = d[r]!;
    }
    const x = ex.inputs!;
    for (let r = 0; r < rows; r++) {
      const base = r * ni + amp.inputOffset;
      let s = 0;
      for (let j = 0; j < D; j++) s += x[base + j]! ** 2;
      const norm = Math.sqrt(s);
      let dot = 0;
      for (let j = 0; j < D; j++) dot += g[r * D + j]! * (x[base + j]! / norm);
      for (let j = 0; j < D; j++) inputs[base + j] = inputs[base + j]! + (g[r * D + j]! - dot * (x[base + j]! / norm)) / norm;
    }
  }
  return { value, params, inputs };
}
