import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IsingModel } from './ising.js';
import { QuboModel } from './qubo.js';
import { ValidationError } from '../errors.js';

describe('IsingModel', () => {
  // h = [1, -2, 0.5], J01 = 1.5, J12 = -1, offset 0.25
  const m = IsingModel.from({ h: [1, -2, 0.5], J: [[0, 1, 1.5], [2, 1, -1]], offset: 0.25 });

  it('evaluates energies by hand', () => {
    // s = (+1, +1, +1): 0.25 + 1 - 2 + 0.5 + 1.5 - 1 = 0.25
    expect(m.energy([1, 1, 1])).toBeCloseTo(0.25, 12);
    // s = (-1, +1, -1): 0.25 - 1 - 2 - 0.5 - 1.5 + 1 = -3.75
    expect(m.energy([-1, 1, -1])).toBeCloseTo(-3.75, 12);
    const e = m.energies(Int8Array.from([1, 1, 1, -1, 1, -1]), 2);
    expect(Array.from(e)).toEqual([0.25, -3.75]);
  });

  it('merges duplicate interactions and stores i < j', () => {
    const d = IsingModel.from({ J: [[1, 0, 1], [0, 1, 2]] });
    expect(d.numInteractions).toBe(1);
    expect([d.heads[0], d.tails[0], d.values[0]]).toEqual([0, 1, 3]);
  });

  it('builds a symmetric CSR adjacency', () => {
    const csr = m.adjacency();
    expect(Array.from(csr.offsets)).toEqual([0, 1, 3, 4]);
    expect(Array.from(csr.neighbors)).toEqual([1, 0, 2, 1]);
    expect(Array.from(csr.weights)).toEqual([1.5, 1.5, -1, -1]);
  });

  it('rejects NaN biases, self-loops, bad samples', () => {
    expect(() => IsingModel.from({ h: [Number.NaN] })).toThrow(/linear bias of variable 0 is NaN/);
    expect(() => IsingModel.from({ J: [[1, 1, 1]] })).toThrow(/couples variable 1 with itself/);
    expect(() => IsingModel.from({ J: [[0, 1, Infinity]] })).toThrow(ValidationError);
    expect(() => m.energy([1, 0, 1])).toThrow(/variable 1 is 0/);
    expect(() => m.energy([1, 1])).toThrow(/has 2 values/);
  });

  it('converts to QUBO and back with matching energies (hand-checked case)', () => {
    const q = m.toQubo();
    // x = (1, 1, 1) <-> s = (1, 1, 1)
    expect(q.energy([1, 1, 1])).toBeCloseTo(0.25, 12);
    expect(q.energy([0, 1, 0])).toBeCloseTo(-3.75, 12);
    // Q01 = 4 * 1.5 = 6, Q12 = -4, Q00 = 2*1 - 2*1.5 = -1
    expect(Array.from(q.values)).toEqual([6, -4]);
    expect(q.linear[0]).toBeCloseTo(-1, 12);
    const back = q.toIsing();
    expect(Array.from(back.h)).toEqual(Array.from(m.h));
    expect(Array.from(back.values)).toEqual(Array.from(m.values));
    expect(back.offset).toBeCloseTo(m.offset, 12);
  });

  it('QUBO -> Ising keeps every energy (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.double({ min: -5, max: 5, noNaN: true })), { maxLength: 12 }),
        fc.nat(63),
        (n, raw, mask) => {
          const entries = raw.filter(([i, j]) => i < n && j < n);
          const q = QuboModel.fromEntries(entries, 0.5, n);
          const ising = q.toIsing();
          const x = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
          const s = x.map((v) => 2 * v - 1);
          expect(ising.energy(s)).toBeCloseTo(q.energy(x), 9);
        },
      ),
    );
  });
});
