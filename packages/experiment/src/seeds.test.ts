import { describe, expect, it } from 'vitest';
import { parseSeeds } from './seeds.js';

describe('parseSeeds', () => {
  it('reads lists and ranges', () => {
    expect(parseSeeds('0,1,2')).toEqual([0, 1, 2]);
    expect(parseSeeds(' 3 , 1 ')).toEqual([3, 1]);
    expect(parseSeeds('0-3,7')).toEqual([0, 1, 2, 3, 7]);
  });

  it.each([
    ['', /lists no seed/],
    ['0,,1', /empty entry/],
    ['1,-2', /"-2" is not a non-negative integer/],
    ['a', /"a" is not/],
    ['1.5', /"1.5" is not/],
    ['4-2', /"4-2" is not a range/],
    ['0,1,0', /seed 0 is listed twice/],
    ['0-2,2', /seed 2 is listed twice/],
    ['0-999999', /asks for 1000000 seeds/],
  ])('refuses %j with the reason and the fix', (text, why) => {
    expect(() => parseSeeds(text)).toThrow(why);
    expect(() => parseSeeds(text)).toThrow(/--seeds 0,1,2/);
  });
});
