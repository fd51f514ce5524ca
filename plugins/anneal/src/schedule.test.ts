import { IsingModel } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { betaSchedule, defaultBetaRange, fieldScale } from './schedule.js';

describe('defaultBetaRange (neal)', () => {
  it('matches the formula worked by hand', () => {
    // h = (1, 0, 0), J01 = 2, J12 = -0.5.
    // total |bias| per spin: 3, 2.5, 0.5 -> hot = ln 2 / (2 * 3)
    // smallest non-zero |bias| per spin: 1, 0.5, 0.5 -> m = 0.5 shared by 2 spins -> cold = ln(2 / 0.01) / (2 * 0.5)
    const m = IsingModel.from({ h: [1, 0, 0], J: [[0, 1, 2], [1, 2, -0.5]] });
    const [hot, cold] = defaultBetaRange(m);
    expect(hot).toBeCloseTo(Math.log(2) / 6, 12);
    expect(cold).toBeCloseTo(Math.log(200), 12);
  });

  it('gives neal\'s [0.1, 1] for a problem without biases', () => {
    expect(defaultBetaRange(new IsingModel({ numVariables: 3 }))).toEqual([0.1, 1]);
  });
});

describe('betaSchedule', () => {
  it('is geometric or linear between the ends, inclusive', () => {
    expect(Array.from(betaSchedule([1, 8], 4, 'geometric')).map((b) => +b.toFixed(12))).toEqual([1, 2, 4, 8]);
    expect(Array.from(betaSchedule([1, 4], 4, 'linear'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(betaSchedule([1, 4], 1, 'linear'))).toEqual([4]);
  });
});

describe('fieldScale', () => {
  it('is the median rms field', () => {
    // spins: sqrt(1 + 4) , sqrt(4 + 0.25), sqrt(0.25) -> median sqrt(4.25)
    const m = IsingModel.from({ h: [1, 0, 0], J: [[0, 1, 2], [1, 2, -0.5]] });
    expect(fieldScale(m)).toBeCloseTo(Math.sqrt(4.25), 12);
  });
});
