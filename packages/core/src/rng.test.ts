import { describe, expect, it } from 'vitest';
import { Rng, seedToUint32 } from './rng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = Rng.from(42);
    const b = Rng.from(42);
    const c = Rng.from(43);
    const xa = Array.from({ length: 5 }, () => a.float());
    expect(Array.from({ length: 5 }, () => b.float())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.float())).not.toEqual(xa);
  });

  it('has uniform floats and standard normals (moments)', () => {
    const r = Rng.from(1);
    let s = 0;
    let s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
    const u = Array.from({ length: n }, () => r.float());
    expect(Math.abs(u.reduce((x, y) => x + y, 0) / n - 0.5)).toBeLessThan(0.01);
  });

  it('splits into independent reproducible streams', () => {
    const [a1, a2] = Rng.from(7).split(2);
    const [b1] = Rng.from(7).split(2);
    expect(a1!.uint32()).toBe(b1!.uint32());
    expect(a1!.float()).not.toBe(a2!.float());
  });

  it('permutes and hashes seeds', () => {
    expect([...Rng.from(3).permutation(10)].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seedToUint32('abc')).toBe(seedToUint32('abc'));
    expect(() => seedToUint32(1.5)).toThrow(/not a safe integer/);
  });
});
