import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from './progress.js';

describe('ProgressDisplay', () => {
  it('shows cell, epoch, samples/s and an ETA from the throughput so far', () => {
    const lines: string[] = [];
    let clock = 100;
    const p = new ProgressDisplay({ write: (t) => lines.push(t), isTTY: false }, 10_000, { now: () => clock });
    p.skip(2_000); // a finished cell found on disk
    // 1,000 samples in 2 s: 500 samples/s; 7,000 samples left -> 14 s.
    p.epoch({ index: 2, total: 5, name: 'mnist baseline seed 0' }, 1, 8, 1_000, 2, 480);
    expect(lines.at(-1)).toBe('cell 2/5 mnist baseline seed 0 | epoch 1/8 | 480 samples/s | ETA 0:14\n');
    clock += 3; // the epoch took 0.5 s of training but 3 s of wall time (validation, evaluation)
    p.epoch({ index: 2, total: 5, name: 'mnist baseline seed 0' }, 2, 8, 1_000, 0.5, undefined);
    // 2,000 samples in 5 s: 400/s; 6,000 left -> 15 s.
    expect(lines.at(-1)).toBe('cell 2/5 mnist baseline seed 0 | epoch 2/8 | 2000 samples/s | ETA 0:15\n');
    clock += 600; // a teacher was trained in between: only the epoch's own second counts
    p.epoch({ index: 3, total: 5, name: 'mnist kd seed 0' }, 1, 8, 1_000, 1, 1_000);
    // 3,000 samples in 6 s: 500/s; 5,000 left -> 10 s.
    expect(lines.at(-1)).toBe('cell 3/5 mnist kd seed 0 | epoch 1/8 | 1000 samples/s | ETA 0:10\n');
  });

  it('rewrites one line on a terminal and clears it before notes', () => {
    let screen = '';
    const p = new ProgressDisplay({ write: (t) => (screen += t), isTTY: true }, 100);
    p.epoch({ index: 1, total: 1, name: 'x' }, 1, 1, 50, 1, 50);
    p.note('done');
    expect(screen.startsWith('\rcell 1/1 x')).toBe(true);
    expect(screen.endsWith('\rdone\n')).toBe(true);
  });
});
