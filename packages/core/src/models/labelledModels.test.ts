import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ResourceError, ValidationError } from '../errors.js';
import { setMemoryLimit } from '../resourceLimits.js';
import { IsingModel } from './ising.js';
import type { VariableLabel } from './labels.js';
import { MAX_ENERGY_SCALE } from './quadraticModel.js';
import { QuboModel } from './qubo.js';

afterEach(() => setMemoryLimit(undefined));

describe('models from dimod-style dictionaries', () => {
  it('from_ising with string labels: first-seen order, energies by hand', () => {
    // h = {a: 1, b: -2}, J = {(a, b): 0.5, (b, c): -1}, offset 3
    const m = IsingModel.fromIsing({ a: 1, b: -2 }, [['a', 'b', 0.5], ['b', 'c', -1]], 3);
    expect(m.labels).toEqual(['a', 'b', 'c']);
    // s = (a, b, c) = (+1, -1, +1): 3 + 1 + 2 - 0.5 + 1 = 6.5
    expect(m.energy(m.sampleFrom(new Map<VariableLabel, number>([['a', 1], ['b', -1], ['c', 1]])))).toBe(6.5);
    expect(m.linearBias('b')).toBe(-2);
    expect(m.quadraticBias('c', 'b')).toBe(-1);
    expect(m.quadraticBias('a', 'c')).toBe(0);
    expect(() => m.linearBias('z')).toThrow(/unknown variable 'z'/);
  });

  it('tuple labels compare by value; numeric object keys become numbers', () => {
    const m = IsingModel.fromIsing(new Map<VariableLabel, number>([[['x', 0], 1], [['x', 1], -1]]), new Map<readonly [VariableLabel, VariableLabel], number>([[[['x', 0], ['x', 1]], 2], [[['x', 1], ['x', 0]], 1]]));
    expect(m.numVariables).toBe(2);
    expect(m.quadraticBias(['x', 1], ['x', 0])).toBe(3); // (u, v) and (v, u) summed, as dimod's add_quadratic
    expect(m.indexOf(['x', 1])).toBe(1);
    expect(Object.isFrozen(m.labels[0])).toBe(true);
    const n = IsingModel.fromIsing({ 0: -1, 1: 1, x: 2 });
    expect(n.labels).toEqual([0, 1, 'x']);
    expect(IsingModel.fromIsing([0.5, -0.5], [[0, 1, 1]]).labels).toEqual([0, 1]);
    // a string "0" stays a string in a Map
    expect(IsingModel.fromIsing(new Map([['0', 1]])).labels).toEqual(['0']);
  });

  it('from_qubo: diagonal entries are linear, [u, v] and [v, u] summed, energies by hand', () => {
    const q = QuboModel.fromQubo([['a', 'a', -1], ['a', 'b', 2], ['b', 'a', 1], ['b', 'b', 0.5]], 0.25);
    expect(q.labels).toEqual(['a', 'b']);
    expect(q.linearBias('a')).toBe(-1);
    expect(q.quadraticBias('a', 'b')).toBe(3);
    // x = (1, 1): 0.25 - 1 + 0.5 + 3 = 2.75
    expect(q.energy([1, 1])).toBe(2.75);
    const { Q, offset } = q.toQuboDict();
    expect([...Q.entries()].map(([[u, v], b]) => [u, v, b])).toEqual([['a', 'a', -1], ['b', 'b', 0.5], ['a', 'b', 3]]);
    expect(offset).toBe(0.25);
    expect(QuboModel.fromQubo(Q, offset).energy([1, 0])).toBe(q.energy([1, 0]));
  });

  it('to_ising and from_ising round-trip; spin/binary views agree on every energy', () => {
    const m = IsingModel.fromIsing({ a: 1, b: -0.5 }, [['a', 'b', 2], ['b', ['t', 1], -1]], -1);
    const { h, J, offset } = m.toIsingDict();
    const back = IsingModel.fromIsing(h, J, offset);
    expect(back.labels).toEqual(m.labels);
    expect(back.quadraticBias('b', ['t', 1])).toBe(-1);
    for (let mask = 0; mask < 8; mask++) {
      const s = [0, 1, 2].map((i) => ((mask >> i) & 1 ? 1 : -1));
      expect(m.binary.energy(s.map((v) => (v + 1) / 2))).toBeCloseTo(m.energy(s), 12);
      expect(m.binary.spin.energy(s)).toBeCloseTo(m.energy(s), 12);
    }
    expect(m.binary.labels).toEqual(m.labels);
  });

  it('refuses bad labels and bad dictionaries with the entry named', () => {
    expect(() => IsingModel.fromIsing({}, [['a', 'a', 1]])).toThrow(/couples 'a' with itself/);
    expect(() => IsingModel.fromIsing(new Map([[Number.NaN, 1]]))).toThrow(/label is NaN/);
    expect(() => IsingModel.fromIsing(new Map([[{} as unknown as VariableLabel, 1]]))).toThrow(/a variable label is a finite number, a string, or a tuple/);
    expect(() => IsingModel.fromIsing({ a: Number.POSITIVE_INFINITY })).toThrow(/h\["a"\] is Infinity/);
    expect(() => IsingModel.fromIsing({}, { ab: 1 } as unknown as [])).toThrow(/JavaScript object cannot have as keys/);
    expect(() => QuboModel.fromQubo([['a', 'b']] as unknown as [])).toThrow(/Q entry 0 is \["a", "b"\]/);
    expect(() => new IsingModel({ linear: [0, 0], labels: ['a', 'a'] })).toThrow(/both labelled 'a'/);
    expect(() => new IsingModel({ linear: [0, 0], labels: [['a', 1], ['a', 1]] })).toThrow(/both labelled \('a', 1\)/);
  });
});

describe('sizes are checked before allocation', () => {
  it('a variable index of 1e15 is a ResourceError naming the size, not a RangeError', () => {
    const err = (() => {
      try {
        return new IsingModel({ quadratic: [[0, 1e15, 1]] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ResourceError);
    expect((err as Error).message).toMatch(/1,000,000,000,000,001 variables/);
    expect((err as Error).message).toMatch(/at most 4,294,967,296 elements|memory limit/);
    expect(() => QuboModel.fromEntries([[1e15, 1e15, 1]])).toThrow(ResourceError);
  });

  it('a declared size of 1e12 is a ResourceError', () => {
    expect(() => new QuboModel({ numVariables: 1e12 })).toThrow(ResourceError);
    expect(() => new QuboModel({ numVariables: 1e12 })).toThrow(/1,000,000,000,000 variables/);
  });

  it('the memory limit is honoured and named', () => {
    setMemoryLimit(1024 * 1024);
    expect(() => new IsingModel({ numVariables: 100_000 })).toThrow(/would need 2.67 MiB .*the memory limit is 1.00 MiB/);
    expect(new IsingModel({ numVariables: 1000 }).numVariables).toBe(1000);
  });

  it('non-integer or unsafe indices and counts are ValidationErrors', () => {
    expect(() => new IsingModel({ quadratic: [[0, 2 ** 60, 1]] })).toThrow(ValidationError);
    expect(() => new IsingModel({ numVariables: -1 })).toThrow(/numVariables is -1/);
    expect(() => new IsingModel({ numVariables: 1.5 })).toThrow(ValidationError);
  });
});

describe('energies that would overflow are refused', () => {
  it('biases near 1e308 are a ValidationError that says why and how to fix it', () => {
    expect(() => IsingModel.from({ h: [1e308, 1e308] })).toThrow(/sum to Infinity in magnitude.*overflow.*Divide every bias/);
    expect(() => IsingModel.from({ J: [[0, 1, 1e301]] })).toThrow(ValidationError);
    expect(() => QuboModel.fromEntries([[0, 0, 9e299], [1, 1, 9e299]])).toThrow(/1.8e\+300/);
    expect(IsingModel.from({ h: [MAX_ENERGY_SCALE / 2], J: [[0, 1, MAX_ENERGY_SCALE / 4]] }).numVariables).toBe(2);
  });

  it('a model within MAX_ENERGY_SCALE / 9 converts both ways and evaluates without Infinity or NaN (property)', () => {
    // SPIN -> BINARY at most multiplies the scale by 9 (|offset| + 3 sum|h| + 9 sum|J|).
    fc.assert(
      fc.property(fc.array(fc.double({ min: -MAX_ENERGY_SCALE / 30, max: MAX_ENERGY_SCALE / 30, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.nat(7), ([a, b, c], mask) => {
        const m = IsingModel.from({ h: [a!, b!], J: [[0, 1, c!]] });
        const s = [mask & 1 ? 1 : -1, mask & 2 ? 1 : -1];
        expect(Number.isFinite(m.energy(s))).toBe(true);
        const q = m.toQubo();
        expect(Number.isFinite(q.energy(s.map((v) => (v + 1) / 2)))).toBe(true);
        expect(Number.isFinite(q.toIsing().energy(s))).toBe(true);
      }),
    );
  });

  it('a conversion that would leave the scale is refused the same way', () => {
    const m = IsingModel.from({ J: [[0, 1, MAX_ENERGY_SCALE / 2]] });
    expect(() => m.toQubo()).toThrow(/overflow/);
  });
});
