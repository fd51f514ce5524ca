import { type Circuit, CircuitBuilder, type GateOp, ValidationError, input, inverseGate, param, parseObservable } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { foldGatesAtRandom, foldGlobal } from './folding.js';

const gates = (c: Circuit): number => c.ops.filter((o) => o.gate !== 'AMPLITUDE').length;

function sample(): Circuit {
  return new CircuitBuilder(3)
    .h(0).sx(1).cnot(0, 1).u3(2, param(0), 0.3, param(1, -0.5)).ry(1, input(0)).crz(1, 2, 0.7).t(2).rxx(0, 2, param(1)).s(0)
    .build();
}

describe('foldGlobal', () => {
  it('triples the gate count at scale 3 and keeps it at 1', () => {
    const c = sample();
    expect(gates(foldGlobal(c, 3).circuit)).toBe(3 * gates(c));
    expect(foldGlobal(c, 3).scale).toBe(3);
    expect(foldGlobal(c, 1).circuit.ops).toEqual(c.ops);
    expect(gates(foldGlobal(c, 5).circuit)).toBe(5 * gates(c));
  });

  it('folds a 4-gate circuit at scale 2 into 8 gates: U, then the last two gates inverted and repeated', () => {
    const c = new CircuitBuilder(2).h(0).cnot(0, 1).rz(1, 0.4).x(0).build();
    const f = foldGlobal(c, 2);
    expect(f.circuit.ops.map((o) => o.gate)).toEqual(['H', 'CNOT', 'RZ', 'X', 'X', 'RZ', 'RZ', 'X']);
    expect((f.circuit.ops[5] as GateOp).angles[0]!.constant).toBeCloseTo(-0.4, 15);
    expect(f.scale).toBe(2);
  });

  it('reports the scale it reached for fractional factors', () => {
    const c = sample(); // 9 gates
    const f = foldGlobal(c, 1.5); // m = round(0.5 * 9 / 2) = 2
    expect(gates(f.circuit)).toBe(13);
    expect(f.scale).toBeCloseTo(13 / 9, 15);
  });

  it('keeps amplitude encoding first and unfolded', () => {
    const c = new CircuitBuilder(2).amplitude(2).ry(0, param(0)).cnot(0, 1).build();
    const f = foldGlobal(c, 3).circuit;
    expect(f.ops[0]!.gate).toBe('AMPLITUDE');
    expect(f.ops.filter((o) => o.gate === 'AMPLITUDE')).toHaveLength(1);
    expect(gates(f)).toBe(6);
  });

  it('rejects scale factors below 1 with a ValidationError', () => {
    expect(() => foldGlobal(sample(), 0.5)).toThrow(ValidationError);
    expect(() => foldGlobal(sample(), Number.NaN)).toThrow(/>= 1/);
  });
});

describe('foldGatesAtRandom', () => {
  it('at an odd scale folds every gate alike, whatever the seed (fold_all)', () => {
    const c = sample();
    const a = foldGatesAtRandom(c, 3, 1).circuit, b = foldGatesAtRandom(c, 3, 99).circuit;
    expect(a.ops).toEqual(b.ops);
    const want: GateOp[] = [];
    for (const g of c.ops as GateOp[]) want.push(g, inverseGate(g), g);
    expect(a.ops).toEqual(want);
  });

  it('at a fractional scale folds round(f d / 2) gates chosen by the seed', () => {
    const c = sample();
    const a = foldGatesAtRandom(c, 2, 1), b = foldGatesAtRandom(c, 2, 1), d = foldGatesAtRandom(c, 2, 2);
    expect(a.circuit.ops).toEqual(b.circuit.ops);
    expect(gates(a.circuit)).toBe(9 + 2 * Math.round(9 / 2));
    expect(a.scale).toBeCloseTo(19 / 9, 15);
    const differs = [2, 3, 4, 5].some((s) => JSON.stringify(foldGatesAtRandom(c, 2, s).circuit.ops) !== JSON.stringify(a.circuit.ops));
    expect(differs || JSON.stringify(d.circuit.ops) !== JSON.stringify(a.circuit.ops)).toBe(true);
  });
});

describe('folded circuits are the same unitary (noise-free statevector)', () => {
  const backend = new StatevectorBackend({ threads: 1 });
  afterAll(() => backend.dispose());
  const obs = [parseObservable('Z0'), parseObservable('X1 Y2'), parseObservable('0.5*Z0 Z1 Z2 - X0')];

  it.each([
    ['global', 1.7],
    ['global', 3],
    ['random', 2.4],
    ['random', 5],
  ] as const)('%s folding at scale %s leaves every expectation value unchanged', (method, scale) => {
    const c = sample();
    const exec = { circuit: c, params: [0.3, -1.2], inputs: [0.4, 2.1] };
    const f = method === 'global' ? foldGlobal(c, scale) : foldGatesAtRandom(c, scale, 3);
    expect(gates(f.circuit)).toBeGreaterThan(gates(c));
    const want = backend.expectation(exec, obs);
    const got = backend.expectation({ ...exec, circuit: f.circuit }, obs);
    Array.from(want).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
  });
});
