import { ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { cutValue, parseGset } from './gset.js';

// A 4-cycle 1-2-3-4-1 with weights 1, 2, 3, -1 and the chord 1-3 with weight 5. W = 10.
const TEXT = '4 5\n1 2 1\n2 3 2\n3 4 3\n4 1 -1\n1 3 5\n';

describe('parseGset', () => {
  it('reads a graph as J_ij = w_ij, h = 0 with the total weight', () => {
    const g = parseGset(TEXT);
    expect(g.numVertices).toBe(4);
    expect(g.numEdges).toBe(5);
    expect(g.totalWeight).toBe(10);
    expect(Array.from(g.model.linear)).toEqual([0, 0, 0, 0]);
    expect(g.model.interactions()).toEqual([
      { i: 0, j: 1, value: 1 },
      { i: 0, j: 2, value: 5 },
      { i: 0, j: 3, value: -1 },
      { i: 1, j: 2, value: 2 },
      { i: 2, j: 3, value: 3 },
    ]);
  });

  it('relates energy and cut: cut = (W - E) / 2, checked by hand', () => {
    const g = parseGset(TEXT);
    // s = (+1, -1, +1, -1): cut edges 1-2 (1), 2-3 (2), 3-4 (3), 4-1 (-1) -> cut 5; chord 1-3 uncut.
    // E = -1 - 2 - 3 + 1 + 5 = 0; (W - E) / 2 = 5.
    expect(g.model.energy([1, -1, 1, -1])).toBe(0);
    expect(cutValue(g, g.model.energy([1, -1, 1, -1]))).toBe(5);
    // s = (+1, +1, -1, -1): cut 2-3 (2), 4-1 (-1), 1-3 (5) -> 6. E = 1 - 2 + 3 + 1 - 5 = -2.
    expect(g.model.energy([1, 1, -1, -1])).toBe(-2);
    expect(cutValue(g, -2)).toBe(6);
    // All on one side: nothing cut, E = W.
    expect(cutValue(g, g.model.energy([1, 1, 1, 1]))).toBe(0);
  });

  it('rejects self-loops, duplicates (either orientation), out-of-range vertices and bad weights', () => {
    expect(() => parseGset('3 1\n2 2 1\n')).toThrow(/self-loop/);
    expect(() => parseGset('3 2\n1 2 1\n2 1 1\n')).toThrow(/repeats the edge 1-2/);
    expect(() => parseGset('3 1\n1 4 1\n')).toThrow(/vertex 4 is out of range/);
    expect(() => parseGset('3 1\n0 2 1\n')).toThrow(/vertex 0 is out of range/);
    expect(() => parseGset('3 1\n1 2 NaN\n')).toThrow(/weight is NaN/);
    expect(() => parseGset('3 1\n1 2 Infinity\n')).toThrow(ValidationError);
    expect(() => parseGset('3 2\n1 2 1\n')).toThrow(/has 1 edges but its header says 2/);
    expect(() => parseGset('3 1\n1 2 1\n2 3 1\n')).toThrow(/more edges/);
    expect(() => parseGset('')).toThrow(/empty/);
    expect(() => parseGset('x y\n')).toThrow(/header/);
    expect(() => parseGset('3 1\n1 2\n')).toThrow(/fields/);
  });
});
