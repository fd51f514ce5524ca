import { describe, expect, it } from 'vitest';
import { Circuit, CircuitBuilder } from './circuit.js';
import { addAngles, evaluateAngle, input, param, scaleAngle } from './angle.js';
import { formatObservable, parseObservable } from './observable.js';
import { ValidationError } from '../errors.js';

describe('circuit IR validation', () => {
  it('builds a valid circuit and counts parameters and inputs', () => {
    const c = new CircuitBuilder(3).h(0).ry(1, input(2)).cnot(0, 1).rz(2, param(4)).u3(0, 0.1, param(0), input(0)).build();
    expect(c.numQubits).toBe(3);
    expect(c.numParams).toBe(5);
    expect(c.numInputs).toBe(3);
    expect(c.ops.length).toBe(5);
    expect(Object.isFrozen(c.ops)).toBe(true);
  });

  it('names the op index and value for a qubit out of range', () => {
    expect(() => new CircuitBuilder(2).h(0).x(2).build()).toThrow(/op 1: X on qubit 2: qubit indices run from 0 to 1/);
  });

  it('rejects duplicate qubits in a two-qubit gate', () => {
    expect(() => new CircuitBuilder(2).cnot(1, 1).build()).toThrow(/op 0: CNOT on qubits \[1, 1\]: a two-qubit gate needs two different qubits/);
  });

  it('rejects unknown gates with the list of known ones', () => {
    const bad = { numQubits: 1, numParams: 0, numInputs: 0, ops: [{ gate: 'FOO', qubits: [0], angles: [] }] } as unknown as Circuit;
    expect(() => new Circuit(bad)).toThrow(/op 0: unknown gate "FOO": the IR knows I, H, X/);
  });

  it('rejects parameter and input indices beyond the declared counts', () => {
    expect(() => new CircuitBuilder(1, { numParams: 2 }).rx(0, param(2)).build()).toThrow(/op 0: RX refers to parameter 2: the circuit declares 2 parameters/);
    expect(() => new CircuitBuilder(1, { numInputs: 1 }).rx(0, input(3)).build()).toThrow(/refers to input 3/);
  });

  it('rejects wrong angle counts and non-finite constants', () => {
    const bad = { numQubits: 1, numParams: 0, numInputs: 0, ops: [{ gate: 'RX', qubits: [0], angles: [] }] } as unknown as Circuit;
    expect(() => new Circuit(bad)).toThrow(/RX got 0 angle\(s\): RX takes 1/);
    expect(() => new CircuitBuilder(1).rx(0, Number.NaN).build()).toThrow(ValidationError);
  });

  it('accepts amplitude encoding only first and on the low qubits', () => {
    const ok = new CircuitBuilder(3).amplitude(2).ry(2, param(0)).build();
    expect(ok.hasAmplitudeEncoding).toBe(true);
    expect(ok.numInputs).toBe(4);
    expect(() => new CircuitBuilder(3).h(0).amplitude(2).build()).toThrow(/op 1: AMPLITUDE encoding is not the first op/);
    expect(() => new CircuitBuilder(2).amplitude(3).build()).toThrow(/AMPLITUDE needs 3 qubits/);
  });

  it('round-trips through JSON', () => {
    const c = new CircuitBuilder(2).amplitude(1).crx(0, 1, addAngles(param(0), scaleAngle(input(1), Math.PI), 0.5)).build();
    const back = Circuit.fromJSON(JSON.parse(JSON.stringify(c)));
    expect(back.toJSON()).toEqual(c.toJSON());
  });
});

describe('angles', () => {
  it('evaluates affine combinations', () => {
    const a = addAngles(scaleAngle(param(1), 2), input(0), 0.25, param(1));
    // 3 * p1 + x0 + 0.25
    expect(evaluateAngle(a, [9, 2], [10, 0, 5, 0], 2)).toBeCloseTo(3 * 2 + 5 + 0.25, 12);
  });
});

describe('observables', () => {
  it('parses weighted Pauli strings', () => {
    const o = parseObservable('0.5*Z0 Z1 - 2*X3 + Y2');
    expect(o.terms.map((t) => t.coeff)).toEqual([0.5, -2, 1]);
    expect(o.terms[0]!.factors).toEqual([{ pauli: 'Z', qubit: 0 }, { pauli: 'Z', qubit: 1 }]);
    expect(formatObservable(o)).toBe('0.5*Z0 Z1 + -2*X3 + Y2');
  });

  it('reads a leading sign as the sign of the first term (no identity term is added)', () => {
    expect(parseObservable('-Z0').terms).toEqual([{ coeff: -1, factors: [{ pauli: 'Z', qubit: 0 }] }]);
    expect(parseObservable(' -0.5*X0 Y2 + Z1').terms.map((t) => t.coeff)).toEqual([-0.5, 1]);
    expect(() => parseObservable('Z0 -')).toThrow(/has no term after it/);
  });

  it('rejects malformed text and repeated qubits', () => {
    expect(() => parseObservable('Q0')).toThrow(/Cannot read "Q0"/);
    expect(() => parseObservable('Z0 X0')).toThrow(/acts twice on qubit 0/);
    expect(() => parseObservable('')).toThrow(/empty/);
  });
});
