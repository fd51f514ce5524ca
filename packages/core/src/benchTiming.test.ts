import { describe, expect, it } from 'vitest';
import { median, timeInterleaved, timeInterleavedAsync } from './benchTiming.js';

describe('bench timing helpers', () => {
  it('median: odd, even, unsorted, empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('timeInterleaved runs every step warm + reps times, in turn, and returns one time per step', () => {
    const calls: string[] = [];
    const t = timeInterleaved([() => calls.push('a'), () => calls.push('b')], 2, 3);
    expect(calls.join('')).toBe('ababababab');
    expect(t).toHaveLength(2);
    for (const v of t) expect(v >= 0 && Number.isFinite(v)).toBe(true);
  });

  it('timeInterleavedAsync awaits each step before the next, warm + reps times', async () => {
    const calls: string[] = [];
    const step = (name: string) => async (): Promise<void> => {
      calls.push(`${name}<`);
      await new Promise((r) => setTimeout(r, 1));
      calls.push(`${name}>`);
    };
    const t = await timeInterleavedAsync([step('a'), step('b')], 1, 2);
    expect(calls.join('')).toBe('a<a>b<b>'.repeat(3));
    expect(t).toHaveLength(2);
    for (const v of t) expect(v).toBeGreaterThanOrEqual(0.5);
  });
});
