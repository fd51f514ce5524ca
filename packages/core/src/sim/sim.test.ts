import { describe, expect, it } from 'vitest';
import { addAngles, input, param } from '../circuit/angle.js';
import { CircuitBuilder } from '../circuit/circuit.js';
import { parseObservable } from '../circuit/observable.js';
import { ValidationError } from '../errors.js';
import { Rng } from '../rng.js';
import { gateCoefs } from './gateMatrix.js';
import { parameterShiftVjp, shiftRecipe } from './parameterShift.js';
import { pauliMasks } from './pauliMasks.js';
import { compileCircuit } from './program.js';
import { drawShots } from './shots.js';
import { checkExecution, checkShots, checkUpstream } from './validate.js';

describe('compileCircuit', () => {
  it('numbers angle slots in gate order, drops identities, fuses one-qubit runs up to a two-qubit gate', () => {
    const c = new CircuitBuilder(2, { numParams: 1, numInputs: 1 }).h(0).gate('I', [1]).ry(0, param(0)).u3(1, 0.1, 0.2, input(0)).cnot(0, 1).rz(0, 0.3).build();
    const p = compileCircuit(c);
    expect(p.gates.map((g) => g.gate)).toEqual(['H', 'RY', 'U3', 'CNOT', 'RZ']);
    expect(p.gates.map((g) => g.slot)).toEqual([0, 0, 1, 4, 4]);
    expect(p.numSlots).toBe(5);
    expect(p.gates.map((g) => g.perSample)).toEqual([false, false, true, false, false]);
    // H and RY on qubit 0 fuse (m1); U3 alone on qubit 1; then CNOT; RZ (diagonal) last
    expect(p.fused.map((s) => [s.gates.map((g) => g.gate).join('+'), s.kind])).toEqual([['H+RY', 'm1'], ['U3', 'm1'], ['CNOT', 'cx'], ['RZ', 'd1']]);
    expect(compileCircuit(c)).toBe(p);
  });
});

describe('parameterShiftVjp', () => {
  it('differentiates an analytic expectation through affine angles and the four-term rule', () => {
    // <Z> after RY(t) is cos t (two-term rule); after CRY(t) on |1>|0> the target's <Z> is cos t (four-term rule)
    const ry = new CircuitBuilder(1, { numParams: 1, numInputs: 1 }).ry(0, addAngles(param(0, 2), input(0, -0.5))).build();
    const ex = checkExecution({ circuit: ry, params: [0.3], inputs: [0.2, -1.1] });
    const angle = (row: number, delta: number): number => 2 * 0.3 - 0.5 * ex.inputs![row]! + delta;
    const r = parameterShiftVjp(ex, 1, Float64Array.from([1.5, -2]), (shift) => Float64Array.from([0, 1], (row) => Math.cos(angle(row, shift?.delta ?? 0))));
    const d = [0, 1].map((row) => -Math.sin(angle(row, 0)));
    expect(r.params[0]).toBeCloseTo(2 * (1.5 * d[0]! - 2 * d[1]!), 12);
    expect(r.inputs[0]).toBeCloseTo(-0.5 * 1.5 * d[0]!, 12);
    expect(r.inputs[1]).toBeCloseTo(-0.5 * -2 * d[1]!, 12);
    const cry = new CircuitBuilder(2, { numParams: 1 }).x(0).cry(0, 1, param(0)).build();
    const ex2 = checkExecution({ circuit: cry, params: [0.7] });
    const r2 = parameterShiftVjp(ex2, 1, Float64Array.from([1]), (shift) => Float64Array.from([Math.cos(0.7 + (shift?.delta ?? 0))]));
    expect(r2.params[0]).toBeCloseTo(-Math.sin(0.7), 12);
    expect(shiftRecipe('CRY')).toHaveLength(2);
  });

  it('differentiates amplitude-encoded inputs through the normalisation', () => {
    // f(x) = <Z> of the normalised 2-vector x = (x0^2 - x1^2) / |x|^2
    const c = new CircuitBuilder(1, { numInputs: 2 }).amplitude(1, 0).build();
    const x = [0.6, -1.3];
    const ex = checkExecution({ circuit: c, params: [], inputs: x });
    const norm = Math.hypot(x[0]!, x[1]!);
    const v = [x[0]! / norm, x[1]! / norm];
    const r = parameterShiftVjp(ex, 1, Float64Array.from([1]), (_s, amp) => {
      const w = [...v];
      if (amp) w[amp.j] = w[amp.j]! + amp.delta;
      return Float64Array.from([w[0]! ** 2 - w[1]! ** 2]);
    });
    const n2 = norm ** 2;
    expect(r.inputs[0]).toBeCloseTo((2 * x[0]! * n2 - (x[0]! ** 2 - x[1]! ** 2) * 2 * x[0]!) / n2 ** 2, 12);
    expect(r.inputs[1]).toBeCloseTo((-2 * x[1]! * n2 - (x[0]! ** 2 - x[1]! ** 2) * 2 * x[1]!) / n2 ** 2, 12);
  });
});

describe('shared helpers', () => {
  it('drawShots follows the probabilities, repeats with the seed, and tolerates rows that do not sum to 1', () => {
    const p = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0.5]);
    const s = drawShots(p, 2, 4, 20000, Rng.from(3));
    expect(Array.from(s)).toEqual(Array.from(drawShots(p, 2, 4, 20000, Rng.from(3))));
    for (let k = 0; k < 4; k++) expect(s.subarray(0, 20000).filter((v) => v === k).length / 20000).toBeCloseTo(p[k]!, 1);
    expect(s.subarray(20000).every((v) => v === 3)).toBe(true);
  });

  it('pauliMasks and gateCoefs follow the conventions of the IR', () => {
    expect(pauliMasks(parseObservable('-0.5*X0 Y2 Z3').terms[0]!)).toEqual({ x: 0b101, z: 0b1100, ny: 1, coeff: -0.5 });
    const o = new Float64Array(8);
    gateCoefs('RY', Math.PI, 0, 0, o, 0);
    expect(Array.from(o).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 0, -1, 0, 1, 0, 0, 0]);
  });

  it('validation names the bad value before any compute', () => {
    const c = new CircuitBuilder(1, { numParams: 1 }).rx(0, param(0)).build();
    expect(() => checkExecution({ circuit: c, params: [Number.NaN] })).toThrow(/params\[0\] is NaN/);
    expect(() => checkUpstream([1, Number.POSITIVE_INFINITY], 1, 2)).toThrow(/upstream\[1\]/);
    expect(() => checkUpstream([1], 1, 2)).toThrow(ValidationError);
    expect(() => checkShots(0, 1)).toThrow(/shots is 0/);
    expect(() => checkShots(10, 0.5)).toThrow(/seed is 0.5/);
  });
});
