import { IsingModel, Rng } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { clampModel, makeBlocks } from './blocks.js';

describe('clampModel', () => {
  it('gives the full model energy for every assignment of the block, the rest clamped', () => {
    const rng = Rng.from(4);
    const n = 9;
    const J: Array<[number, number, number]> = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.5) J.push([i, j, rng.float() * 2 - 1]);
    const model = IsingModel.from({ h: Array.from({ length: n }, () => rng.float() - 0.5), J, offset: 1.25 });
    const state = Int8Array.from({ length: n }, () => (rng.float() < 0.5 ? 1 : -1));
    const block = [7, 2, 5, 0];
    const sub = clampModel(model, block, state);
    expect(sub.numVariables).toBe(4);
    for (let k = 0; k < 16; k++) {
      const x = Int8Array.from(block, (_, a) => ((k >> a) & 1 ? 1 : -1));
      const full = state.slice();
      block.forEach((v, a) => {
        full[v] = x[a]!;
      });
      expect(sub.energy(x)).toBeCloseTo(model.energy(full), 12);
    }
  });
});

describe('makeBlocks', () => {
  it('cuts consecutive blocks of blockSize, the last one shorter', () => {
    expect(makeBlocks(7, 3, undefined)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('checks that explicit blocks partition the variables', () => {
    expect(makeBlocks(4, undefined, [[3, 1], [0, 2]])).toEqual([[3, 1], [0, 2]]);
    expect(() => makeBlocks(4, undefined, [[0, 1], [1, 2, 3]])).toThrow(/variable 1 is in two blocks/);
    expect(() => makeBlocks(4, undefined, [[0, 1], [2]])).toThrow(/variable 3 is in no block/);
    expect(() => makeBlocks(4, undefined, [[0, 1], [2, 3, 4]])).toThrow(/names variable 4/);
  });
});
